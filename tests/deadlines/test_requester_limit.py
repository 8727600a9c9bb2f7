"""The requester's time limit (``batas_pemohon``): a request returned to the requester to
complete within 14 days is reminded 7 days and 1 day before its last day, in office hours,
each once; the case lapses (gugur) at the first scan after the last day ends, at any hour,
once however often the scan runs; a requester who completes in time keeps the case running,
and a lapsed case can no longer be acted on."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from deadlinekit import WITA, pdf_bytes
from django.test import Client

from alur.cases import services
from alur.cases.audit import verify_case
from alur.cases.models import Case, Event, OpenLane, Task
from alur.catalog.services import sop_version_create
from alur.deadlines.alerts import ScanResult, deadlines_scan
from alur.deadlines.models import Alert
from alur.notifications.models import Notification
from tests.cases.casekit import snapshot_of

pytestmark = pytest.mark.django_db

SOP = Path(__file__).parent / "sops" / "izin-lengkapi.yaml"
OPENED = dt.datetime(2026, 12, 7, 9, 0, tzinfo=WITA)  # Monday
RETURNED = dt.datetime(2026, 12, 7, 10, 0, tzinfo=WITA)  # step 3 opens: the last day is 21 Dec
LIMIT_ENDS = dt.datetime(2026, 12, 22, 0, 0, tzinfo=WITA)  # the end of Monday 21 December
REASON = "Pemohon tidak melengkapi dalam 14 hari (sampai Senin, 21 Desember 2026)."


@pytest.fixture
def returned(demo: SimpleNamespace) -> Case:
    """A request the Kabid found incomplete: back at the requester's step 3."""
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)
    case = services.case_open(
        office=demo.sumbawa,
        sop_code="izin-lengkapi",
        requester=demo.people["opd.bappeda"],
        title="Izin penggunaan SIMPEG",
        uploads={"Surat Permohonan": (io.BytesIO(pdf_bytes("surat")), "surat.pdf")},
        at=OPENED,
    )
    return services.task_act(
        case=case,
        step=2,
        actor=demo.people["kabid.ti"],
        decision="tidak",
        note="Lampirkan daftar pengguna.",
        at=RETURNED,
    )


def test_the_case_lapses_at_the_first_scan_after_the_limit_not_before(demo, returned) -> None:
    assert deadlines_scan(now=LIMIT_ENDS - dt.timedelta(minutes=1)) == ScanResult()
    assert Case.objects.get(pk=returned.pk).status == Case.Status.RUNNING

    # Past midnight, the office closed: the case lapses all the same.
    lapsed_at = LIMIT_ENDS + dt.timedelta(minutes=5)
    assert deadlines_scan(now=lapsed_at) == ScanResult(lapsed=1)

    case = Case.objects.get(pk=returned.pk)
    assert (case.status, case.closed_at, case.end_reason) == (
        Case.Status.LAPSED,
        lapsed_at,
        REASON,
    )
    event = Event.objects.get(case=case, kind="case.lapsed")
    assert (event.actor, event.step, event.visit, event.at) == (None, 3, 1, lapsed_at)
    assert event.data == {
        "step": 3,
        "visit": 1,
        "days": 14,
        "last_day": "2026-12-21",
        "limit": "2026-12-21T16:00:00+00:00",
    }
    assert list(Task.objects.filter(case=case).values_list("step", "status")) == [
        (1, Task.Status.DONE),
        (2, Task.Status.DONE),
        (3, Task.Status.CLOSED),
    ]
    assert not OpenLane.objects.filter(task__case=case).exists()
    assert verify_case(case) is None
    told = Notification.objects.get(kind="gugur")
    assert (told.recipient, told.title) == (
        demo.people["opd.bappeda"],
        f"Permohonan {case.number} gugur",
    )
    assert told.body == f"Izin penggunaan SIMPEG\n{REASON}"


