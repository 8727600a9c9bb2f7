"""The numbers of the performance report, aggregated in the database.

Each function runs a fixed number of grouped queries, whatever the number of cases: counts with
``COUNT(...) FILTER``-style conditional aggregates, sums of the stored working time of each
finished visit (``Task.working_minutes``), and the percentiles of ``_percentiles``. Python only
puts the grouped rows beside the SOP's definition (one row per step, lane or person).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from alur.cases.models import Case, Task
from alur.catalog.models import Sop, SopVersion
from alur.catalog.services import definition_of
from alur.offices.calendar import calendar_for
from alur.offices.models import Office, User
from alur.reports._percentiles import StepTimes, StepVisits, step_visits
from alur.reports.period import Period
from alur.sop import Duration, Step, Unit
from alur.sop import Sop as SopDefinition


@dataclass(frozen=True)
class CaseCounts:
    opened: int = 0
    closed: int = 0
    finished: int = 0
    returned: int = 0
    stopped: int = 0
    open: int = 0


@dataclass(frozen=True)
class StepRow:
    step: int
    description: str
    lanes: str
    target_text: str
    target_minutes: int | None
    finished: int = 0
    times: StepTimes | None = None
    with_target: int = 0
    on_time: int = 0
    revisits: int = 0
    declined: int = 0
    working_minutes: int = 0
    open_now: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.with_target if self.with_target else None


@dataclass(frozen=True)
class SopReport:
    code: str
    name: str
    counts: CaseCounts
    steps: list[StepRow]

    @property
    def revisits(self) -> int:
        return sum(row.revisits for row in self.steps)

    @property
    def slowest(self) -> StepRow | None:
        """The step that holds cases longest: the highest median working time."""
        timed = [row for row in self.steps if row.times is not None]
        if not timed:
            return None
        return max(
            timed, key=lambda row: (row.times.median, row.times.p90) if row.times else (0, 0)
        )


@dataclass(frozen=True)
class WorkRow:
    name: str
    finished: int
    working_minutes: int
    on_time: int
    with_target: int
    open_now: int = 0

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.with_target if self.with_target else None


@dataclass(frozen=True)
class AgencyRow:
    name: str
    counts: CaseCounts


@dataclass(frozen=True)
class MonthRow:
    month: dt.date
    opened: int
    closed: int


@dataclass(frozen=True)
class Dashboard:
    office: Office
    period: Period
    minutes_per_day: int
    counts: CaseCounts
    sops: list[SopReport]
    lanes: list[WorkRow]
    people: list[WorkRow]
    agencies: list[AgencyRow]
    months: list[MonthRow]
    choices: list[tuple[str, str]] = field(default_factory=list)
    chosen: str = ""

    @property
    def revisits(self) -> int:
        """Loops taken: visits of a step after its first, over every SOP shown."""
        return sum(report.revisits for report in self.sops)


def target_minutes(duration: Duration, minutes_per_day: int) -> int | None:
    """The allowed time in office minutes, for units that count office time."""
    if duration.unit in (Unit.MINUTES, Unit.HOURS):
        return duration.office_minutes
    if duration.unit is Unit.WORKING_DAYS:
        return duration.amount * minutes_per_day
    return None


def _case_counts(cases: QuerySet[Case], period: Period, key: str) -> dict[Any, CaseCounts]:
    in_period = Q(opened_at__gte=period.starts, opened_at__lt=period.ends)
    closed = Q(closed_at__gte=period.starts, closed_at__lt=period.ends)
    still_open = Q(opened_at__lt=period.ends) & (
        Q(closed_at__isnull=True) | Q(closed_at__gte=period.ends)
    )
    rows = (
        # Only the cases the period can count: opened before its end and not closed before its
        # start (an office's long history of closed cases stays out, by the closed_at index).
        cases.filter(
            Q(opened_at__lt=period.ends)
            & (Q(closed_at__isnull=True) | Q(closed_at__gte=period.starts))
        )
        .values(key)
        .annotate(
            opened=Count("id", filter=in_period),
            closed=Count("id", filter=closed),
            finished=Count("id", filter=closed & Q(status=Case.Status.FINISHED)),
            returned=Count("id", filter=closed & Q(status=Case.Status.RETURNED)),
            stopped=Count("id", filter=closed & Q(status=Case.Status.STOPPED)),
            open=Count("id", filter=still_open),
        )
        .order_by()
    )
    return {
        row[key]: CaseCounts(
            row["opened"],
            row["closed"],
            row["finished"],
            row["returned"],
            row["stopped"],
            row["open"],
        )
        for row in rows
    }


def _total(counts: list[CaseCounts]) -> CaseCounts:
    return CaseCounts(
        *(sum(getattr(c, name) for c in counts) for name in CaseCounts.__dataclass_fields__)
    )


def office_sops(office: Office) -> list[tuple[Sop, SopVersion]]:
    """The office's SOPs with their newest published version, by name."""
    versions = (
        SopVersion.objects.filter(sop__office=office, status=SopVersion.Status.PUBLISHED)
        .select_related("sop")
        .order_by("sop__name", "-number")
    )
    chosen: dict[int, SopVersion] = {}
    for version in versions:
        chosen.setdefault(version.sop_id, version)
    return [(version.sop, version) for version in chosen.values()]


