"""The proof that the suite does not depend on the day it runs (``make test``).

Runs the pytest suite three times, one after the other, each at one moment:

1. a moment drawn at random, date and time of day, from the calendar year 2027 (weekends,
   holidays and nights included): the whole suite;
2. the last working day of 2027 by Alur's national calendar, shortly before the office closes;
3. 29 February 2028, in office hours.

At every moment the tests not marked ``once`` run in parallel, one pytest-xdist worker per
core (``WORKERS``; each worker has its own test database, S3 server and browser, and runs its
tests in the suite's order: the page tests, then those that commit, then the browser tests).
The tests marked ``once`` run at the first moment only, by themselves and one at a time, before
the rest: tests whose subject is a process or a server (servers started, signalled and killed,
two servers sharing a database and a bucket, waited for within deadlines that a second
worker's load would eat into) or the API's document (the schema fuzzing), whose handling of
dates is done by code the rest of the suite runs at every moment. Running everything three
times one test after another made ``make test`` outgrow the time CI gives it.

Each moment is printed as ``ALUR_TEST_NOW=…`` before its run, so that a failure can be run
again at it (``ALUR_TEST_NOW=… make unit``). Stops at the first run that fails and exits with its
status. Arguments are passed to pytest: ``python tests/run_at_moments.py -x``.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from alur.sop import OfficeCalendar

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2027
WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
BEFORE_CLOSING = dt.timedelta(minutes=10)


def at_random(year: int) -> dt.datetime:
    """Any second of the year in western Indonesia, each as likely as the others."""
    first = dt.datetime(year, 1, 1, tzinfo=WIB)
    seconds = (dt.datetime(year + 1, 1, 1, tzinfo=WIB) - first) // dt.timedelta(seconds=1)
    return first + dt.timedelta(seconds=secrets.randbelow(seconds))


def last_working_day_before_closing(year: int) -> dt.datetime:
    """Shortly before closing time on the year's last working day of an office in WIB."""
    calendar = OfficeCalendar(zone="Asia/Jakarta")
    day = dt.date(year, 12, 31)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, calendar.closes, tzinfo=calendar.zone) - BEFORE_CLOSING


def moments() -> list[tuple[str, dt.datetime]]:
    return [
        (f"a moment at random in {YEAR}", at_random(YEAR)),
        (f"the last working day of {YEAR}", last_working_day_before_closing(YEAR)),
        ("29 February 2028", dt.datetime(2028, 2, 29, 10, 30, tzinfo=WITA)),
    ]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


WORKERS = max(2, min(os.cpu_count() or 1, 4))
"""pytest-xdist workers for the tests not marked ``once``: one per core, at least two (the
suite's own waits leave a core idle part of the time) and at most four (each has its own
database, S3 server and browser)."""


def runs(first: bool) -> list[tuple[str, list[str]]]:
    """What runs at a moment: the tests marked ``once`` alone (at the first), then the rest
    in parallel."""
    parallel = ("in parallel", ["-m", "not once", "-n", str(WORKERS)])
    return [("once", ["-m", "once"]), parallel] if first else [parallel]


def main(pytest_args: list[str]) -> int:
    done: list[str] = []
    for index, (what, moment) in enumerate(moments()):
        now = f"ALUR_TEST_NOW={moment.isoformat()}"
        say(f"\n{now} ({what}, {moment:%A})")
        started = time.monotonic()
        for part, narrowed in runs(first=index == 0):
            say(f"{now}: the tests {part}")
            run = subprocess.run(
                [sys.executable, "-m", "pytest", *narrowed, *pytest_args],
                cwd=ROOT,
                env={**os.environ, "ALUR_TEST_NOW": moment.isoformat()},
                check=False,
            )
            if run.returncode not in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
                say(f"\nThe suite failed at {now} ({what}); run it again there with:")
                say(f"  {now} make unit")
                return run.returncode
        minutes = (time.monotonic() - started) / 60
        done.append(f"  {now}  passed in {minutes:.1f} min ({what})")
    say("\nThe suite passed at every moment:\n" + "\n".join(done))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
