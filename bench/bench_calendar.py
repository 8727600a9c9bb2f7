"""Adding working days: Alur's working-day index against a day-by-day loop and workalendar.

All three count over the same days: Indonesia's national holidays and cuti bersama from the
``holidays`` package, an office day off and an extra working day, Monday to Friday, 08:00 to
16:00 WIB. Every start moment lies inside office hours on a working day, where the three agree on
what "N working days later" means; the run first checks that they give the same answers.

    .venv/bin/python bench/bench_calendar.py

Exits 1 when an answer differs or a bound fails: Alur at least 100x faster than the day-by-day
loop at 250 working days, and flat in N (250 days costing at most 1.5x one day).
"""

from __future__ import annotations

import platform
import random
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter
from typing import TypeVar
from zoneinfo import ZoneInfo

import holidays
from workalendar.core import Calendar  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed

from alur.sop._runtime.calendar import OfficeCalendar

ZONE = ZoneInfo("Asia/Jakarta")
WORKDAYS = frozenset(range(5))
OPENS, CLOSES = time(8, 0), time(16, 0)
DAYS_OFF = {date(2026, 12, 18): "Hari Jadi Kota Batam", date(2027, 12, 17): "Hari Jadi Kota Batam"}
EXTRA_WORKING_DAYS = frozenset({date(2026, 8, 15), date(2027, 3, 6)})
YEARS = range(2025, 2031)  # the starts and every result fall in these years
# a plain dict: a holidays object answers `in` through Python code, which would slow the loops
NATIONAL: Mapping[date, str] = dict(
    holidays.country_holidays("ID", years=YEARS, categories=("public", "government"), language="id")
)

N_VALUES = (1, 35, 250)
STARTS = 500
ROUNDS = 5
ELAPSED = "alur elapsed_minutes"
ONE_DAY = timedelta(days=1)

AddWorkingDays = Callable[[datetime, int], datetime]
Second = TypeVar("Second")
Key = tuple[str, int]  # an implementation and N


class DayByDay:
    """The obvious implementation: walk one day at a time, asking the rules about each day."""

    def is_working_day(self, day: date) -> bool:
        if day in EXTRA_WORKING_DAYS:
            return True
        if day in DAYS_OFF:
            return False
        return day.weekday() in WORKDAYS and day not in NATIONAL

    def add_working_days(self, start: datetime, n: int) -> datetime:
        local = start.astimezone(ZONE)
        day, clock = local.date(), local.time()
        if not self.is_working_day(day) or clock < OPENS:
            clock = OPENS
        elif clock >= CLOSES:
            clock, day = OPENS, day + ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        counted = 0
        while counted < n:
            day += ONE_DAY
            if self.is_working_day(day):
                counted += 1
        return datetime.combine(day, clock, ZONE)


class ClosedDaySet:
    """A tighter day-by-day loop: every closed day of the years precomputed into one set."""

    def __init__(self) -> None:
        everyday = (date(YEARS[0], 1, 1) + timedelta(days=i) for i in range(len(YEARS) * 366))
        reference = DayByDay()
        self.closed = frozenset(day for day in everyday if not reference.is_working_day(day))

    def add_working_days(self, start: datetime, n: int) -> datetime:
        local = start.astimezone(ZONE)
        day, clock = local.date(), local.time()
        closed = self.closed
        while n:
            day += ONE_DAY
            if day not in closed:
                n -= 1
        return datetime.combine(day, clock, ZONE)


class SameDaysWorkalendar(Calendar):  # type: ignore[misc]
    """workalendar has no Indonesia: a calendar fed the same closed days."""

    WEEKEND_DAYS = tuple(sorted(set(range(7)) - WORKDAYS))

    def get_calendar_holidays(self, year: int) -> list[tuple[date, str]]:
        closed = {**NATIONAL, **DAYS_OFF}
        return [(day, name) for day, name in closed.items() if day.year == year]

    def add_working_days_at(self, start: datetime, n: int) -> datetime:
        local = start.astimezone(ZONE)
        day = self.add_working_days(local.date(), n, extra_working_days=EXTRA_WORKING_DAYS)
        return datetime.combine(day, local.time(), ZONE)


