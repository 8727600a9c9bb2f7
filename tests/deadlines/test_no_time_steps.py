"""A step with no time ("—") never reminds nor escalates; its elapsed time is still measured."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

from deadlinekit import WITA, pdf_bytes

from alur.cases import selectors as case_selectors
from alur.cases import services as case_services
from alur.cases.due import DueState
from alur.cases.models import Task
from alur.deadlines.alerts import ScanResult, deadlines_scan
from alur.deadlines.models import Alert

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)


def test_a_step_without_time_is_never_reminded_and_its_time_is_measured(
    demo: SimpleNamespace,
) -> None:
    letter = "Surat Permohonan Pembuatan Aplikasi"
    case = case_services.case_open(
        office=demo.sumbawa,
        sop_code="permohonan-pembuatan-aplikasi",
        requester=demo.people["opd.bappeda"],
        title="Aplikasi perencanaan",
        uploads={letter: (io.BytesIO(pdf_bytes(letter)), "surat.pdf")},
        at=START,
    )
    case_services.task_act(
        case=case,
        step=2,
        actor=demo.people["kadis.sumbawa"],
        uploads={"Disposisi Dinas": (io.BytesIO(pdf_bytes("Disposisi")), "disposisi.pdf")},
        at=START + dt.timedelta(hours=1),
    )
    step_3 = Task.objects.get(case=case, step=3)
    assert step_3.due_at is None

    months_later = [START + dt.timedelta(days=d, hours=1) for d in (1, 30, 120)]
    assert [deadlines_scan(now=moment) for moment in months_later] == [ScanResult()] * 3
    assert Alert.objects.count() == 0

    page = case_selectors.case_page(
        case, demo.people["kabid.ti"], now=START + dt.timedelta(hours=3)
    )
    visit = next(v for v in page.visits if v.task.step == 3)
    assert (visit.taken_minutes, visit.allowed_minutes, visit.due_state) == (
        120,
        None,
        DueState.TANPA,
    )
