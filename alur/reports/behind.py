"""The cases behind a figure of the report: the visits of one SOP finished in the period (the
office-local days the rollups count them on) that match the figure's filters, grouped by case.

Read from the visits themselves (``status, done_at`` index), one page at a time: a grouped query
for the page's cases and one for their rows, however many cases match.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from alur.cases.models import Case, Task
from alur.catalog.models import Sop
from alur.offices.models import Office
from alur.reports.period import Period, PeriodForm
from alur.sop import Sop as SopDefinition

CASES_PER_PAGE = 50


class BehindForm(PeriodForm):
    """The period and SOP, and which of its visits: a step, late ones, ones with a due, one
    answer, a lane's, a requesting OPD's."""

    langkah = forms.IntegerField(required=False, min_value=1)
    terlambat = forms.BooleanField(required=False)
    bertenggat = forms.BooleanField(required=False)
    keputusan = forms.ChoiceField(
        required=False, choices=[("", ""), ("ya", "ya"), ("tidak", "tidak")]
    )
    lajur = forms.SlugField(required=False, max_length=64)
    opd = forms.IntegerField(required=False, min_value=1)

    def described(self, definitions: Sequence[SopDefinition]) -> list[tuple[str, str]]:
        """What the filters ask, for the page's heading (call after ``is_valid``)."""
        data = self.cleaned_data
        said: list[tuple[str, str]] = []
        if data.get("langkah"):
            said.append((_("Langkah"), str(data["langkah"])))
        if data.get("terlambat"):
            said.append((_("Ketepatan"), _("terlambat")))
        elif data.get("bertenggat"):
            said.append((_("Ketepatan"), _("bertenggat")))
        if data.get("keputusan"):
            said.append((_("Keputusan"), data["keputusan"]))
        if data.get("lajur"):
            names = {d.lanes[data["lajur"]].nama for d in definitions if data["lajur"] in d.lanes}
            said.append((_("Pelaksana"), ", ".join(sorted(names)) or data["lajur"]))
        return said


def visits_behind(
    office: Office,
    period: Period,
    sops: Sequence[tuple[Sop, SopDefinition]],
    filters: Mapping[str, Any],
) -> QuerySet[Task]:
    """The visits of the cases of ``sops`` finished in ``period`` that ``filters`` (the form's
    cleaned data) ask for: exactly those the figure's rollup rows count."""
    visits = Task.objects.filter(
        case__office=office,
        case__sop_version__sop__in=[sop for sop, _definition in sops],
        status=Task.Status.DONE,
        done_at__gte=period.starts,
        done_at__lt=period.ends,
    )
    if filters.get("langkah"):
        visits = visits.filter(step=filters["langkah"])
    if filters.get("terlambat"):
        visits = visits.filter(due_at__isnull=False, done_at__gt=F("due_at"))
    elif filters.get("bertenggat"):
        visits = visits.filter(due_at__isnull=False)
    if filters.get("keputusan"):
        visits = visits.filter(decision=filters["keputusan"])
    if lane := filters.get("lajur"):
        # A lane's steps, as the report sums them: each SOP's steps in that lane.
        in_lane = Q(pk__in=[])
        for sop, definition in sops:
            steps = [step.no for step in definition.langkah if lane in step.lanes]
            in_lane |= Q(case__sop_version__sop=sop, step__in=steps)
        visits = visits.filter(in_lane)
    if filters.get("opd"):
        visits = visits.filter(case__requester_unit_id=filters["opd"])
    return visits


@dataclass(frozen=True)
class CaseBehind:
    case: Case
    visits: int
    waiting: int
    minutes: int

    @property
    def working(self) -> int:
        return self.minutes - self.waiting


def cases_behind(
    visits: QuerySet[Task], page: str | None
) -> tuple[Page[dict[str, int]], list[CaseBehind]]:
    """One page of the cases of ``visits``, the most waiting first: each with its matching
    visits, their waiting and working minutes."""
    grouped = (
        visits.values("case")
        .annotate(
            n=Count("id"),
            waiting=Sum("waiting_minutes", default=0),
            minutes=Sum("working_minutes", default=0),
        )
        .order_by("-waiting", "-minutes", "case")
    )
    chosen = Paginator(grouped, CASES_PER_PAGE).get_page(page)
    rows = list(chosen.object_list)
    cases = Case.objects.select_related("requester_unit").in_bulk([row["case"] for row in rows])
    listed = [
        CaseBehind(cases[row["case"]], int(row["n"]), int(row["waiting"]), int(row["minutes"]))
        for row in rows
    ]
    return chosen, listed


def totals(visits: QuerySet[Task]) -> dict[str, int]:
    """The matching visits, cases, waiting and working minutes, in one query."""
    sums = visits.aggregate(
        visits=Count("id"),
        cases=Count("case", distinct=True),
        waiting=Sum("waiting_minutes", default=0),
        minutes=Sum("working_minutes", default=0),
        late=Count("id", filter=Q(due_at__isnull=False, done_at__gt=F("due_at"))),
    )
    return {name: int(value or 0) for name, value in sums.items()}
