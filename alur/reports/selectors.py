"""The numbers of the performance report, read from the daily rollups (``models``).

Each function runs a fixed number of grouped queries over the rollups of the period's days (a
few rows per SOP, step, person or OPD and day, however many cases), plus indexed counts of what
is open now (cases by status, visits by status). The median and 90th percentile come from the
histogram of ``_histogram`` and are approximate (within half a log bucket). Python only puts the
grouped rows beside the SOP's definition (one row per step, lane or person).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from alur.cases.models import Case, Task
from alur.catalog.models import Sop, SopVersion, in_force_on
from alur.catalog.services import definition_of, office_today
from alur.deadlines.models import Alert
from alur.offices.calendar import calendar_for
from alur.offices.models import Office, User
from alur.reports._histogram import StepTimes, StepVisits, step_visits
from alur.reports.models import CaseDay, PersonDay
from alur.reports.period import Period
from alur.reports.spent import TimeSpent, time_spent
from alur.sop import Duration, Step, Unit
from alur.sop import Sop as SopDefinition


@dataclass(frozen=True)
class CaseCounts:
    opened: int = 0
    closed: int = 0
    finished: int = 0
    returned: int = 0
    stopped: int = 0
    refused: int = 0
    lapsed: int = 0
    withdrawn: int = 0
    open: int = 0
    service_met: int = 0
    """Closed by the service deadline (the SOP's ``batas_waktu``, as extended)."""
    service_missed: int = 0
    """Closed after it."""

    @property
    def with_service_deadline(self) -> int:
        return self.service_met + self.service_missed


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
    returned: int = 0
    working_minutes: int = 0
    waiting_minutes: int = 0
    """Of ``working_minutes``, the minutes the visits lay open untouched."""
    open_now: int = 0
    escalations: int = 0
    """Late visits escalated in the period."""
    escalations_to_admins: int = 0
    """Of them, sent to the office's administrators because the lanes have no head."""

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.with_target if self.with_target else None


@dataclass(frozen=True)
class SopReport:
    code: str
    name: str
    counts: CaseCounts
    steps: list[StepRow]
    service_escalations_to_admins: int = 0
    """Service-deadline escalations sent to the administrators: no open step's lane had a head
    and the SOP has no owner to tell."""

    @property
    def revisits(self) -> int:
        return sum(row.revisits for row in self.steps)

    @property
    def headless_steps(self) -> list[StepRow]:
        """The steps whose escalations went to the administrators for want of a head."""
        return [row for row in self.steps if row.escalations_to_admins]

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
    spent: list[TimeSpent] = field(default_factory=list)
    """Where the time goes, per SOP (``spent``)."""

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


_CLOSED = ("finished", "returned", "stopped", "refused", "lapsed", "withdrawn")
"""The ``CaseDay`` columns of the cases closed, one per way a case ends."""


def _case_counts(
    office: Office, period: Period, key: str, sop_id: int | None
) -> dict[Any, CaseCounts]:
    """Per ``key`` (``sop_id`` or ``unit_id``): opened and closed on the period's days, and open
    at its end: the cases running now, less those opened after the period, plus those closed
    after it (the rollups of the days after it, none for a period ending today)."""
    rows = CaseDay.objects.filter(office=office)
    running = Case.objects.filter(office=office, status=Case.Status.RUNNING)
    if sop_id is not None:
        rows = rows.filter(sop_id=sop_id)
        running = running.filter(sop_version__sop_id=sop_id)
    sums = {name: Sum(name) for name in ("opened", *_CLOSED, "service_met", "service_missed")}
    during = {
        row[key]: row
        for row in rows.filter(day__gte=period.first, day__lte=period.last)
        .values(key)
        .annotate(**sums)
        .order_by()
    }
    after = {
        row[key]: row
        for row in rows.filter(day__gt=period.last).values(key).annotate(**sums).order_by()
    }
    column = {"sop_id": "sop_version__sop_id", "unit_id": "requester_unit_id"}[key]
    now = {
        row[column]: row["n"] for row in running.values(column).annotate(n=Count("id")).order_by()
    }
    counts = {}
    for pk in {*during, *after, *now}:
        seen = during.get(pk, {})
        later = after.get(pk, {})
        closed = [int(seen.get(name) or 0) for name in _CLOSED]
        closed_later = sum(int(later.get(name) or 0) for name in _CLOSED)
        counts[pk] = CaseCounts(
            opened=int(seen.get("opened") or 0),
            closed=sum(closed),
            finished=closed[0],
            returned=closed[1],
            stopped=closed[2],
            refused=closed[3],
            lapsed=closed[4],
            withdrawn=closed[5],
            open=now.get(pk, 0) - int(later.get("opened") or 0) + closed_later,
            service_met=int(seen.get("service_met") or 0),
            service_missed=int(seen.get("service_missed") or 0),
        )
    return counts


def _total(counts: list[CaseCounts]) -> CaseCounts:
    return CaseCounts(
        *(sum(getattr(c, name) for c in counts) for name in CaseCounts.__dataclass_fields__)
    )


def office_sops(office: Office) -> list[tuple[Sop, SopVersion]]:
    """The office's SOPs with their newest published version, by name."""
    versions = (
        SopVersion.objects.filter(in_force_on(office_today(office)), sop__office=office)
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
    # The one SOP chosen; an unknown code shows nothing (an id no SOP has).
    sop_id = (sops[0][0].pk if sops else 0) if sop_code else None
    # Visits open now are few: counted live, by the status index.
    tasks = Task.objects.filter(case__office=office)
    if sop_id is not None:
        tasks = tasks.filter(case__sop_version__sop_id=sop_id)
    per_sop = _case_counts(office, period, "sop_id", sop_id)
    visits = step_visits(office_id=office.pk, first=period.first, last=period.last, sop_id=sop_id)
    open_now = {
        (row["case__sop_version__sop_id"], row["step"]): row["n"]
        for row in tasks.filter(status=Task.Status.OPEN)
        .values("case__sop_version__sop_id", "step")
        .annotate(n=Count("id"))
        .order_by()
    }
    escalated, service_to_admins = _escalations(office, period, sop_id)
    reports: list[SopReport] = []
    defined: list[tuple[Sop, SopDefinition, list[StepRow]]] = []
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
            sent, to_admins = escalated.get((sop.pk, step.no), (0, 0))
            row = dataclasses.replace(row, escalations=sent, escalations_to_admins=to_admins)
            rows.append(row)
            for lane in step.lanes:
                work = lanes[definition.lanes[lane].nama]
                for name in ("finished", "working_minutes", "on_time", "with_target", "open_now"):
                    work[name] += getattr(row, name)
        defined.append((sop, definition, rows))
        reports.append(
            SopReport(
                sop.code,
                sop.name,
                per_sop.get(sop.pk, CaseCounts()),
                rows,
                service_escalations_to_admins=service_to_admins.get(sop.pk, 0),
            )
        )
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
        people=_people(office, period, sop_id),
        agencies=_agencies(office, period, sop_id),
        months=_months(office, period, sop_id),
        choices=[(sop.code, sop.name) for sop, _ in all_sops],
        chosen=sop_code,
        spent=time_spent(office, period, sop_id, defined),
    )


def _escalations(
    office: Office, period: Period, sop_id: int | None
) -> tuple[dict[tuple[int, int], tuple[int, int]], dict[int, int]]:
    """Escalations sent in the period: per (SOP, step) how many and how many of them went to the
    office's administrators for want of a head; and per SOP the service-deadline escalations
    that did. Two grouped queries over the alerts of the period."""
    sent = Alert.objects.filter(sent_at__gte=period.starts, sent_at__lt=period.ends)
    steps = sent.filter(kind=Alert.Kind.ESCALATION, task__case__office=office)
    service = sent.filter(kind=Alert.Kind.SERVICE_ESCALATION, case__office=office, to_admins=True)
    if sop_id is not None:
        steps = steps.filter(task__case__sop_version__sop_id=sop_id)
        service = service.filter(case__sop_version__sop_id=sop_id)
    per_step = {
        (row["task__case__sop_version__sop_id"], row["task__step"]): (row["n"], row["admins"])
        for row in steps.values("task__case__sop_version__sop_id", "task__step")
        .annotate(n=Count("id"), admins=Count("id", filter=Q(to_admins=True)))
        .order_by()
    }
    per_sop = {
        row["case__sop_version__sop_id"]: row["n"]
        for row in service.values("case__sop_version__sop_id").annotate(n=Count("id")).order_by()
    }
    return per_step, per_sop


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
        returned=visits.returned,
        working_minutes=visits.minutes,
        waiting_minutes=visits.waiting,
    )