def test_each_reminder_goes_to_the_requester_once_in_office_hours(demo, returned) -> None:
    sunday = dt.datetime(2026, 12, 13, 10, 0, tzinfo=WITA)
    seventh_day_before = dt.datetime(2026, 12, 14, 9, 0, tzinfo=WITA)  # Monday
    last_day = dt.datetime(2026, 12, 21, 9, 0, tzinfo=WITA)
    saturday = dt.datetime(2026, 12, 19, 10, 0, tzinfo=WITA)

    assert deadlines_scan(now=sunday) == ScanResult()
    assert deadlines_scan(now=seventh_day_before) == ScanResult(requester_reminders=1)
    assert deadlines_scan(now=seventh_day_before + dt.timedelta(hours=1)) == ScanResult()
    assert deadlines_scan(now=saturday) == ScanResult()
    # The day before the last (Sunday 20 December) the office is closed: the reminder goes
    # out when it opens on the last day.
    assert deadlines_scan(now=last_day) == ScanResult(requester_reminders=1)
    assert deadlines_scan(now=last_day + dt.timedelta(hours=2)) == ScanResult()

    alerts = Alert.objects.filter(kind=Alert.Kind.REQUESTER_REMINDER).order_by("sent_at")
    assert [(a.days_before, a.due_at, a.recipients) for a in alerts] == [
        (7, LIMIT_ENDS, ["opd.bappeda"]),
        (1, LIMIT_ENDS, ["opd.bappeda"]),
    ]
    told = Notification.objects.filter(recipient=demo.people["opd.bappeda"], kind="pengingat")
    titles = list(told.order_by("created_at").values_list("title", flat=True))
    title = f"Lengkapi permohonan {returned.number} paling lambat Senin, 21 Desember 2026"
    assert titles == [title, title]
    events = Event.objects.filter(case=returned, kind="deadlines.requester_reminder.sent")
    assert [e.data["days_before"] for e in events.order_by("seq")] == [7, 1]
    assert Case.objects.get(pk=returned.pk).status == Case.Status.RUNNING


def test_scans_run_again_and_again_lapse_the_case_once(demo, returned) -> None:
    after = LIMIT_ENDS + dt.timedelta(hours=9)
    results = [deadlines_scan(now=after + dt.timedelta(minutes=m)) for m in (0, 0, 1)]

    assert results == [ScanResult(lapsed=1), ScanResult(), ScanResult()]
    assert Event.objects.filter(case=returned, kind="case.lapsed").count() == 1
    assert Notification.objects.filter(kind="gugur").count() == 1


def test_a_requester_who_completes_in_time_keeps_the_case_running(demo, returned) -> None:
    services.task_act(
        case=returned,
        step=3,
        actor=demo.people["opd.bappeda"],
        at=dt.datetime(2026, 12, 21, 23, 30, tzinfo=WITA),
    )

    assert deadlines_scan(now=LIMIT_ENDS + dt.timedelta(hours=9)) == ScanResult()
    case = Case.objects.get(pk=returned.pk)
    assert case.status == Case.Status.RUNNING
    assert list(Task.objects.filter(case=case, status=Task.Status.OPEN).values_list("step")) == [
        (2,)
    ]


@pytest.mark.parametrize("with_files", [False, True])
def test_a_lapsed_case_cannot_be_acted_on(demo, returned, with_files) -> None:
    deadlines_scan(now=LIMIT_ENDS)
    before = snapshot_of(returned)
    files = {"Surat Permohonan": (io.BytesIO(pdf_bytes("lengkap")), "lengkap.pdf")}

    with pytest.raises(services.Conflict) as refused:
        services.task_act(
            case=returned,
            step=3,
            actor=demo.people["opd.bappeda"],
            uploads=files if with_files else None,
            at=LIMIT_ENDS + dt.timedelta(hours=10),
        )

    assert refused.value.message == f"Permohonan ini sudah berakhir (gugur): {REASON}"
    assert snapshot_of(returned) == before


def test_the_case_page_shows_the_limit_on_the_open_step_then_the_lapse(demo, returned) -> None:
    client = Client()
    client.force_login(demo.people["opd.bappeda"])

    page = client.get(f"/permohonan/{returned.pk}/").content.decode()
    assert (
        '<div class="small" data-requester-limit="2026-12-21">'
        "Lengkapi paling lambat Senin, 21 Desember 2026</div>"
    ) in page

    deadlines_scan(now=LIMIT_ENDS)
    page = client.get(f"/permohonan/{returned.pk}/").content.decode()
    assert 'class="status status-gugur" data-status="gugur">Gugur</span>' in page
    assert f"<dd>{REASON}</dd>" in page
    assert "data-requester-limit" not in page
    assert "Permohonan gugur" in page  # the event in the record
