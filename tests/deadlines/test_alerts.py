"""Reminders and escalations: a step walked past due soon and late gets exactly one of each,
sent only in office hours, across a holiday and a weekend."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from deadlinekit import WIB, StepThree
from django.core import mail
from django.utils import timezone

from alur.cases.audit import verify_case
from alur.cases.models import Case, Event
from alur.deadlines.alerts import ScanResult, deadlines_scan
from alur.deadlines.models import Alert
from alur.notifications.models import Notification
from alur.notifications.outbox import mails_deliver
from alur.offices.models import Office

# Friday 14 August 2026 10:00 WIB; Monday 17 August is Hari Kemerdekaan, so step 3 (1 hari)
# is due Tuesday 18 August 10:00. With 25% due soon, the last 120 office minutes are
# Tuesday 08:00-10:00.
OPENED = dt.datetime(2026, 8, 14, 10, 0, tzinfo=WIB)
DUE = dt.datetime(2026, 8, 18, 10, 0, tzinfo=WIB)


ALERTS = ("pengingat", "eskalasi")
"""The kinds of the alerts; the steps' own moves are told as other kinds."""


def _titles(username: str, demo: SimpleNamespace) -> list[str]:
    return list(
        Notification.objects.filter(recipient=demo.people[username], kind__in=ALERTS)
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_a_step_gets_one_reminder_then_one_escalation_across_a_holiday_and_a_weekend(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, task = hosting_at_step_3(OPENED)
    assert task.due_at == DUE

    quiet = [
        dt.datetime(2026, 8, 14, 15, 59, tzinfo=WIB),  # Friday, 121 office minutes left
        dt.datetime(2026, 8, 15, 10, 0, tzinfo=WIB),  # Saturday
        dt.datetime(2026, 8, 17, 9, 0, tzinfo=WIB),  # Monday, Hari Kemerdekaan
        dt.datetime(2026, 8, 18, 8, 0, tzinfo=WIB),  # Tuesday at opening: 120 minutes left
    ]
    assert [deadlines_scan(now=moment) for moment in quiet] == [ScanResult()] * 4

    soon = dt.datetime(2026, 8, 18, 8, 1, tzinfo=WIB)
    assert deadlines_scan(now=soon) == ScanResult(reminders=1)
    assert deadlines_scan(now=soon + dt.timedelta(minutes=30)) == ScanResult()

    late = dt.datetime(2026, 8, 18, 10, 1, tzinfo=WIB)
    assert deadlines_scan(now=late) == ScanResult(escalations=1)
    assert deadlines_scan(now=late + dt.timedelta(hours=2)) == ScanResult()
    assert deadlines_scan(now=dt.datetime(2026, 8, 19, 9, 0, tzinfo=WIB)) == ScanResult()

    assert _titles("kabid.pe", demo) == [
        f"Langkah 3 permohonan {case.number} jatuh tempo 18-08-2026 10:00"
    ]
    assert _titles("kadis.batam", demo) == [
        f"Langkah 3 permohonan {case.number} terlambat sejak 18-08-2026 10:00"
    ]
    mails_deliver(now=timezone.now())  # the worker's delivery of the outbox
    assert sorted(m.to[0] for m in mail.outbox if "jatuh tempo" in m.subject) == [
        "kabid.pe@demo.invalid"
    ]
    assert sorted(m.to[0] for m in mail.outbox if "terlambat" in m.subject) == [
        "kadis.batam@demo.invalid"
    ]
    alerts = list(
        Alert.objects.order_by("id").values_list("kind", "due_at", "sent_at", "recipients")
    )
    assert alerts == [
        (Alert.Kind.REMINDER, DUE, soon, ["kabid.pe"]),
        (Alert.Kind.ESCALATION, DUE, late, ["kadis.batam"]),
    ]
    events = list(
        Event.objects.filter(case=case, kind__startswith="deadlines.").values_list(
            "kind", "step", "data"
        )
    )
    assert events == [
        ("deadlines.reminder.sent", 3, {"due": "2026-08-18T03:00:00+00:00", "to": ["kabid.pe"]}),
        (
            "deadlines.escalation.sent",
            3,
            {"due": "2026-08-18T03:00:00+00:00", "to": ["kadis.batam"]},
        ),
    ]
    assert verify_case(Case.objects.get(pk=case.pk)) is None


def test_a_step_done_in_time_gets_nothing(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    from alur.cases import services

    case, _task = hosting_at_step_3(OPENED)
    services.task_act(
        case=case,
        step=3,
        actor=demo.people["kabid.pe"],
        decision="ya",
        at=OPENED + dt.timedelta(hours=1),
    )

    assert deadlines_scan(now=dt.datetime(2026, 8, 18, 9, 0, tzinfo=WIB)).reminders == 0
    assert Alert.objects.filter(task__step=3).count() == 0


def test_the_due_soon_share_is_the_offices_setting(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    # 50%: due soon when less than 240 of the 480 office minutes are left, from Friday 14:00.
    Office.objects.filter(pk=demo.batam.pk).update(due_soon_percent=50)
    hosting_at_step_3(OPENED)

    assert deadlines_scan(now=dt.datetime(2026, 8, 14, 14, 0, tzinfo=WIB)) == ScanResult()
    assert deadlines_scan(now=dt.datetime(2026, 8, 14, 14, 1, tzinfo=WIB)) == ScanResult(
        reminders=1
    )


def test_nothing_is_sent_outside_office_hours(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    hosting_at_step_3(OPENED)
    evenings = [
        dt.datetime(2026, 8, 18, 16, 0, tzinfo=WIB),  # closing time
        dt.datetime(2026, 8, 18, 23, 59, tzinfo=WIB),
        dt.datetime(2026, 8, 19, 0, 0, tzinfo=WIB),  # midnight
        dt.datetime(2026, 8, 19, 7, 59, tzinfo=WIB),
    ]

    assert [deadlines_scan(now=moment) for moment in evenings] == [ScanResult()] * 4
    assert deadlines_scan(now=dt.datetime(2026, 8, 19, 8, 0, tzinfo=WIB)) == ScanResult(
        escalations=1
    )
