"""An agreed extension: by the head of the step's lane, with a reason, recorded in the case's
record; ``Task.due_at`` keeps the original target and elapsed time is not re-based."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from deadlinekit import WIB, StepThree

from alur.cases import selectors as case_selectors
from alur.cases.audit import verify_case
from alur.cases.due import DueState
from alur.cases.models import Case, Event, Task
from alur.cases.services import Invalid, NotAllowed
from alur.deadlines import services
from alur.deadlines.alerts import ScanResult, deadlines_scan
from alur.deadlines.models import Alert, DueChange
from alur.notifications.models import Notification
from alur.offices.calendar import calendar_for

OPENED = dt.datetime(2026, 8, 14, 10, 0, tzinfo=WIB)  # Friday; step 3 due Tuesday 18 August 10:00
TARGET = dt.datetime(2026, 8, 18, 10, 0, tzinfo=WIB)
EXTENDED = dt.datetime(2026, 8, 20, 16, 0, tzinfo=WIB)  # Thursday, closing time


def _record(case: Case) -> tuple[int, int, str]:
    row = Case.objects.get(pk=case.pk)
    return row.version, Event.objects.filter(case=case).count(), row.last_event_hash


def test_the_lane_head_extends_a_step_and_the_record_keeps_the_target(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, task = hosting_at_step_3(OPENED)
    version_before = Case.objects.get(pk=case.pk).version
    at = dt.datetime(2026, 8, 17, 20, 0, tzinfo=WIB)

    change = services.due_extend(
        task=task,
        actor=demo.people["kadis.batam"],
        due=EXTENDED,
        reason="Menunggu surat penunjukan administrator yang direvisi",
        at=at,
    )

    assert Task.objects.get(pk=task.pk).due_at == TARGET
    assert Task.objects.get(pk=task.pk).due == EXTENDED
    assert (change.kind, change.previous_due, change.due_at, change.changed_by.username) == (
        DueChange.Kind.EXTENSION,
        TARGET,
        EXTENDED,
        "kadis.batam",
    )
    event = Event.objects.filter(case=case).order_by("-seq").first()
    assert event is not None
    assert (event.kind, event.step, event.actor, event.note, event.data) == (
        "deadlines.due.extended",
        3,
        demo.people["kadis.batam"],
        "Menunggu surat penunjukan administrator yang direvisi",
        {
            "from": "2026-08-18T03:00:00+00:00",
            "to": "2026-08-20T09:00:00+00:00",
            "target": "2026-08-18T03:00:00+00:00",
        },
    )
    row = Case.objects.get(pk=case.pk)
    assert row.version == version_before  # nobody's open page goes stale
    assert verify_case(row) is None
    told = Notification.objects.filter(kind="tenggat").values_list("recipient__username", "title")
    # The lane is told, and the requester; the Kadis who extended it is not.
    assert sorted(told) == [
        ("kabid.pe", f"Tenggat langkah 3 permohonan {case.number} menjadi 20-08-2026 16:00"),
        (
            "opd.disdukcapil",
            f"Penyelesaian langkah 3 permohonan {case.number} diperpanjang sampai 20-08-2026 16:00",
        ),
    ]


def test_due_marks_and_alerts_follow_the_extended_due_while_elapsed_time_stays(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, task = hosting_at_step_3(OPENED)
    services.due_extend(
        task=task, actor=demo.people["kadis.batam"], due=EXTENDED, reason="Disepakati", at=OPENED
    )
    after_target = dt.datetime(2026, 8, 18, 11, 0, tzinfo=WIB)  # past the target, not the extension

    [row] = case_selectors.inbox(demo.people["kabid.pe"], now=after_target)
    assert (row.due, row.due_state) == (EXTENDED, DueState.TEPAT)
    page = case_selectors.case_page(case, demo.people["kabid.pe"], now=after_target)
    visit = next(v for v in page.visits if v.task.step == 3)
    # Friday 10:00-16:00 and Tuesday 08:00-11:00 worked; 1 working day allowed by the SOP.
    assert (visit.taken_minutes, visit.allowed_minutes, visit.due, visit.due_state) == (
        540,
        480,
        EXTENDED,
        DueState.TEPAT,
    )
    assert deadlines_scan(now=after_target) == ScanResult()

    # 1,800 office minutes from Friday 10:00 to Thursday 16:00 (Monday is a holiday): due soon
    # under 450 left, after Thursday 08:30.
    assert deadlines_scan(now=dt.datetime(2026, 8, 20, 8, 30, tzinfo=WIB)) == ScanResult()
    assert deadlines_scan(now=dt.datetime(2026, 8, 20, 8, 31, tzinfo=WIB)) == ScanResult(
        reminders=1
    )
    assert deadlines_scan(now=dt.datetime(2026, 8, 21, 8, 0, tzinfo=WIB)) == ScanResult(
        escalations=1
    )
    assert list(Alert.objects.values_list("kind", "due_at").order_by("id")) == [
        (Alert.Kind.REMINDER, EXTENDED),
        (Alert.Kind.ESCALATION, EXTENDED),
    ]


def test_a_step_late_on_saturday_night_is_escalated_at_mondays_opening(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    _case, task = hosting_at_step_3(OPENED)
    saturday_night = dt.datetime(2026, 8, 22, 21, 0, tzinfo=WIB)
    # A new due must now be a working moment; a due kept from before that rule (or written by
    # hand) may still fall on a Saturday night, and the scan must treat it right.
    Task.objects.filter(pk=task.pk).update(changed_due_at=saturday_night)
    quiet = [
        dt.datetime(2026, 8, 22, 21, 30, tzinfo=WIB),
        dt.datetime(2026, 8, 23, 0, 0, tzinfo=WIB),
        dt.datetime(2026, 8, 23, 12, 0, tzinfo=WIB),
        dt.datetime(2026, 8, 24, 7, 59, tzinfo=WIB),
    ]

    assert [deadlines_scan(now=moment) for moment in quiet] == [ScanResult()] * 4
    monday = dt.datetime(2026, 8, 24, 8, 0, tzinfo=WIB)
    assert deadlines_scan(now=monday) == ScanResult(escalations=1)
    assert list(
        Alert.objects.filter(kind=Alert.Kind.ESCALATION).values_list("sent_at", flat=True)
    ) == [monday]


@pytest.mark.parametrize(
    ("who", "due", "reason", "error", "message"),
    [
        (
            "kabid.pe",
            EXTENDED,
            "Saya sendiri",
            NotAllowed,
            "Tenggat langkah 3 hanya dapat diperpanjang oleh atasan pelaksananya.",
        ),
        (
            "kasi.pa",
            EXTENDED,
            "Bukan atasan",
            NotAllowed,
            "Tenggat langkah 3 hanya dapat diperpanjang oleh atasan pelaksananya.",
        ),
        # Another office's Kadis learns nothing else, not even that the reason is missing.
        (
            "kadis.sumbawa",
            EXTENDED,
            "",
            NotAllowed,
            "Tenggat langkah 3 hanya dapat diperpanjang oleh atasan pelaksananya.",
        ),
        ("kadis.batam", EXTENDED, "   ", Invalid, "Alasan perubahan tenggat wajib diisi."),
        (
            "kadis.batam",
            dt.datetime(2026, 8, 18, 9, 0, tzinfo=WIB),
            "Dipercepat",
            Invalid,
            "Tenggat baru harus sesudah tenggat sekarang (18-08-2026 10:00).",
        ),
        # The new due is a moment the office works.
        (
            "kadis.batam",
            dt.datetime(2026, 8, 22, 16, 0, tzinfo=WIB),
            "Menunggu dokumen",
            Invalid,
            "Sabtu, 22 Agustus 2026 bukan hari kerja kantor; pilih hari kerja, mis. "
            "Senin, 24 Agustus 2026.",
        ),
        (
            "kadis.batam",
            dt.datetime(2026, 8, 20, 20, 0, tzinfo=WIB),
            "Menunggu dokumen",
            Invalid,
            "Pukul 20.00 di luar jam kantor (08.00–16.00); pilih jam kantor.",
        ),
    ],
)
def test_a_refused_extension_changes_nothing(
    demo: SimpleNamespace,
    hosting_at_step_3: StepThree,
    who: str,
    due: dt.datetime,
    reason: str,
    error: type[Exception],
    message: str,
) -> None:
    case, task = hosting_at_step_3(OPENED)
    before = _record(case)
    told = Notification.objects.count()  # of the steps so far

    with pytest.raises(error) as raised:
        services.due_extend(task=task, actor=demo.people[who], due=due, reason=reason, at=OPENED)

    assert str(raised.value) == message
    assert _record(case) == before
    assert DueChange.objects.count() == 0
    assert Notification.objects.count() == told


def test_a_step_no_longer_open_cannot_be_extended(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    from alur.cases import services as case_services

    case, task = hosting_at_step_3(OPENED)
    case_services.task_act(
        case=case, step=3, actor=demo.people["kabid.pe"], decision="ya", at=OPENED
    )

    with pytest.raises(Invalid) as raised:
        services.due_extend(
            task=task, actor=demo.people["kadis.batam"], due=EXTENDED, reason="Terlambat", at=OPENED
        )

    assert str(raised.value) == "Langkah 3 sudah tidak terbuka; tenggatnya tidak dapat diubah."
    assert DueChange.objects.count() == 0


@pytest.mark.parametrize(
    ("due", "days", "moved"),
    [
        # Friday at closing time, one working day on: Monday at closing time.
        (
            dt.datetime(2026, 8, 21, 16, 0, tzinfo=WIB),
            1,
            dt.datetime(2026, 8, 24, 16, 0, tzinfo=WIB),
        ),
        # Tuesday 10:00, three working days on, over the weekend: Friday 10:00.
        (
            dt.datetime(2026, 8, 18, 10, 0, tzinfo=WIB),
            3,
            dt.datetime(2026, 8, 21, 10, 0, tzinfo=WIB),
        ),
        # Over Independence Day (Monday 17 August 2026, a national holiday).
        (
            dt.datetime(2026, 8, 14, 10, 0, tzinfo=WIB),
            1,
            dt.datetime(2026, 8, 18, 10, 0, tzinfo=WIB),
        ),
        # A due on a Saturday evening: the first working day is Monday, at closing time.
        (
            dt.datetime(2026, 8, 22, 19, 0, tzinfo=WIB),
            1,
            dt.datetime(2026, 8, 24, 16, 0, tzinfo=WIB),
        ),
    ],
)
def test_working_days_added_keep_the_time_and_skip_days_off(
    demo: SimpleNamespace, due: dt.datetime, days: int, moved: dt.datetime
) -> None:
    assert services.after_working_days(calendar_for(demo.batam), due, days) == moved


def test_a_new_due_on_a_holiday_names_the_holiday(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    _case, task = hosting_at_step_3(dt.datetime(2026, 8, 11, 10, 0, tzinfo=WIB))

    with pytest.raises(Invalid) as raised:
        services.due_extend(
            task=task,
            actor=demo.people["kadis.batam"],
            due=dt.datetime(2026, 8, 17, 12, 0, tzinfo=WIB),
            reason="Menunggu dokumen",
            at=dt.datetime(2026, 8, 12, 9, 0, tzinfo=WIB),
        )

    assert str(raised.value).startswith("Senin, 17 Agustus 2026 bukan hari kerja kantor (")
    assert str(raised.value).endswith("); pilih hari kerja, mis. Selasa, 18 Agustus 2026.")
    assert DueChange.objects.count() == 0
