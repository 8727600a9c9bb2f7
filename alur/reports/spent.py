"""Where the time goes, per SOP: each step's share of the SOP's working time split into waiting
(the visit open and untouched: from its opening to its first touch, ``Task.touched_at``) and
working (the rest, to its completion); the steps most often late; the loops and how often each
was taken; the on-time rate by month; the lanes and the requesting OPDs with the most waiting.

Read from the rollups like the rest of the report: the step rows the dashboard already holds
(``StepDay``), plus two grouped queries (``StepDay`` by SOP and month, ``CaseDay`` by SOP and
requesting unit) and the units' names, however many cases. Each figure carries the query of the
page that lists the cases behind it (``behind``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.db.models import Sum
from django.db.models.functions import TruncMonth

from alur.catalog.models import Sop
from alur.offices.models import Office, Unit
from alur.reports.models import CaseDay, StepDay
from alur.reports.period import Period
from alur.sop import Sop as SopDefinition
from alur.sop import target_step

if TYPE_CHECKING:
    from alur.reports.selectors import StepRow

LATE_SHOWN = 5
"""The steps most often late a report names, per SOP."""


def behind_query(period: Period, sop: str, **filters: object) -> str:
    """The query of the list of cases behind a figure: the period, the SOP and ``filters``."""
    fields = {"dari": f"{period.first:%d-%m-%Y}", "sampai": f"{period.last:%d-%m-%Y}", "sop": sop}
    fields |= {name: str(value) for name, value in filters.items()}
    return urlencode(fields)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _width(share: float | None) -> str:
    """An SVG width of 100, written the same in every language."""
    return f"{(share or 0) * 100:.2f}"


@dataclass(frozen=True)
class StepShare:
    step: int
    description: str
    lanes: str
    finished: int
    waiting: int
    working: int
    total: int
    """The working minutes of all the SOP's visits finished in the period."""
    query: str

    @property
    def waiting_share(self) -> float | None:
        return _share(self.waiting, self.total)

    @property
    def working_share(self) -> float | None:
        return _share(self.working, self.total)

    @property
    def share(self) -> float | None:
        return _share(self.waiting + self.working, self.total)

    @property
    def bar(self) -> tuple[str, str]:
        """The widths (of 100) of the waiting and the working part of the step's bar."""
        return _width(self.waiting_share), _width(self.working_share)


@dataclass(frozen=True)
class LateStep:
    step: int
    description: str
    late: int
    with_target: int
    query: str

    @property
    def late_rate(self) -> float | None:
        return _share(self.late, self.with_target)


@dataclass(frozen=True)
class Loop:
    step: int
    """The step whose completion goes back."""
    answer: str
    """The decision that goes back (``ya`` or ``tidak``), empty for a step's plain next."""
    back_to: int
    taken: int
    query: str


@dataclass(frozen=True)
class MonthRate:
    month: dt.date
    with_target: int
    on_time: int
    query: str
    """The visits with a due finished in the month."""
    late_query: str

    @property
    def late(self) -> int:
        return self.with_target - self.on_time

    @property
    def on_time_rate(self) -> float | None:
        return _share(self.on_time, self.with_target)


@dataclass(frozen=True)
class Waiter:
    """A lane, or a requesting OPD, and the waiting of the visits finished in it."""

    name: str
    visits: int
    waiting: int
    minutes: int
    query: str

    @property
    def waiting_share(self) -> float | None:
        return _share(self.waiting, self.minutes)

    @property
    def mean_waiting(self) -> float | None:
        return self.waiting / self.visits if self.visits else None


@dataclass(frozen=True)
class TimeSpent:
    code: str
    name: str
    minutes: int
    waiting: int
    steps: list[StepShare]
    late: list[LateStep]
    loops: list[Loop]
    months: list[MonthRate]
    lanes: list[Waiter]
    agencies: list[Waiter]
    query: str

    @property
    def waiting_share(self) -> float | None:
        return _share(self.waiting, self.minutes)


def time_spent(
    office: Office,
    period: Period,
    sop_id: int | None,
    sops: Sequence[tuple[Sop, SopDefinition, Sequence[StepRow]]],
) -> list[TimeSpent]:
    """Where the time of each SOP of ``sops`` went in ``period`` (``sop_id``: the one chosen)."""
    months = _month_rates(office, period, sop_id)
    agencies = _agency_waiting(office, period, sop_id)
    unit_ids = {unit for per_sop in agencies.values() for unit in per_sop}
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    spent = []
    for sop, definition, rows in sops:
        query = behind_query(period, sop.code)
        minutes = sum(row.working_minutes for row in rows)
        spent.append(
            TimeSpent(
                code=sop.code,
                name=sop.name,
                minutes=minutes,
                waiting=sum(row.waiting_minutes for row in rows),
                steps=[
                    StepShare(
                        step=row.step,
                        description=row.description,
                        lanes=row.lanes,
                        finished=row.finished,
                        waiting=row.waiting_minutes,
                        working=row.working_minutes - row.waiting_minutes,
                        total=minutes,
                        query=behind_query(period, sop.code, langkah=row.step),
                    )
                    for row in rows
                    if row.finished
                ],
                late=_late(period, sop.code, rows),
                loops=_loops(period, sop.code, definition, rows),
                months=_months(period, sop.code, months.get(sop.pk, {})),
                lanes=_lanes(period, sop.code, definition, rows),
                agencies=sorted(
                    (
                        Waiter(
                            name=names.get(unit, "—"),
                            visits=visits,
                            waiting=waiting,
                            minutes=spent_minutes,
                            query=behind_query(period, sop.code, opd=unit),
                        )
                        for unit, (visits, waiting, spent_minutes) in agencies.get(
                            sop.pk, {}
                        ).items()
                    ),
                    key=lambda row: (-row.waiting, row.name),
                ),
                query=query,
            )
        )
    return spent


