"""The performance report a request asks for, the same for the page, its exports and the JSON
API: the office (the person's own, and only for its heads: ``permissions.can_see_reports``),
and the report of the period and SOP the query names (``period.PeriodForm``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from alur.offices.models import Office, User
from alur.reports import selectors
from alur.reports.period import PeriodForm
from alur.reports.permissions import can_see_reports


class NotAHead(Exception):
    """The person is of the office but not one of its heads."""


def office_today(office: Office) -> dt.date:
    return timezone.localtime(timezone.now(), timezone=ZoneInfo(office.zone)).date()


def report_office(user: User, code: str) -> Office | None:
    """The office ``code`` if it is ``user``'s own (``None``: for anyone else another office's
    report does not exist); ``NotAHead`` for a person of the office who is not one of its
    heads."""
    office = Office.objects.filter(code=code, pk=user.office_id or 0).first()
    if office is None:
        return None
    if not can_see_reports(user, office, office_today(office)):
        raise NotAHead
    return office


def report_asked(
    office: Office, query: Mapping[str, object]
) -> tuple[PeriodForm, selectors.Dashboard | None]:
    """The period form read from ``query`` (``dari``, ``sampai``, ``sop``) and the report it
    asks for; no report when the form has mistakes, each beside its field."""
    form = PeriodForm(query)
    if not form.is_valid():
        return form, None
    sop = form.cleaned_data["sop"]
    if sop and sop not in {s.code for s, _version in selectors.office_sops(office)}:
        form.add_error("sop", _("SOP '%(code)s' tidak dijalankan kantor ini.") % {"code": sop})
        return form, None
    period = form.period(office_today(office), office.zone)
    return form, selectors.dashboard(office, period, sop_code=sop)
