"""The proof that the suite does not depend on the day it runs (``make test``).

Runs the whole pytest suite three times, one after the other, each at one moment:

1. a moment drawn at random, date and time of day, from the calendar year 2027 (weekends,
   holidays and nights included);
2. the last working day of 2027 by Alur's national calendar, shortly before the office closes;
3. 29 February 2028, in office hours.

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


def main(pytest_args: list[str]) -> int:
    done: list[str] = []
    for what, moment in moments():
        now = f"ALUR_TEST_NOW={moment.isoformat()}"
        say(f"\n{now} ({what}, {moment:%A})")
        started = time.monotonic()
        run = subprocess.run(
            [sys.executable, "-m", "pytest", *pytest_args],
            cwd=ROOT,
            env={**os.environ, "ALUR_TEST_NOW": moment.isoformat()},
            check=False,
        )
        minutes = (time.monotonic() - started) / 60
        if run.returncode != 0:
            say(f"\nThe suite failed at {now} ({what}); run it again there with:")
            say(f"  {now} make unit")
            return run.returncode
        done.append(f"  {now}  passed in {minutes:.1f} min ({what})")
    say("\nThe suite passed at every moment:\n" + "\n".join(done))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