def _people(office: Office, period: Period, sop_id: int | None) -> list[WorkRow]:
    days = PersonDay.objects.filter(office=office, day__gte=period.first, day__lte=period.last)
    if sop_id is not None:
        days = days.filter(sop_id=sop_id)
    rows = (
        days.values("person")
        .annotate(
            finished=Sum("done"),
            with_target=Sum("with_due"),
            on_time=Sum("on_time"),
            minutes=Sum("minutes"),
        )
        .order_by("-finished", "person")
    )
    names = {
        user.pk: str(user)
        for user in User.objects.filter(pk__in=[row["person"] for row in rows if row["person"]])
    }
    return [
        WorkRow(
            name=names.get(row["person"], "—"),
            finished=int(row["finished"]),
            working_minutes=int(row["minutes"] or 0),
            on_time=int(row["on_time"]),
            with_target=int(row["with_target"]),
        )
        for row in rows
    ]


def _agencies(office: Office, period: Period, sop_id: int | None) -> list[AgencyRow]:
    counts = _case_counts(office, period, "unit_id", sop_id)
    names = dict(office.units.filter(pk__in=list(counts)).values_list("pk", "name"))
    rows = [
        AgencyRow(names.get(pk, "—"), c)
        for pk, c in counts.items()
        if c.opened or c.closed or c.open
    ]
    return sorted(rows, key=lambda row: (-row.counts.opened, row.name))


def _months(office: Office, period: Period, sop_id: int | None) -> list[MonthRow]:
    days = CaseDay.objects.filter(office=office, day__gte=period.first, day__lte=period.last)
    if sop_id is not None:
        days = days.filter(sop_id=sop_id)
    rows = (
        days.annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(
            opened=Sum("opened"),
            finished=Sum("finished"),
            returned=Sum("returned"),
            stopped=Sum("stopped"),
            refused=Sum("refused"),
            lapsed=Sum("lapsed"),
            withdrawn=Sum("withdrawn"),
        )
        .order_by()
    )
    per_month = {
        _as_date(row["month"]): (
            int(row["opened"]),
            sum(int(row[name]) for name in _CLOSED),
        )
        for row in rows
    }
    months = []
    month = period.first.replace(day=1)
    while month <= period.last:
        opened, closed = per_month.get(month, (0, 0))
        months.append(MonthRow(month, opened, closed))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