def dashboard(office: Office, period: Period, *, sop_code: str = "") -> Dashboard:
    calendar = calendar_for(office)
    per_day = calendar.minutes_per_day
    all_sops = office_sops(office)
    sops = [(sop, version) for sop, version in all_sops if not sop_code or sop.code == sop_code]
    # Every case of the office, or of the one SOP chosen (a filter through the SOP versions
    # only when needed: it misleads PostgreSQL's planner into walking every case).
    cases = Case.objects.filter(office=office)
    tasks = Task.objects.filter(case__office=office)
    if sop_code:
        cases = cases.filter(sop_version__sop__code=sop_code)
        tasks = tasks.filter(case__sop_version__sop__code=sop_code)
    finished = tasks.filter(
        status=Task.Status.DONE,
        done_at__gte=period.starts,
        done_at__lt=period.ends,
    )
    per_sop = _case_counts(cases, period, "sop_version__sop_id")
    visits = step_visits(
        office_id=office.pk,
        starts=period.starts,
        ends=period.ends,
        sop_id=sops[0][0].pk if sop_code and sops else None,
    )
    open_now = {
        (row["case__sop_version__sop_id"], row["step"]): row["n"]
        for row in tasks.filter(status=Task.Status.OPEN)
        .values("case__sop_version__sop_id", "step")
        .annotate(n=Count("id"))
        .order_by()
    }
    reports: list[SopReport] = []
    lanes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sop, version in sops:
        definition = definition_of(version)
        rows = []
        for step in definition.langkah:
            row = _step_row(
                step,
                definition,
                per_day,
                visits.get((sop.pk, step.no)),
                open_now.get((sop.pk, step.no), 0),
            )
            rows.append(row)
            for lane in step.lanes:
                work = lanes[definition.lanes[lane].nama]
                for name in ("finished", "working_minutes", "on_time", "with_target", "open_now"):
                    work[name] += getattr(row, name)
        reports.append(SopReport(sop.code, sop.name, per_sop.get(sop.pk, CaseCounts()), rows))
    return Dashboard(
        office=office,
        period=period,
        minutes_per_day=per_day,
        counts=_total([report.counts for report in reports]),
        sops=reports,
        lanes=sorted(
            (WorkRow(name=name, **values) for name, values in lanes.items()),
            key=lambda row: (-row.finished, row.name),
        ),
        people=_people(finished),
        agencies=_agencies(office, cases, period),
        months=_months(cases, period),
        choices=[(sop.code, sop.name) for sop, _ in all_sops],
        chosen=sop_code,
    )


def _step_row(
    step: Step, definition: SopDefinition, per_day: int, visits: StepVisits | None, open_now: int
) -> StepRow:
    row = StepRow(
        step=step.no,
        description=step.uraian,
        lanes=", ".join(definition.lanes[lane].nama for lane in step.lanes),
        target_text=step.waktu or "—",
        target_minutes=target_minutes(step.duration, per_day),
        open_now=open_now,
    )
    if visits is None:
        return row
    return dataclasses.replace(
        row,
        finished=visits.times.finished,
        times=visits.times,
        with_target=visits.with_target,
        on_time=visits.on_time,
        revisits=visits.revisits,
        declined=visits.declined,
        working_minutes=visits.minutes,
    )


def _visit_aggregates() -> dict[str, Count | Sum]:
    return {
        "finished": Count("id"),
        "with_target": Count("id", filter=Q(due_at__isnull=False)),
        "on_time": Count("id", filter=Q(done_at__lte=F("due_at"))),
        "minutes": Sum("working_minutes"),
    }


def _people(finished: QuerySet[Task]) -> list[WorkRow]:
    rows = (
        finished.values("done_by").annotate(**_visit_aggregates()).order_by("-finished", "done_by")
    )
    names = {
        user.pk: str(user)
        for user in User.objects.filter(pk__in=[row["done_by"] for row in rows if row["done_by"]])
    }
    return [
        WorkRow(
            name=names.get(row["done_by"], "—"),
            finished=row["finished"],
            working_minutes=row["minutes"] or 0,
            on_time=row["on_time"],
            with_target=row["with_target"],
        )
        for row in rows
    ]


def _agencies(office: Office, cases: QuerySet[Case], period: Period) -> list[AgencyRow]:
    counts = _case_counts(cases, period, "requester_unit_id")
    names = dict(office.units.filter(pk__in=list(counts)).values_list("pk", "name"))
    rows = [
        AgencyRow(names.get(pk, "—"), c)
        for pk, c in counts.items()
        if c.opened or c.closed or c.open
    ]
    return sorted(rows, key=lambda row: (-row.counts.opened, row.name))


def _months(cases: QuerySet[Case], period: Period) -> list[MonthRow]:
    zone = ZoneInfo(period.zone)
    opened = _per_month(cases, "opened_at", period, zone)
    closed = _per_month(cases, "closed_at", period, zone)
    months = []
    month = period.first.replace(day=1)
    while month <= period.last:
        months.append(MonthRow(month, opened.get(month, 0), closed.get(month, 0)))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _per_month(
    cases: QuerySet[Case], column: str, period: Period, zone: dt.tzinfo
) -> dict[dt.date, int]:
    rows = (
        cases.filter(**{f"{column}__gte": period.starts, f"{column}__lt": period.ends})
        .annotate(month=TruncMonth(column, tzinfo=zone))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {_as_date(row["month"]): row["n"] for row in rows}


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
