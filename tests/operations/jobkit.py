"""A job for the worker tests, run by real ``alur worker`` processes: it does the deadline scans
of a step's reminder and escalation, says so with a file, and then holds its worker until the
test lets it go, so that the test can kill the worker in the middle of it."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from django_tasks import task

from alur.deadlines.alerts import deadlines_scan


@task()
def scan_then_wait(moments: list[str], folder: str) -> dict[str, int]:
    sent = {"reminders": 0, "escalations": 0}
    for moment in moments:
        result = deadlines_scan(now=dt.datetime.fromisoformat(moment))
        sent["reminders"] += result.reminders
        sent["escalations"] += result.escalations
    (Path(folder) / f"scanned-{os.getpid()}").touch()
    give_up = time.monotonic() + 300
    while not (Path(folder) / "go").exists() and time.monotonic() < give_up:
        time.sleep(0.05)
    return sent
