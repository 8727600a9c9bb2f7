"""The service layer stores each finished visit's working time on the office's calendar."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest

from alur.cases import services
from alur.cases.models import Task
from tests.conftest import PDF

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _pdf() -> tuple[io.BytesIO, str]:
    return io.BytesIO(PDF), "berkas.pdf"


def test_a_visit_over_a_weekend_counts_only_office_hours(demo) -> None:
    friday = dt.datetime(2026, 3, 6, 15, 0, tzinfo=WITA)
    case = services.case_open(
        office=demo.sumbawa,
        sop_code="permohonan-pembuatan-aplikasi",
        requester=demo.people["opd.bappeda"],
        title="Aplikasi e-Perencanaan",
        uploads={"Surat Permohonan Pembuatan Aplikasi": _pdf()},
        at=friday,
    )
    services.task_act(
        case=case,
        step=2,
        actor=demo.people["kadis.sumbawa"],
        uploads={"Disposisi Dinas": _pdf()},
        at=dt.datetime(2026, 3, 9, 9, 30, tzinfo=WITA),
    )

    visits = Task.objects.filter(case=case).order_by("step")
    # Step 1 is done as the request is sent; step 2: Friday 15.00-16.00 and Monday 08.00-09.30.
    assert [(t.step, t.status, t.working_minutes) for t in visits] == [
        (1, Task.Status.DONE, 0),
        (2, Task.Status.DONE, 150),
        (3, Task.Status.OPEN, None),
    ]
