"""A request that lapsed (gugur) because the requester let their time limit pass is counted
on its own: the rollups the recorder keeps equal a rebuild from the raw rows, and the
figures, the workbook and the page show it beside the other endings."""

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
from alur.deadlines.alerts import deadlines_scan
from alur.reports import selectors
from alur.reports.models import CaseDay
from alur.reports.period import Period
from tests.cases.casekit import WITA, pdf_bytes
from tests.reports.rollupkit import kept_and_rebuilt

pytestmark = pytest.mark.django_db

SOP = Path(__file__).resolve().parents[1] / "deadlines" / "sops" / "izin-lengkapi.yaml"
DECEMBER = Period(dt.date(2026, 12, 1), dt.date(2026, 12, 31), "Asia/Makassar")
QUERY = "?dari=01-12-2026&sampai=31-12-2026&sop=izin-lengkapi"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lapsed(demo: SimpleNamespace) -> Case:
    """Two requests on Monday 7 December 2026: one returned to the requester that same day and
    lapsed at the first scan after Monday 21 December, one still running."""
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)
    cases = [
        services.case_open(
            office=demo.sumbawa,
            sop_code="izin-lengkapi",
            requester=demo.people["opd.bappeda"],
            title=title,
            uploads={"Surat Permohonan": (io.BytesIO(pdf_bytes("surat")), "surat.pdf")},
            at=dt.datetime(2026, 12, 7, hour, 0, tzinfo=WITA),
        )
        for title, hour in (("Izin SIMPEG", 9), ("Izin SIMDA", 10))
    ]
    services.task_act(
        case=cases[0],
        step=2,
        actor=demo.people["kabid.ti"],
        decision="tidak",
        note="Lampirkan daftar pengguna.",
        at=dt.datetime(2026, 12, 7, 11, 0, tzinfo=WITA),
    )
    assert deadlines_scan(now=dt.datetime(2026, 12, 22, 8, 0, tzinfo=WITA)).lapsed == 1
    return cases[0]


def test_a_lapsed_request_is_counted_as_lapsed_and_a_rebuild_agrees(demo, lapsed) -> None:
    kept, rebuilt = kept_and_rebuilt(demo.sumbawa)

    assert kept == rebuilt
    days = CaseDay.objects.filter(office=demo.sumbawa, sop__code="izin-lengkapi").order_by("day")
    assert [(d.day, d.opened, d.finished, d.refused, d.lapsed) for d in days] == [
        (dt.date(2026, 12, 7), 2, 0, 0, 0),
        (dt.date(2026, 12, 22), 0, 0, 0, 1),
    ]


def test_the_report_counts_the_lapsed_request_apart(demo, lapsed) -> None:
    board = selectors.dashboard(demo.sumbawa, DECEMBER, sop_code="izin-lengkapi")

    assert board.counts == selectors.CaseCounts(opened=2, closed=1, lapsed=1, open=1)


def test_the_workbook_and_the_page_show_the_lapsed_requests(demo, lapsed) -> None:
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

    assert (summary["Gugur"], summary["Ditolak"], summary["Permohonan ditutup"]) == (1, 0, 1)
    assert (sop["Gugur"], sop["Ditutup"]) == (1, 1)
    assert '<span class="stat-n" data-stat="lapsed">1</span>' in html
