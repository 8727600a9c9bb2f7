"""The tests' clock: the moment the suite runs at, in the test process and in every process a
test starts.

The moment is ``ALUR_TEST_NOW`` (ISO 8601 with its offset) when set, else ``DEFAULT``. Every
test starts at it and time runs on from it (so waits and timeouts work): the outcome of a test
depends on the moment chosen, never on the day the suite runs, nor on how long the tests before
it took. ``tests/run_at_moments.py`` (``make test``) runs the suite at several moments.

A test process travels with ``travelling(moment)`` (time-machine, ticking from the moment on) and
leaves in the environment where its clock stands: ``ALUR_TEST_NOW``, the moment, and
``ALUR_TEST_NOW_SINCE``, the real time (UNIX seconds) at which its clock showed that moment.
The tests put this folder on ``PYTHONPATH``, so every Python process they start (``alur``,
``alur serve`` and its worker, ``python -c``) imports this module as ``sitecustomize`` at
start-up and travels to where the test's clock stands then: both clocks show the same time.
Nothing under ``alur/`` knows of it; without these two variables it does nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

NOW = "ALUR_TEST_NOW"
SINCE = "ALUR_TEST_NOW_SINCE"
DEFAULT = "2026-10-14T10:00:00+07:00"
"""A Wednesday in office hours (10.00 WIB, 11.00 WITA), no holiday near it."""
FOLDER = Path(__file__).resolve().parent
"""Put on the ``PYTHONPATH`` of the processes the tests start, for this module."""
ZONES = (("WIB", 7), ("WITA", 8), ("WIT", 9), ("UTC", 0))


def moment() -> dt.datetime:
    """The moment the suite (or, within a test, the test) runs at."""
    return moment_read(os.environ.get(NOW) or DEFAULT)


def moment_read(text: str) -> dt.datetime:
    """``2027-05-12T10:15:00+08:00``: a moment, with the offset that makes it one."""
    moment = dt.datetime.fromisoformat(text)
    if moment.utcoffset() is None:
        raise ValueError(f"{NOW}={text} needs its UTC offset, e.g. {text}+07:00")
    return moment


def moment_described(at: dt.datetime) -> str:
    """``ALUR_TEST_NOW=… (Wednesday; 14 Oct 10:00 WIB, 14 Oct 11:00 WITA, …)``."""
    local = ", ".join(
        f"{at.astimezone(dt.timezone(dt.timedelta(hours=hours))):%d %b %H:%M} {name}"
        for name, hours in ZONES
    )
    return f"{NOW}={at.isoformat()} ({at:%A}; {local})"


@contextmanager
def travelling(moment: dt.datetime) -> Iterator[None]:
    """The clock shows ``moment`` now and runs on from it; the processes started meanwhile
    follow it."""
    import time_machine

    traveller = time_machine.travel(moment, tick=True)
    traveller.start()
    time.time()  # the travelling clock starts to tick at its first reading
    before = {name: os.environ.get(name) for name in (NOW, SINCE)}
    os.environ[NOW] = moment.isoformat()
    os.environ[SINCE] = repr(time_machine.escape_hatch.time.time())
    try:
        yield
    finally:
        traveller.stop()
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def follow() -> None:
    """In a process a test started: travel to where the test's clock stands now."""
    if not os.environ.get(NOW):
        return
    import time_machine

    moment = moment_read(os.environ[NOW])
    since = float(os.environ.get(SINCE) or time.time())
    time_machine.travel(moment + dt.timedelta(seconds=time.time() - since), tick=True).start()
    if os.environ.get("ALUR_S3_ENDPOINT"):
        _s3_signing_on_real_time()


def _s3_signing_on_real_time() -> None:
    """The tests' S3 server (tests/storage) runs on the real clock and refuses a request signed
    more than 15 minutes away from it: boto3 signs with the real time, nothing else does."""
    import botocore.auth
    import time_machine

    def real_utc_now(remove_tzinfo: bool = True) -> dt.datetime:
        now = dt.datetime.fromtimestamp(time_machine.escape_hatch.time.time(), dt.UTC)
        return now.replace(tzinfo=None) if remove_tzinfo else now

    botocore.auth.get_current_datetime = real_utc_now


if __name__ == "sitecustomize":
    follow()
