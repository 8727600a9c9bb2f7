"""The service deadline (``batas_waktu``) of a running case is reminded when due soon and
escalated when passed, once per due it is held to, only in office hours, never for an ended
case; an agreed extension gives new messages for the new due.

The complaint SOP (Sumbawa, WITA, office hours 08:00-16:00) is answered within 5 working days:
opened Monday 2 March 2026 09:00, due Monday 9 March 09:00. With 25% due soon, the last 600
office minutes start Thursday 5 March 15:00. Its step 2 (3 Hari Kerja, the Kabid TI's lane)
opens with the case and is due Thursday 5 March 09:00, so it is late by then and escalated on
its own (``escalations``) at the first scan."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from deadlinekit import WITA, at_once, pdf_bytes, uploads
from django.core import mail
from django.db import connection
from django.utils import timezone

from alur.cases import services as case_services
from alur.cases.audit import verify_case
from alur.cases.models import Case, Event
from alur.catalog.services import sop_version_create
from alur.deadlines import services
from alur.deadlines.alerts import ScanResult, deadlines_scan
from alur.deadlines.models import Alert, DeadlinePolicy
from alur.notifications.models import Notification
from alur.notifications.outbox import mails_deliver
from alur.offices.models import Role

SOP = Path(__file__).parent / "sops" / "pengaduan-perpanjangan.yaml"
OPENED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)  # Monday
DUE = dt.datetime(2026, 3, 9, 9, 0, tzinfo=WITA)  # 5 working days on
SOON = dt.datetime(2026, 3, 5, 15, 1, tzinfo=WITA)  # Thursday, 599 office minutes left
LATE = dt.datetime(2026, 3, 9, 9, 1, tzinfo=WITA)
EXTENDED = dt.datetime(2026, 3, 16, 9, 0, tzinfo=WITA)  # 5 more working days
STEP_LATE = ScanResult(escalations=1)
"""The first scan after Thursday 5 March 09:00 also escalates step 2, late on its own."""


@pytest.fixture
def complaint(demo: SimpleNamespace) -> Case:
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)
    return case_services.case_open(
        office=demo.sumbawa,
        sop_code="pengaduan-layanan",
        requester=demo.people["opd.bappeda"],
        title="Aplikasi SIMPEG tidak dapat diakses",
        uploads={"Surat Pengaduan": (io.BytesIO(pdf_bytes("aduan")), "aduan.pdf")},
        at=OPENED,
    )


def _service_alerts() -> list[tuple[str, dt.datetime, dt.datetime, list[str]]]:
    return list(
        Alert.objects.filter(case__isnull=False)
        .order_by("id")
        .values_list("kind", "due_at", "sent_at", "recipients")
    )


def _service_titles(username: str, demo: SimpleNamespace) -> list[str]:
    return list(
        Notification.objects.filter(
            recipient=demo.people[username], kind__in=["pengingat-layanan", "eskalasi-layanan"]
        )
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_a_case_gets_one_service_reminder_then_one_service_escalation(
    demo: SimpleNamespace, complaint: Case
) -> None:
    assert deadlines_scan(now=SOON - dt.timedelta(minutes=1)) == STEP_LATE  # 600 minutes left

    assert deadlines_scan(now=SOON) == ScanResult(service_reminders=1)
    assert deadlines_scan(now=SOON + dt.timedelta(minutes=30)) == ScanResult()
    assert deadlines_scan(now=DUE) == ScanResult()  # due at, not yet passed

    assert deadlines_scan(now=LATE) == ScanResult(service_escalations=1)
    assert deadlines_scan(now=LATE + dt.timedelta(hours=2)) == ScanResult()
    assert deadlines_scan(now=dt.datetime(2026, 3, 10, 9, 0, tzinfo=WITA)) == ScanResult()

    number = complaint.number
    assert _service_titles("kabid.ti", demo) == [
        f"Batas waktu layanan permohonan {number} jatuh tempo 09-03-2026 09:00"
    ]
    assert _service_titles("kadis.sumbawa", demo) == [
        f"Batas waktu layanan permohonan {number} terlewati sejak 09-03-2026 09:00"
    ]
    reminder = Notification.objects.get(kind="pengingat-layanan")
    assert reminder.body == (
        "Aplikasi SIMPEG tidak dapat diakses\n2. Kepala Bidang TI menelaah pengaduan."
    )
    assert _service_alerts() == [
        (Alert.Kind.SERVICE_REMINDER, DUE, SOON, ["kabid.ti"]),
        (Alert.Kind.SERVICE_ESCALATION, DUE, LATE, ["kadis.sumbawa"]),
    ]
    events = list(
        Event.objects.filter(case=complaint, kind__startswith="deadlines.service.")
        .order_by("seq")
        .values_list("kind", "step", "data")
    )
    due = "2026-03-09T01:00:00+00:00"
    assert events == [
        ("deadlines.service.reminder.sent", None, {"due": due, "to": ["kabid.ti"], "steps": [2]}),
        (
            "deadlines.service.escalation.sent",
            None,
            {"due": due, "to": ["kadis.sumbawa"], "steps": [2]},
        ),
    ]
    mail.outbox.clear()
    mails_deliver(now=timezone.now())
    service_mails = sorted(m.to[0] for m in mail.outbox if "Batas waktu layanan" in m.subject)
    assert service_mails == ["kabid.ti@demo.invalid", "kadis.sumbawa@demo.invalid"]
    assert verify_case(Case.objects.get(pk=complaint.pk)) is None


def test_the_escalation_goes_to_the_open_steps_heads_and_the_sop_owner(
    demo: SimpleNamespace, complaint: Case
) -> None:
    owner = Role.objects.get(office=demo.sumbawa, code="kasi-aplikasi")
    DeadlinePolicy.objects.create(office=demo.sumbawa, review_role=owner)

    assert deadlines_scan(now=LATE) == ScanResult(escalations=1, service_escalations=1)

    [(_kind, _due, _at, recipients)] = _service_alerts()
    assert recipients == ["kadis.sumbawa", "kasi.aplikasi"]


def test_an_extension_gives_a_new_reminder_and_a_new_escalation(
    demo: SimpleNamespace, complaint: Case
) -> None:
    assert deadlines_scan(now=SOON) == ScanResult(escalations=1, service_reminders=1)
    services.service_extend(
        case=complaint,
        actor=demo.people["kadis.sumbawa"],
        due=EXTENDED,
        reason="Pemeriksaan log server memerlukan bantuan penyedia jaringan.",
        notice=(io.BytesIO(pdf_bytes("pemberitahuan")), "pemberitahuan.pdf"),
        at=SOON + dt.timedelta(minutes=10),
    )

    # 10 working days allowed, 25% = 1200 office minutes: due soon from Wednesday 11 March 13:00.
    assert deadlines_scan(now=LATE) == ScanResult()
    assert deadlines_scan(now=dt.datetime(2026, 3, 11, 13, 0, tzinfo=WITA)) == ScanResult()
    soon = dt.datetime(2026, 3, 11, 13, 1, tzinfo=WITA)
    assert deadlines_scan(now=soon) == ScanResult(service_reminders=1)
    late = dt.datetime(2026, 3, 16, 9, 1, tzinfo=WITA)
    assert deadlines_scan(now=late) == ScanResult(service_escalations=1)
    assert deadlines_scan(now=late + dt.timedelta(minutes=5)) == ScanResult()

    assert [(kind, due) for kind, due, _at, _to in _service_alerts()] == [
        (Alert.Kind.SERVICE_REMINDER, DUE),
        (Alert.Kind.SERVICE_REMINDER, EXTENDED),
        (Alert.Kind.SERVICE_ESCALATION, EXTENDED),
    ]


def test_nothing_is_sent_outside_office_hours(demo: SimpleNamespace, complaint: Case) -> None:
    evenings = [
        dt.datetime(2026, 3, 5, 16, 0, tzinfo=WITA),  # Thursday at closing time, due soon
        dt.datetime(2026, 3, 7, 10, 0, tzinfo=WITA),  # Saturday
        dt.datetime(2026, 3, 9, 16, 0, tzinfo=WITA),  # Monday at closing time, passed
        dt.datetime(2026, 3, 9, 23, 59, tzinfo=WITA),
        dt.datetime(2026, 3, 10, 7, 59, tzinfo=WITA),
    ]

    assert [deadlines_scan(now=moment) for moment in evenings] == [ScanResult()] * 5
    assert Alert.objects.count() == 0
    assert deadlines_scan(now=dt.datetime(2026, 3, 10, 8, 0, tzinfo=WITA)) == ScanResult(
        escalations=1, service_escalations=1
    )


def test_an_ended_case_gets_nothing(demo: SimpleNamespace, complaint: Case) -> None:
    kabid = demo.people["kabid.ti"]
    at = OPENED + dt.timedelta(hours=1)
    case = case_services.task_act(
        case=complaint, step=2, actor=kabid, uploads=uploads(("Telaahan Pengaduan",)), at=at
    )
    case = case_services.task_act(
        case=case, step=3, actor=kabid, uploads=uploads(("Jawaban Pengaduan",)), at=at
    )
    assert case.status == Case.Status.FINISHED

    assert deadlines_scan(now=SOON) == ScanResult()
    assert deadlines_scan(now=LATE) == ScanResult()
    assert Alert.objects.count() == 0


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database cannot wait for a lock between threads",
)
def test_two_workers_at_once_send_one_service_reminder_and_one_service_escalation(
    transactional_db: None, demo: SimpleNamespace, complaint: Case
) -> None:
    assert deadlines_scan(now=SOON - dt.timedelta(minutes=1)) == STEP_LATE

    soon = at_once(lambda: deadlines_scan(now=SOON), 2)
    late = at_once(lambda: deadlines_scan(now=LATE), 2)

    assert sorted(soon, key=repr) == [ScanResult(), ScanResult(service_reminders=1)]
    assert sorted(late, key=repr) == [ScanResult(), ScanResult(service_escalations=1)]
    assert [(kind, to) for kind, _due, _at, to in _service_alerts()] == [
        (Alert.Kind.SERVICE_REMINDER, ["kabid.ti"]),
        (Alert.Kind.SERVICE_ESCALATION, ["kadis.sumbawa"]),
    ]
    assert list(
        Notification.objects.filter(kind__endswith="-layanan")
        .order_by("id")
        .values_list("recipient__username", "kind")
    ) == [("kabid.ti", "pengingat-layanan"), ("kadis.sumbawa", "eskalasi-layanan")]
    assert list(
        Event.objects.filter(case=complaint, kind__startswith="deadlines.service.")
        .order_by("seq")
        .values_list("kind", flat=True)
    ) == ["deadlines.service.reminder.sent", "deadlines.service.escalation.sent"]
