"""Two workers scanning at the same moment remind the requester once and lapse the case once:
the reminder is claimed by its ``Alert`` row, the lapse by the case's row lock and its status
checked again under it. Threads on PostgreSQL, where the lock makes the second one wait."""

from __future__ import annotations

import datetime as dt
import io
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from deadlinekit import WITA, pdf_bytes
from django.db import connection

from alur.cases import services
from alur.cases.models import Case, Event
from alur.catalog.services import sop_version_create
from alur.deadlines.alerts import ScanResult, deadlines_scan
from alur.notifications.models import Notification

SOP = Path(__file__).parent / "sops" / "izin-lengkapi.yaml"
REMINDED = dt.datetime(2026, 12, 14, 9, 0, tzinfo=WITA)  # 7 days before Monday 21 December
LAPSED = dt.datetime(2026, 12, 22, 0, 1, tzinfo=WITA)


def _at_once(moment: dt.datetime) -> list[ScanResult | BaseException]:
    barrier = threading.Barrier(2)
    results: list[ScanResult | BaseException] = [ScanResult()] * 2

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = deadlines_scan(now=moment)
        except BaseException as error:  # reported by the assertion of the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's shared in-memory test database cannot wait for a lock between threads",
)
def test_two_workers_at_once_remind_the_requester_once_and_lapse_the_case_once(
    transactional_db: None, demo: SimpleNamespace
) -> None:
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)
    case = services.case_open(
        office=demo.sumbawa,
        sop_code="izin-lengkapi",
        requester=demo.people["opd.bappeda"],
        title="Izin penggunaan SIMPEG",
        uploads={"Surat Permohonan": (io.BytesIO(pdf_bytes("surat")), "surat.pdf")},
        at=dt.datetime(2026, 12, 7, 9, 0, tzinfo=WITA),
    )
    services.task_act(
        case=case,
        step=2,
        actor=demo.people["kabid.ti"],
        decision="tidak",
        at=dt.datetime(2026, 12, 7, 10, 0, tzinfo=WITA),
    )

    reminded = _at_once(REMINDED)
    lapsed = _at_once(LAPSED)

    assert sorted(reminded, key=repr) == [ScanResult(), ScanResult(requester_reminders=1)]
    assert sorted(lapsed, key=repr) == [ScanResult(), ScanResult(lapsed=1)]
    assert Case.objects.get(pk=case.pk).status == Case.Status.LAPSED
    assert list(
        Event.objects.filter(
            case=case, kind__in=["deadlines.requester_reminder.sent", "case.lapsed"]
        )
        .order_by("seq")
        .values_list("kind", flat=True)
    ) == ["deadlines.requester_reminder.sent", "case.lapsed"]
    alerts = Notification.objects.filter(kind__in=["pengingat", "gugur"])  # not the steps' news
    assert list(alerts.order_by("id").values_list("kind", flat=True)) == ["pengingat", "gugur"]
