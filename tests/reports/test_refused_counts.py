"""A request refused (ditolak) is counted on its own: the rollups the recorder keeps equal a
rebuild from the raw rows, and the figures, the workbook and the page show it beside the
other endings."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client
from openpyxl import load_workbook

from alur.cases import services
from alur.cases.models import Case
from alur.catalog.services import sop_version_create
from alur.reports import selectors
from alur.reports.models import CaseDay, StepDay
from alur.reports.period import Period
from tests.cases.casekit import WITA, pdf_bytes
from tests.reports.rollupkit import kept_and_rebuilt

pytestmark = pytest.mark.django_db

SOP = Path(__file__).resolve().parents[1] / "cases" / "sops" / "izin-ditolak.yaml"
MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Makassar")
QUERY = "?dari=01-03-2026&sampai=31-03-2026&sop=izin-aplikasi"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _open(demo: SimpleNamespace, at: dt.datetime) -> Case:
    return services.case_open(
        office=demo.sumbawa,
        sop_code="izin-aplikasi",
        requester=demo.people["opd.bappeda"],
        title="Izin penggunaan SIMPEG",
        uploads={"Surat Permohonan": (io.BytesIO(pdf_bytes("surat")), "surat.pdf")},
        at=at,
    )


@pytest.fixture
def refused(demo: SimpleNamespace) -> Case:
    """Two requests on 2 March 2026: one refused at step 2 on the 3rd, one still running."""
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)
    case = _open(demo, dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA))
    _open(demo, dt.datetime(2026, 3, 2, 9, 30, tzinfo=WITA))
    return services.task_act(
        case=case,
        step=2,
        actor=demo.people["kabid.ti"],
        decision="tidak",
        note="Aplikasi tidak terdaftar dalam katalog aplikasi daerah.",
        at=dt.datetime(2026, 3, 3, 10, 0, tzinfo=WITA),
    )


def test_a_refused_request_is_counted_as_refused_and_a_rebuild_agrees(demo, refused) -> None:
    kept, rebuilt = kept_and_rebuilt(demo.sumbawa)

    assert kept == rebuilt
    days = CaseDay.objects.filter(office=demo.sumbawa, sop__code="izin-aplikasi").order_by("day")
    assert [(d.day, d.opened, d.finished, d.returned, d.stopped, d.refused) for d in days] == [
        (dt.date(2026, 3, 2), 2, 0, 0, 0, 0),
        (dt.date(2026, 3, 3), 0, 0, 0, 0, 1),
    ]
    [step_2] = StepDay.objects.filter(office=demo.sumbawa, sop__code="izin-aplikasi", step=2)
    assert (step_2.done, step_2.declined, step_2.returned) == (1, 1, 0)


def test_the_report_counts_the_refused_request_apart(demo, refused) -> None:
    board = selectors.dashboard(demo.sumbawa, MARCH, sop_code="izin-aplikasi")

    assert board.counts == selectors.CaseCounts(opened=2, closed=1, refused=1, open=1)


def test_the_workbook_and_the_page_show_the_refused_requests(demo, refused) -> None:
    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])

    book = load_workbook(
        io.BytesIO(client.get(f"/laporan/dkisp-sumbawa/kinerja.xlsx{QUERY}").content)
    )
    summary = dict(book["Ringkasan"].iter_rows(min_row=2, values_only=True))
    header = [cell.value for cell in book["SOP"][1]]
    [sop] = [
        dict(zip(header, row, strict=True))
        for row in book["SOP"].iter_rows(min_row=2, values_only=True)
    ]
    html = client.get(f"/laporan/dkisp-sumbawa/{QUERY}").content.decode()

    assert (summary["Ditolak"], summary["Dihentikan"], summary["Permohonan ditutup"]) == (1, 0, 1)
    assert (sop["Ditolak"], sop["Ditutup"]) == (1, 1)
    assert '<span class="stat-n" data-stat="refused">1</span>' in html