def _late(period: Period, code: str, rows: Sequence[StepRow]) -> list[LateStep]:
    late = [
        LateStep(
            step=row.step,
            description=row.description,
            late=row.with_target - row.on_time,
            with_target=row.with_target,
            query=behind_query(period, code, langkah=row.step, terlambat=1),
        )
        for row in rows
        if row.with_target > row.on_time
    ]
    late.sort(key=lambda row: (-row.late, -(row.late_rate or 0), row.step))
    return late[:LATE_SHOWN]


def _loops(
    period: Period, code: str, definition: SopDefinition, rows: Sequence[StepRow]
) -> list[Loop]:
    """Every way back the SOP has (a branch or a next step at or before its own place in the
    flow table), with the completions in the period that took it."""
    place = {step.no: index for index, step in enumerate(definition.langkah)}
    figures = {row.step: row for row in rows}
    loops = []
    for step in definition.langkah:
        row = figures.get(step.no)
        done = row.finished if row else 0
        declined = row.declined if row else 0
        if step.is_decision:
            ways = [("ya", target_step(step.ya), done - declined)] if step.ya is not None else []
            if step.tidak is not None:
                ways.append(("tidak", target_step(step.tidak), declined))
        else:
            ways = [("", definition.next_of(step), done)]
        for answer, back_to, taken in ways:
            if back_to is None or place[back_to] > place[step.no]:
                continue
            filters: dict[str, object] = {"langkah": step.no}
            if answer:
                filters["keputusan"] = answer
            loops.append(
                Loop(step.no, answer, back_to, taken, behind_query(period, code, **filters))
            )
    return loops


def _month_rates(
    office: Office, period: Period, sop_id: int | None
) -> dict[int, dict[dt.date, tuple[int, int]]]:
    """Per SOP and month: the visits finished with a due, and of them on time."""
    days = StepDay.objects.filter(office=office, day__gte=period.first, day__lte=period.last)
    if sop_id is not None:
        days = days.filter(sop_id=sop_id)
    rates: dict[int, dict[dt.date, tuple[int, int]]] = defaultdict(dict)
    for row in (
        days.annotate(month=TruncMonth("day"))
        .values("sop_id", "month")
        .annotate(with_due=Sum("with_due"), on_time=Sum("on_time"))
        .order_by()
    ):
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        rates[row["sop_id"]][month] = (int(row["with_due"]), int(row["on_time"]))
    return rates


def _months(period: Period, code: str, rates: dict[dt.date, tuple[int, int]]) -> list[MonthRate]:
    months = []
    month = period.first.replace(day=1)
    while month <= period.last:
        after = (month + dt.timedelta(days=32)).replace(day=1)
        inside = Period(
            max(month, period.first), min(after - dt.timedelta(days=1), period.last), period.zone
        )
        with_due, on_time = rates.get(month, (0, 0))
        months.append(
            MonthRate(
                month=month,
                with_target=with_due,
                on_time=on_time,
                query=behind_query(inside, code, bertenggat=1),
                late_query=behind_query(inside, code, terlambat=1),
            )
        )
        month = after
    return months


def _lanes(
    period: Period, code: str, definition: SopDefinition, rows: Sequence[StepRow]
) -> list[Waiter]:
    """Per lane, the visits of its steps (a joint step counts in each of its lanes)."""
    figures = {row.step: row for row in rows}
    totals: dict[str, list[int]] = {}
    for step in definition.langkah:
        row = figures.get(step.no)
        if row is None or not row.finished:
            continue
        for lane in step.lanes:
            total = totals.setdefault(lane, [0, 0, 0])
            total[0] += row.finished
            total[1] += row.waiting_minutes
            total[2] += row.working_minutes
    lanes = [
        Waiter(
            name=definition.lanes[lane].nama,
            visits=visits,
            waiting=waiting,
            minutes=minutes,
            query=behind_query(period, code, lajur=lane),
        )
        for lane, (visits, waiting, minutes) in totals.items()
    ]
    return sorted(lanes, key=lambda row: (-row.waiting, row.name))


def _agency_waiting(
    office: Office, period: Period, sop_id: int | None
) -> dict[int, dict[int, tuple[int, int, int]]]:
    """Per SOP and requesting unit: the visits of its cases finished, their waiting and working
    minutes."""
    days = CaseDay.objects.filter(
        office=office, day__gte=period.first, day__lte=period.last, visits__gt=0
    )
    if sop_id is not None:
        days = days.filter(sop_id=sop_id)
    waiting: dict[int, dict[int, tuple[int, int, int]]] = defaultdict(dict)
    for row in (
        days.values("sop_id", "unit_id")
        .annotate(visits=Sum("visits"), waiting=Sum("waiting"), minutes=Sum("visit_minutes"))
        .order_by()
    ):
        waiting[row["sop_id"]][row["unit_id"]] = (
            int(row["visits"]),
            int(row["waiting"]),
            int(row["minutes"]),
        )
    return waiting
