"""Two workers scanning at the same moment, each on its own database connection, send each
message once: the ``Alert`` row's unique constraint lets one of them claim it.

On PostgreSQL two threads run at once and meet at the case row lock and the constraint. The
test database of SQLite is shared in memory, where a second connection fails at once instead
of waiting, so on SQLite two worker processes run against a database file instead
(``test_two_worker_processes.py``), as an office installation does.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from deadlinekit import WIB, StepThree, at_once
from django.db import connection

from alur.cases.models import Event
from alur.deadlines.alerts import ScanResult, deadlines_scan
from alur.deadlines.models import Alert
from alur.notifications.models import Notification

OPENED = dt.datetime(2026, 8, 14, 10, 0, tzinfo=WIB)
SOON = dt.datetime(2026, 8, 18, 8, 30, tzinfo=WIB)
LATE = dt.datetime(2026, 8, 18, 10, 30, tzinfo=WIB)
WORKERS = 2


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database cannot wait for a lock between threads",
)
def test_two_workers_at_once_send_one_reminder_and_one_escalation(
    transactional_db: None, demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, _task = hosting_at_step_3(OPENED)

    soon = at_once(lambda: deadlines_scan(now=SOON), WORKERS)
    late = at_once(lambda: deadlines_scan(now=LATE), WORKERS)

    assert sorted(soon, key=repr) == [ScanResult(), ScanResult(reminders=1)]
    assert sorted(late, key=repr) == [ScanResult(), ScanResult(escalations=1)]
    assert list(Alert.objects.order_by("id").values_list("kind", "recipients")) == [
        (Alert.Kind.REMINDER, ["kabid.pe"]),
        (Alert.Kind.ESCALATION, ["kadis.batam"]),
    ]
    alerts = Notification.objects.filter(kind__in=["pengingat", "eskalasi"])  # not the steps' news
    assert list(alerts.order_by("id").values_list("recipient__username", "kind")) == [
        ("kabid.pe", "pengingat"),
        ("kadis.batam", "eskalasi"),
    ]
    assert list(
        Event.objects.filter(case=case, kind__startswith="deadlines.")
        .order_by("seq")
        .values_list("kind", flat=True)
    ) == ["deadlines.reminder.sent", "deadlines.escalation.sent"]


def test_a_restarted_worker_sends_nothing_again(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    hosting_at_step_3(OPENED)
    assert deadlines_scan(now=SOON) == ScanResult(reminders=1)

    # A new process knows nothing in memory: only the database says what was sent.
    assert [deadlines_scan(now=SOON + dt.timedelta(minutes=m)) for m in (0, 1, 5)] == [
        ScanResult()
    ] * 3
    assert Alert.objects.count() == 1
