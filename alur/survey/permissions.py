"""Who may see an office's survey report and keep its follow-up plan: the same people as its
performance report (``alur.reports.permissions``), its heads, on its own data only."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils import timezone

from alur.offices.models import Office, User
from alur.reports.permissions import can_see_reports


class NotAHead(Exception):
    """The person is of the office but not one of its heads."""


def survey_office(user: User, code: str) -> Office | None:
    """The office ``code`` if it is ``user``'s own (``None``: another office's report does not
    exist for them); ``NotAHead`` for a person of the office who is not one of its heads."""
    office = Office.objects.filter(code=code, pk=user.office_id or 0).first()
    if office is None:
        return None
    today = timezone.localtime(timezone.now(), timezone=ZoneInfo(office.zone)).date()
    if not can_see_reports(user, office, today):
        raise NotAHead
    return office
