"""A worker killed (SIGKILL) while it sends a webhook loses no delivery: it held the delivery by
a lease and changed nothing else, so the row is still waiting; another pass leaves it alone while
the lease holds and sends it once the lease has run out, with the same webhook-id. A real
``alur worker`` process and a real receiver on the suite's PostgreSQL, whose claim is
``SKIP LOCKED`` (the database fixture of the killed-worker test of the job queue). The lease
itself, the same on SQLite, is checked in-process by test_webhook_delivery.py."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.operations import test_dead_worker as dead
from tests.webhooks.receiver import HOLD, UP, Receiver

ROOT = Path(__file__).resolve().parents[2]
database = dead.database
"""The processes' environment and a reader of the database they share."""

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the claim by SKIP LOCKED is PostgreSQL's"
)

SETUP = """
import datetime as dt, sys
import django
django.setup()
from zoneinfo import ZoneInfo
from alur.demo import demo_load
from alur.offices.models import Office, User
from alur.webhooks import services
from tests.cases.casekit import Desk, sop2_opened

demo_load()
batam = Office.objects.get(code="diskominfo-batam")
people = {user.username: user for user in User.objects.all()}
_subscription, secret = services.subscription_create(
    office=batam, actor=people["admin.batam"], url=sys.argv[1], event_types=["case.opened"]
)
sop2_opened(Desk(people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Asia/Jakarta"))), batam)
print(secret)
"""
TWO_PASSES = """
import dataclasses, datetime as dt, json
import django
django.setup()
import time_machine
from django.utils import timezone
from alur.webhooks.delivery import LEASE, deliveries_send

held = dataclasses.asdict(deliveries_send())
with time_machine.travel(timezone.now() + LEASE + dt.timedelta(seconds=1), tick=True):
    sent = dataclasses.asdict(deliveries_send())
print(json.dumps([held, sent]))
"""


def _passes(env: dict[str, str]) -> list[dict[str, int]]:
    """Another worker's pass now, and once more after the lease has run out."""
    done = subprocess.run(
        [sys.executable, "-c", TWO_PASSES],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result: list[dict[str, int]] = json.loads(done.stdout)
    return result


# Committed rows, emptied after the test: the processes must see what the others wrote.
@pytest.mark.django_db(transaction=True)
def test_a_delivery_held_by_a_killed_worker_is_sent_once_its_lease_has_run_out(
    database: tuple[dict[str, str], Any], tmp_path: Path, receiver: Receiver
) -> None:
    env, rows = database
    env["ALUR_WEBHOOK_ALLOWED_HOSTS"] = "127.0.0.1"
    receiver.mode = HOLD
    receiver.start()
    setup = subprocess.run(
        [sys.executable, "-c", SETUP, receiver.url],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    receiver.secret = setup.stdout.split()[-1]

    worker = dead._worker(env, tmp_path / "worker.log")
    try:
        dead._until("the worker sent the delivery", receiver.arrived.is_set)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()

    # The killed worker's claim is a lease on a row that is still waiting, with no outcome.
    [(state, attempts, locked_until)] = rows(
        "SELECT state, attempts, locked_until FROM webhooks_delivery"
    )
    assert (state, attempts) == ("menunggu", 1)
    assert locked_until is not None
    assert rows("SELECT COUNT(*) FROM webhooks_attempt") == [(0,)]
    receiver.mode = UP
    receiver.release.set()

    held, sent = _passes(env)

    assert held == {"delivered": 0, "retrying": 0, "failed": 0}
    assert sent == {"delivered": 1, "retrying": 0, "failed": 0}
    [(message_id, state, attempts)] = rows(
        "SELECT message_id, state, attempts FROM webhooks_delivery"
    )
    assert (state, attempts) == ("terkirim", 2)
    # The receiver got it twice (the first answer was lost), the same webhook-id both times.
    assert receiver.calls == [("/hook", message_id), ("/hook", message_id)]
    assert receiver.ids() == [message_id]
    assert receiver.forged == 0
