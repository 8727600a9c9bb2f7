"""What the case page adds for the request's own side: where the request stands
(``progress``), and for the person who filed it, withdrawing it and writing to the office."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from alur.cases import permissions
from alur.cases.models import Case, RequesterKind, Task
from alur.cases.progress import progress_of
from alur.cases.requesting import COMMENT_LIMIT, REASON_LIMIT
from alur.cases.selectors import CasePage
from alur.offices.models import User


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penarikan"),
        max_length=REASON_LIMIT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "aria-required": "true"}),
        error_messages={"required": _("Alasan penarikan wajib diisi.")},
        help_text=_("Disampaikan kepada petugas dan dicatat dalam riwayat permohonan."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Komentar untuk petugas"),
        max_length=COMMENT_LIMIT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "aria-required": "true"}),
        error_messages={"required": _("Komentar wajib diisi.")},
    )


def on_requester_side(user: User, case: Case) -> bool:
    """Whether ``user`` sees ``case`` as its requester does: the person who filed it, or
    anyone of the requesting OPD of an OPD's request."""
    if case.requester_kind not in (RequesterKind.OPD, RequesterKind.ASN):
        return False
    if permissions.is_requester(user, case):
        return True
    return (
        case.requester_kind == RequesterKind.OPD
        and user.is_agency_person
        and permissions.can_view(user, case)
        and user.unit_id == case.requester_unit_id
    )


def requester_context(
    user: User,
    page: CasePage,
    *,
    now: dt.datetime,
    withdraw_form: WithdrawForm | None = None,
    comment_form: CommentForm | None = None,
) -> dict[str, object]:
    """The context the case page's requester parts read; empty for anyone else."""
    case = page.case
    if not on_requester_side(user, case):
        return {}
    open_tasks = [v.task for v in page.visits if v.task.status == Task.Status.OPEN]
    acts = permissions.is_requester(user, case) and case.status == Case.Status.RUNNING
    return {
        "progress": progress_of(case, now=now, open_tasks=open_tasks),
        "withdraw_form": (withdraw_form or WithdrawForm()) if acts else None,
        "comment_form": (comment_form or CommentForm()) if acts else None,
    }
