"""The forecast of a running case (``alur.reports.forecast``) with the office's history read from
the database, registered with the case pages (``alur.cases.progress.forecast_register``).

The history of an SOP is the done visits of the office's most recently ended cases (at most
``RECENT_CASES``) on every version of it whose steps lead the same ways as the case's version.
It is read once and kept in the process, under a key that changes when a case of the SOP ends:
the count, last end and highest id of the office's ended cases per SOP, read in one query per
office and request (``remembered``). So a page of twenty cases reads that key once and each
SOP's history at most once, and none when the SOP has fewer ended cases than the forecast
needs.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from alur.cases.models import Case, Task
from alur.cases.progress import Forecasted
from alur.catalog.models import SopVersion
from alur.catalog.services import definition_of
from alur.common.reuse import remembered
from alur.reports.forecast import MIN_CASES, Chart, Forecaster, History, Visit
from alur.sop import OfficeCalendar
from alur.sop import Sop as SopDefinition

KEPT = 64
"""Histories kept per process; the least recently used goes first."""
RECENT_CASES = 500
"""A history is the visits of the SOP's most recently ended cases, at most this many: the
office's ways of late, and a read whose cost does not grow with the years."""

_KEPT: OrderedDict[Hashable, Forecaster] = OrderedDict()
_LOCK = threading.Lock()


@dataclass(frozen=True)
class EndedVisit:
    """A done visit of an ended case, with the moment the case ended."""

    closed_at: dt.datetime
    visit: Visit


def case_forecast(
    case: Case,
    definition: SopDefinition,
    calendar: OfficeCalendar,
    tasks: Sequence[Task],
    now: dt.datetime,
) -> Forecasted | None:
    """The forecast of a running case from its open visits ``tasks``; ``None`` when none is
    open on its version (a case just moved keeps its visits of the version it left)."""
    open_tasks = [
        task
        for task in tasks
        if task.status == Task.Status.OPEN and task.sop_version_id == case.sop_version_id
    ]
    if not open_tasks:
        return None
    ended = _stamps(case.office_id).get(case.sop_version.sop_id, (0, None, 0))
    forecaster = None
    if ended[0] >= MIN_CASES:
        forecaster = _forecaster(case, definition, calendar, ended)
    learnt = forecaster.history.cases if forecaster is not None else ended[0]
    if forecaster is None or learnt < MIN_CASES:
        return Forecasted(None, note=_too_few(learnt))
    position = [
        (task.step, task.visit, calendar.elapsed_minutes(task.opened_at, now))
        for task in open_tasks
    ]
    remaining = forecaster.remaining(position, seed=f"case:{case.pk}")
    return Forecasted(
        calendar.add_office_minutes(now, remaining.likely),
        calendar.add_office_minutes(now, remaining.late),
    )


def _too_few(cases: int) -> str:
    return _(
        "Baru %(cases)s permohonan SOP ini yang selesai; perkiraan dari riwayat kantor memerlukan"
        " sedikitnya %(needed)s, jadi yang ditampilkan adalah waktu yang diizinkan SOP."
    ) % {"cases": cases, "needed": MIN_CASES}


def forecast_forget() -> None:
    """Forget every kept history (a test's database is rolled back under the same keys)."""
    with _LOCK:
        _KEPT.clear()


def _stamps(office_id: int) -> dict[int, tuple[int, dt.datetime | None, int]]:
    """Per SOP of the office: how many of its cases ended, the last end and the highest id."""

    def read() -> dict[int, tuple[int, dt.datetime | None, int]]:
        rows = (
            Case.objects.filter(office_id=office_id)
            .exclude(status=Case.Status.RUNNING)
            .values("sop_version__sop_id")
            .annotate(ended=Count("id"), last=Max("closed_at"), top=Max("id"))
            .order_by()
        )
        return {row["sop_version__sop_id"]: (row["ended"], row["last"], row["top"]) for row in rows}

    return remembered(("reports.forecast_stamps", office_id), read)


def _forecaster(
    case: Case,
    definition: SopDefinition,
    calendar: OfficeCalendar,
    stamp: tuple[int, dt.datetime | None, int],
) -> Forecaster:
    key = (case.office_id, case.sop_version_id, calendar.minutes_per_day, stamp)
    with _LOCK:
        if key in _KEPT:
            _KEPT.move_to_end(key)
            return _KEPT[key]
    chart = Chart.of(definition, calendar)
    versions = same_graph_versions(case.sop_version, chart, calendar)
    visits = [ended.visit for ended in ended_visits(case.office_id, versions, calendar)]
    forecaster = Forecaster(chart, History.of(visits))
    with _LOCK:
        _KEPT[key] = forecaster
        while len(_KEPT) > KEPT:
            _KEPT.popitem(last=False)
    return forecaster


def same_graph_versions(version: SopVersion, chart: Chart, calendar: OfficeCalendar) -> list[int]:
    """The ids of the versions of ``version``'s SOP whose steps lead the same ways."""
    found = []
    for other in SopVersion.objects.filter(sop_id=version.sop_id).only(
        "pk", "checksum", "definition"
    ):
        if other.pk == version.pk or Chart.of(definition_of(other), calendar).shape == chart.shape:
            found.append(other.pk)
    return found


def ended_visits(
    office_id: int,
    versions: Sequence[int],
    calendar: OfficeCalendar,
    *,
    recent: int | None = RECENT_CASES,
) -> list[EndedVisit]:
    """The done visits, run on ``versions``, of the office's ``recent`` most recently ended
    cases on those versions (all of them with ``None``)."""
    ended = (
        Case.objects.filter(office_id=office_id, sop_version_id__in=versions)
        .exclude(status=Case.Status.RUNNING)
        .order_by("-closed_at", "-pk")
        .values("pk")
    )
    rows = (
        Task.objects.filter(
            case_id__in=ended[:recent] if recent is not None else ended,
            sop_version_id__in=versions,
            status=Task.Status.DONE,
        )
        .values_list(
            "case_id",
            "case__closed_at",
            "step",
            "visit",
            "working_minutes",
            "opened_at",
            "done_at",
            "decision",
        )
        .order_by()
    )
    found = []
    for case_id, closed_at, step, visit, minutes, opened_at, done_at, decision in rows:
        if closed_at is None or done_at is None:
            continue
        if minutes is None:
            minutes = calendar.elapsed_minutes(opened_at, done_at)
        found.append(EndedVisit(closed_at, Visit(case_id, step, visit, minutes, decision)))
    return found