def start_moments(office: OfficeCalendar) -> list[datetime]:
    pick = random.Random(2026)  # noqa: S311 - repeatable test data, not security
    first = date(2026, 1, 1).toordinal()
    starts: list[datetime] = []
    while len(starts) < STARTS:
        day = date.fromordinal(first + pick.randrange(3 * 365))
        if office.is_working_day(day):
            moment = datetime.combine(day, OPENS, ZONE)
            starts.append(moment + timedelta(seconds=pick.randrange(8 * 3600)))
    return starts


def pass_over(
    call: Callable[[datetime, Second], object], cases: Sequence[tuple[datetime, Second]]
) -> Callable[[], None]:
    """One pass of ``call`` over all cases, so every implementation pays the same loop."""

    def run() -> None:
        for first, second in cases:
            call(first, second)

    return run


def per_call(passes: Mapping[Key, tuple[Callable[[], None], int]]) -> dict[Key, float]:
    """Microseconds per call: the fastest pass of each, over rounds that take turns so that a
    noisy moment on the machine slows every implementation rather than one."""
    fastest = dict.fromkeys(passes, float("inf"))
    for _ in range(ROUNDS):
        for key, (run, repeat) in passes.items():
            for _ in range(repeat):
                began = perf_counter()
                run()
                fastest[key] = min(fastest[key], perf_counter() - began)
    return {key: seconds / STARTS * 1e6 for key, seconds in fastest.items()}


def main() -> int:
    office = OfficeCalendar(zone=ZONE.key, days_off=DAYS_OFF, extra_working_days=EXTRA_WORKING_DAYS)
    starts = start_moments(office)
    # name: the implementation and how many passes it makes per round
    implementations: dict[str, tuple[AddWorkingDays, int]] = {
        "alur index": (office.add_working_days, 20),
        "day-by-day loop": (DayByDay().add_working_days, 2),
        "loop, closed-day set": (ClosedDaySet().add_working_days, 2),
        "workalendar": (SameDaysWorkalendar().add_working_days_at, 1),
    }

    failures: list[str] = []
    for n in N_VALUES:  # also warms every cache before timing
        for start in starts:
            answers = {name: add(start, n) for name, (add, _) in implementations.items()}
            if len(set(answers.values())) != 1:
                failures.append(f"{n} working days from {start}: {answers}")
    if failures:
        print("the implementations disagree:", *failures[:5], sep="\n  ")
        return 1

    passes: dict[Key, tuple[Callable[[], None], int]] = {}
    for n in N_VALUES:
        for name, (add, repeat) in implementations.items():
            passes[name, n] = (pass_over(add, [(start, n) for start in starts]), repeat)
        spans = [(start, office.add_working_days(start, n)) for start in starts]
        passes[ELAPSED, n] = (pass_over(office.elapsed_minutes, spans), 20)
    times = per_call(passes)

    print(f"Python {platform.python_version()}, {STARTS} start moments, fastest of {ROUNDS} rounds")
    print(f"{'microseconds per call':<30}" + "".join(f"{f'N={n}':>12}" for n in N_VALUES))
    for name in [*implementations, ELAPSED]:
        print(f"{name:<30}" + "".join(f"{times[name, n]:>12.2f}" for n in N_VALUES))
    print("alur index is faster")
    for name in [name for name in implementations if name != "alur index"]:
        ratios = "".join(f"{times[name, n] / times['alur index', n]:>11.0f}x" for n in N_VALUES)
        print(f"{'  than ' + name:<30}{ratios}")
    speedup = times["day-by-day loop", 250] / times["alur index", 250]
    flatness = times["alur index", 250] / times["alur index", 1]
    print(f"alur index, 250-day cost / 1-day cost: {flatness:.2f} (flat is 1)")

    if speedup < 100:
        failures.append(f"alur is {speedup:.0f}x faster than the loop at 250 days, not 100x")
    if flatness > 1.5:
        failures.append(f"alur's 250-day cost is {flatness:.2f}x its 1-day cost, not flat")
    for failure in failures:
        print("BOUND FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
