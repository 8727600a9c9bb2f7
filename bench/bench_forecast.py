"""The completion forecast backtested on the demo year, and what forecasting costs against the
Kinerja report of the same office.

    .venv/bin/python bench/bench_forecast.py          # SQLite in a temporary folder, ~3 min
    ALUR_VAR_DIR=/tmp/alur-bench .venv/bin/python bench/bench_forecast.py   # kept: again in s
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alur_bench \
        .venv/bin/python bench/bench_forecast.py      # or an existing PostgreSQL database

The database is migrated and given the demo installation and its year of requests
(``alur.demo.demo_year_load``, at a fixed moment), unless it has them already.

**Backtest.** Every request that reached an end of its SOP's flow (finished, returned, stopped,
refused: not withdrawn or lapsed, which the flow does not decide) is cut at the middle of its
life. At the cut its open visits and their elapsed office time are its position, and its SOP's
history is the done visits of the office's requests of that SOP (same graph) that ended before
the cut. With at least ``MIN_CASES`` of them the forecast (``alur.reports.forecast``) gives
P50 and P80; the requests cut with fewer are counted apart and left out of both figures below.

- **P80 coverage**: the share of forecast requests that really ended by their P80 date.
  Bound: between 70% and 90%.
- **P50 error**: the median of |P50 − real end| in office hours, against the median of
  |plain sum of allowed times − real end| (``alur.cases.due.expected_finish`` at the cut, what
  the pages showed before the forecast). Bound: the forecast's is smaller.

**Cost.** 1,000 forecasts of open requests of each office (its running
requests, and unsaved copies of them whose open steps opened earlier: each a case and position
of its own), in pages of 25 as the inbox asks for them (one request scope each), the kept
histories forgotten first, against the Kinerja report of the same office for the last twelve
months (``alur.reports.selectors.dashboard``), fastest of three rounds each, in the same run.

Exits 1 when a bound fails.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alur.settings")
if "DATABASE_URL" not in os.environ and "ALUR_VAR_DIR" not in os.environ:
    os.environ["ALUR_VAR_DIR"] = tempfile.mkdtemp(prefix="alur-bench-forecast-")

import django

django.setup()

from django.core.management import call_command  # noqa: E402 - after django.setup()
from django.db import connection  # noqa: E402 - after django.setup()

from alur.cases.due import expected_finish  # noqa: E402 - after django.setup()
from alur.cases.models import Case, Task  # noqa: E402 - after django.setup()
from alur.cases.progress import Basis, finish_of  # noqa: E402 - after django.setup()
from alur.catalog.models import SopVersion  # noqa: E402 - after django.setup()
from alur.catalog.services import definition_of  # noqa: E402 - after django.setup()
from alur.common.reuse import request_scope  # noqa: E402 - after django.setup()
from alur.demo import demo_load, demo_year_load  # noqa: E402 - after django.setup()
from alur.offices.calendar import calendar_for  # noqa: E402 - after django.setup()
from alur.offices.models import Office  # noqa: E402 - after django.setup()
from alur.reports.forecast import MIN_CASES, Chart, Forecaster, History  # noqa: E402
from alur.reports.forecast_history import (  # noqa: E402 - after django.setup()
    EndedVisit,
    ended_visits,
    forecast_forget,
    same_graph_versions,
)
from alur.reports.period import last_twelve_months  # noqa: E402 - after django.setup()
from alur.reports.selectors import dashboard  # noqa: E402 - after django.setup()
from alur.sop import OfficeCalendar  # noqa: E402 - after django.setup()

NOW = dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
"""The demo year ends here, so every run backtests the same requests."""
COVERAGE = (0.70, 0.90)
OPEN_CASES = 1_000
PAGE = 25
ROUNDS = 3
FLOW_ENDS = (
    Case.Status.FINISHED,
    Case.Status.RETURNED,
    Case.Status.STOPPED,
    Case.Status.REFUSED,
)


class Tally:
    def __init__(self) -> None:
        self.inside = 0
        self.by_likely = 0
        self.forecast_errors: list[int] = []
        self.plain_errors: list[int] = []
        self.too_few = 0
        self.not_open = 0


def _hours_apart(calendar: OfficeCalendar, a: dt.datetime, b: dt.datetime) -> int:
    """Office minutes between two moments, whichever comes first."""
    return calendar.elapsed_minutes(min(a, b), max(a, b))


def _backtest_version(version: SopVersion, office: Office, tally: Tally) -> None:
    calendar = calendar_for(office)
    definition = definition_of(version)
    chart = Chart.of(definition, calendar)
    versions = same_graph_versions(version, chart, calendar)
    everything: list[EndedVisit] = ended_visits(office.pk, versions, calendar, recent=None)
    cases = Case.objects.filter(
        office=office, sop_version_id__in=versions, status__in=FLOW_ENDS
    ).order_by("opened_at")
    visits_of: dict[int, list[Task]] = defaultdict(list)
    for task in Task.objects.filter(case__in=cases).order_by("opened_at", "pk"):
        visits_of[task.case_id].append(task)
    for case in cases:
        assert case.closed_at is not None
        cut = case.opened_at + (case.closed_at - case.opened_at) / 2
        at_cut = [
            task
            for task in visits_of[case.pk]
            if task.opened_at <= cut and (task.done_at is None or task.done_at > cut)
        ]
        if not at_cut:
            tally.not_open += 1
            continue
        before = [e.visit for e in everything if e.closed_at < cut and e.visit.case != case.pk]
        history = History.of(before)
        if history.cases < MIN_CASES:
            tally.too_few += 1
            continue
        position = [
            (task.step, task.visit, calendar.elapsed_minutes(task.opened_at, cut))
            for task in at_cut
        ]
        remaining = Forecaster(chart, history).remaining(position, seed=f"case:{case.pk}")
        likely = calendar.add_office_minutes(cut, remaining.likely)
        late = calendar.add_office_minutes(cut, remaining.late)
        plain = expected_finish(case, definition, calendar, at_cut, cut) or cut
        tally.inside += case.closed_at <= late
        tally.by_likely += case.closed_at <= likely
        tally.forecast_errors.append(_hours_apart(calendar, likely, case.closed_at))
        tally.plain_errors.append(_hours_apart(calendar, plain, case.closed_at))


def _forecast_open(office: Office, now: dt.datetime) -> tuple[float, int, int]:
    """Seconds for ``OPEN_CASES`` forecasts of open cases of the office, in inbox pages: its
    running cases, and copies of them (not saved) whose open steps opened a few minutes to a
    few days earlier, each its own case and position."""
    running = list(
        Case.objects.filter(office=office, status=Case.Status.RUNNING).select_related(
            "sop_version__sop", "office"
        )
    )
    open_of: dict[int, list[Task]] = defaultdict(list)
    for task in Task.objects.filter(case__in=running, status=Task.Status.OPEN):
        open_of[task.case_id].append(task)
    cases: list[tuple[Case, list[Task]]] = []
    for n in range(OPEN_CASES):
        original = running[n % len(running)]
        case = copy.copy(original)
        case.pk = case.id = 10_000_000 + n
        earlier = dt.timedelta(minutes=(n * 37) % (5 * 24 * 60))
        tasks = []
        for task in open_of[original.pk]:
            moved = copy.copy(task)
            moved.opened_at = max(task.opened_at - earlier, case.opened_at)
            tasks.append(moved)
        cases.append((case, tasks))
    calendar = calendar_for(office)
    best = float("inf")
    for _ in range(ROUNDS):
        forecast_forget()
        learnt = 0
        started = perf_counter()
        for first in range(0, OPEN_CASES, PAGE):
            with request_scope():
                for case, tasks in cases[first : first + PAGE]:
                    finish = finish_of(case, definition_of(case.sop_version), calendar, tasks, now)
                    learnt += finish is not None and finish.basis is Basis.FORECAST
        best = min(best, perf_counter() - started)
    return best, len(running), learnt


def _kinerja(office: Office, now: dt.datetime) -> float:
    calendar = calendar_for(office)
    period = last_twelve_months(now.astimezone(calendar.zone).date(), office.zone)
    best = float("inf")
    for _ in range(ROUNDS):
        started = perf_counter()
        with request_scope():
            dashboard(office, period)
        best = min(best, perf_counter() - started)
    return best


def main() -> int:
    call_command("migrate", interactive=False, verbosity=0)
    demo_load()
    started = perf_counter()
    written = demo_year_load(now=NOW)
    print(
        f"{connection.vendor}: demo year {written:,} requests written "
        f"in {perf_counter() - started:.0f} s"
    )
    tally = Tally()
    offices = list(Office.objects.filter(cases__isnull=False).distinct().order_by("code"))
    for office in offices:
        seen: set[tuple[int, ...]] = set()
        for version in SopVersion.objects.filter(sop__office=office).order_by("sop_id", "number"):
            calendar = calendar_for(office)
            group = tuple(
                same_graph_versions(version, Chart.of(definition_of(version), calendar), calendar)
            )
            if group not in seen:
                seen.add(group)
                _backtest_version(version, office, tally)
    forecast = len(tally.forecast_errors)
    if not forecast:
        print("no request had enough history before its cut")
        return 1
    coverage = tally.inside / forecast
    forecast_error = statistics.median(tally.forecast_errors) / 60
    plain_error = statistics.median(tally.plain_errors) / 60
    print(
        f"backtest: {forecast} requests forecast at the middle of their life; "
        f"{tally.too_few} had fewer than {MIN_CASES} ended before the cut (SOP's times), "
        f"{tally.not_open} had no open step at the cut"
    )
    low, high = COVERAGE
    coverage_met = low <= coverage <= high
    print(
        f"P80 coverage: {coverage:.1%} ended by their P80 date "
        f"(bound: {low:.0%} to {high:.0%}) {'met' if coverage_met else 'NOT MET'}; "
        f"{tally.by_likely / forecast:.1%} by their P50 date"
    )
    error_met = forecast_error < plain_error
    print(
        f"P50 median error: {forecast_error:.1f} office hours, against {plain_error:.1f} for "
        f"the plain sum of allowed times ({forecast_error / plain_error:.2f}x; bound: smaller) "
        f"{'met' if error_met else 'NOT MET'}"
    )
    for office in offices:
        cost, running, learnt = _forecast_open(office, NOW)
        report = _kinerja(office, NOW)
        print(
            f"{office.code}: {OPEN_CASES:,} forecasts of open requests (its {running} running "
            f"ones and copies of them opened earlier; {learnt} from history, the rest on SOPs "
            f"with too few ended requests), in pages of {PAGE}, histories forgotten first: "
            f"{cost * 1000:.0f} ms; its Kinerja report, last twelve months: "
            f"{report * 1000:.0f} ms; ratio {cost / report:.1f}x (fastest of {ROUNDS})"
        )
    return 0 if coverage_met and error_met else 1


if __name__ == "__main__":
    sys.exit(main())
