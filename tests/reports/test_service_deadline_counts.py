"""Requests of an SOP with a service deadline (``batas_waktu``) are counted by whether they were
closed by it: the rollups the recorder keeps equal a rebuild from the raw rows (an extension
of the deadline included), and the figures, the workbook and the page show it."""

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
from alur.deadlines.services import service_extend
from alur.reports import selectors
from alur.reports.models import CaseDay
from alur.reports.period import Period
from tests.cases.casekit import WITA, pdf_bytes
from tests.reports.rollupkit import kept_and_rebuilt

pytestmark = pytest.mark.django_db

SOP = Path(__file__).resolve().parents[1] / "deadlines" / "sops" / "pengaduan-perpanjangan.yaml"
MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31), "Asia/Makassar")
QUERY = "?dari=01-03-2026&sampai=31-03-2026&sop=pengaduan-layanan"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _answered(demo: SimpleNamespace, opened: dt.datetime, answered: dt.datetime) -> Case:
    case = services.case_open(
        office=demo.sumbawa,
        sop_code="pengaduan-layanan",
        requester=demo.people["opd.bappeda"],
        title="Aplikasi SIMPEG tidak dapat diakses",
        uploads={"Surat Pengaduan": (io.BytesIO(pdf_bytes("aduan")), "aduan.pdf")},
        at=opened,
    )
    kabid = demo.people["kabid.ti"]
    for step, output in ((2, "Telaahan Pengaduan"), (3, "Jawaban Pengaduan")):
        case = services.task_act(
            case=case,
            step=step,
            actor=kabid,
            uploads={output: (io.BytesIO(pdf_bytes(output + str(case.pk))), "berkas.pdf")},
            at=answered,
        )
    return case


@pytest.fixture
def answered(demo: SimpleNamespace) -> list[Case]:
    """Three complaints opened Monday 2 March 2026 (due Monday 9 March 09:00): one answered on
    the 6th, one on the 11th, late; one answered on the 11th after its deadline was extended
    to the 16th, so in time."""
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)
    opened = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
    in_time = _answered(demo, opened, dt.datetime(2026, 3, 6, 10, 0, tzinfo=WITA))
    late = _answered(demo, opened, dt.datetime(2026, 3, 11, 10, 0, tzinfo=WITA))
    extended = services.case_open(
        office=demo.sumbawa,
        sop_code="pengaduan-layanan",
        requester=demo.people["opd.bappeda"],
        title="Aplikasi e-Kinerja lambat",
        uploads={"Surat Pengaduan": (io.BytesIO(pdf_bytes("aduan 3")), "aduan.pdf")},
        at=opened,
    )
    service_extend(
        case=extended,
        actor=demo.people["kadis.sumbawa"],
        due=dt.datetime(2026, 3, 16, 9, 0, tzinfo=WITA),
        reason="Menunggu penyedia jaringan.",
        notice=(io.BytesIO(pdf_bytes("pemberitahuan")), "pemberitahuan.pdf"),
        at=dt.datetime(2026, 3, 5, 9, 0, tzinfo=WITA),
    )
    kabid = demo.people["kabid.ti"]
    answered_at = dt.datetime(2026, 3, 11, 10, 0, tzinfo=WITA)
    for step, output in ((2, "Telaahan Pengaduan"), (3, "Jawaban Pengaduan")):
        extended = services.task_act(
            case=extended,
            step=step,
            actor=kabid,
            uploads={output: (io.BytesIO(pdf_bytes(output + "3")), "berkas.pdf")},
            at=answered_at,
        )
    return [in_time, late, extended]


def test_closing_by_or_after_the_service_deadline_is_counted_and_a_rebuild_agrees(
    demo, answered
) -> None:
    assert [Case.objects.get(pk=c.pk).status for c in answered] == ["selesai"] * 3
    kept, rebuilt = kept_and_rebuilt(demo.sumbawa)

    assert kept == rebuilt
    days = CaseDay.objects.filter(office=demo.sumbawa, sop__code="pengaduan-layanan")
    assert sorted((d.day, d.finished, d.service_met, d.service_missed) for d in days) == [
        (dt.date(2026, 3, 2), 0, 0, 0),
        (dt.date(2026, 3, 6), 1, 1, 0),
        (dt.date(2026, 3, 11), 2, 1, 1),
    ]


def test_the_report_workbook_and_page_show_the_service_deadline_counts(demo, answered) -> None:
    board = selectors.dashboard(demo.sumbawa, MARCH, sop_code="pengaduan-layanan")
    assert board.counts == selectors.CaseCounts(
        opened=3, closed=3, finished=3, service_met=2, service_missed=1
    )

    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])
    book = load_workbook(
        io.BytesIO(client.get(f"/laporan/dkisp-sumbawa/kinerja.xlsx{QUERY}").content)
    )
    summary = dict(book["Ringkasan"].iter_rows(min_row=2, values_only=True))
    assert (
        summary["Ditutup dalam batas waktu layanan"],
        summary["Ditutup melewati batas waktu layanan"],
    ) == (2, 1)
    html = client.get(f"/laporan/dkisp-sumbawa/{QUERY}").content.decode()
    assert '<span class="stat-n" data-stat="service_met">2/3</span>' in html
    assert "2 dari 3 ditutup dalam batas waktu layanan." in html


def test_an_office_without_service_deadlines_shows_no_such_figure(demo) -> None:
    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])
    page = client.get("/laporan/dkisp-sumbawa/?dari=01-03-2026&sampai=31-03-2026")
    assert page.status_code == 200
    assert 'data-stat="opened"' in page.content.decode()
    assert 'data-stat="service_met"' not in page.content.decode()
