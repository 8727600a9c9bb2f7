"""What the deadlines show on the case page (``alur.common.slots``): the link to change a
visit's due, for its lane's head or a planner of a scheduled step, the requester's time limit
on their open step, and the case's due changes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template import Context
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from alur.cases.models import Task
from alur.cases.selectors import CasePage, Visit
from alur.common.formatting import day_text
from alur.deadlines import selectors
from alur.deadlines.requester import requester_deadline
from alur.offices.calendar import calendar_for
from alur.offices.models import User


def change_link(context: Context, values: Mapping[str, Any]) -> str:
    """ "Ubah tenggat" under an open visit's due, for who may change it."""
    page: CasePage = context["page"]
    visit: Visit = values["visit"]
    task = visit.task
    user = getattr(context.get("request"), "user", None)
    if not isinstance(user, User) or task.status != Task.Status.OPEN or task.due is None:
        return ""
    if not selectors.may_change_due(user, page.case, page.definition, task, page.today):
        return ""
    if selectors.extensions_used_up(page.definition, task):
        return ""
    return format_html(
        '<div><a class="small" data-extend="{}" href="{}">{}</a></div>',
        task.step,
        reverse("due_extend", args=[page.case.pk, task.pk]),
        _("Ubah tenggat"),
    )


def requester_limit(context: Context, values: Mapping[str, Any]) -> str:
    """ "Lengkapi paling lambat Senin, 21 Desember 2026" under an open visit of a requester's
    step with a time limit (``batas_pemohon``)."""
    page: CasePage = context["page"]
    task: Task = values["visit"].task
    if task.status != Task.Status.OPEN:
        return ""
    same = task.sop_version_id == page.case.sop_version_id
    definition = page.definition if same else None
    deadline = requester_deadline(calendar_for(page.case.office), task, definition)
    if deadline is None:
        return ""
    return format_html(
        '<div class="small" data-requester-limit="{}">{}</div>',
        deadline.last_day.isoformat(),
        _("Lengkapi paling lambat %(day)s") % {"day": day_text(deadline.last_day)},
    )


def service_link(context: Context, values: Mapping[str, Any]) -> str:
    """ "Perpanjang" beside a running case's service deadline, for who may extend it."""
    page: CasePage = context["page"]
    case = page.case
    user = getattr(context.get("request"), "user", None)
    if not isinstance(user, User) or case.status != case.Status.RUNNING:
        return ""
    if case.service_due is None:
        return ""
    if not selectors.may_extend_service(user, case, page.definition, page.today):
        return ""
    if selectors.service_extensions_used_up(page.definition, case):
        return ""
    return format_html(
        ' <a class="small" id="perpanjang-layanan" href="{}">{}</a>',
        reverse("service_extend", args=[case.pk]),
        _("Perpanjang"),
    )


def due_changes(context: Context, values: Mapping[str, Any]) -> str:
    """The table of the case's due changes, when there are any."""
    page: CasePage = context["page"]
    changes = list(selectors.due_changes(page.case))
    if not changes:
        return ""
    return render_to_string(
        "deadlines/due_changes.html",
        {"changes": changes, "zone": page.case.office.zone},
        request=context.get("request"),
    )
