"""A request its requester withdrew (ditarik) is counted on its own: the rollups the recorder
keeps equal a rebuild from the raw rows, and the figures, the workbook and the page show it
beside the other endings."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.test import Client
from openpyxl import load_workbook

from alur.cases.models import Case
from alur.cases.requesting import case_withdraw
from alur.reports import selectors
from alur.reports.models import CaseDay
from alur.reports.period import Period
from tests.cases.casekit import SOP5, WITA, Desk, sop5_opened
from tests.reports.rollupkit import kept_and_rebuilt

pytestmark = pytest.mark.django_db

MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Makassar")
QUERY = f"?dari=01-03-2026&sampai=31-03-2026&sop={SOP5}"


@pytest.fixture
def withdrawn(demo: SimpleNamespace, settings, tmp_path) -> Case:
    """Two requests on Monday 2 March 2026; the first withdrawn on Wednesday 4 March."""
    settings.MEDIA_ROOT = tmp_path / "media"
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA))
    first = sop5_opened(desk, demo.sumbawa)
    sop5_opened(desk, demo.sumbawa)
    return case_withdraw(
        case=first,
        actor=demo.people["opd.bappeda"],
        reason="Anggaran dialihkan.",
        at=dt.datetime(2026, 3, 4, 9, 0, tzinfo=WITA),
    )


def test_a_withdrawn_request_is_counted_as_withdrawn_and_a_rebuild_agrees(demo, withdrawn) -> None:
    kept, rebuilt = kept_and_rebuilt(demo.sumbawa)

    assert kept == rebuilt
    days = CaseDay.objects.filter(office=demo.sumbawa, sop__code=SOP5).order_by("day")
    assert [(d.day, d.opened, d.finished, d.lapsed, d.withdrawn) for d in days] == [
        (dt.date(2026, 3, 2), 2, 0, 0, 0),
        (dt.date(2026, 3, 4), 0, 0, 0, 1),
    ]


def test_the_report_counts_the_withdrawn_request_apart(demo, withdrawn) -> None:
    board = selectors.dashboard(demo.sumbawa, MARCH, sop_code=SOP5)

    assert board.counts == selectors.CaseCounts(opened=2, closed=1, withdrawn=1, open=1)


def test_the_workbook_and_the_page_show_the_withdrawn_requests(demo, withdrawn) -> None:
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

    assert (summary["Ditarik pemohon"], summary["Gugur"], summary["Permohonan ditutup"]) == (
        1,
        0,
        1,
    )
    assert (sop["Ditarik pemohon"], sop["Ditutup"]) == (1, 1)
    assert '<span class="stat-n" data-stat="withdrawn">1</span>' in html
