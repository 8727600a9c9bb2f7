"""The auditor's timeline of one case: each visit's times, working time, who acted, decisions and
documents, as a page, a PDF and an XLSX; only the office's heads may read it."""

from __future__ import annotations

import datetime as dt
import io
import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from alur.monitoring import selectors
from alur.offices.models import Delegation, Role
from tests.cases.casekit import SOP5_DOCS, WITA, Desk, sop5_opened

NOW = dt.datetime(2026, 7, 10, 9, 0, tzinfo=WITA)
B = "555/002/DKIST/2026"

# step, visit, opened, due, done, who, decision, working minutes taken / allowed, due state
STOPPED_VISITS = [
    (1, 1, (5, 8, 0), None, (5, 8, 0), "opd.dikbud", "", 0, None, "tanpa"),
    (2, 1, (5, 8, 0), (6, 8, 0), (7, 10, 0), "kadis.sumbawa", "", 1080, 480, "terlambat"),
    (3, 1, (7, 10, 0), None, (7, 10, 30), "kabid.ti", "", 30, None, "tanpa"),
    (4, 1, (7, 10, 30), None, (7, 11, 0), "kasi.aplikasi", "", 30, None, "tanpa"),
    (5, 1, (7, 11, 0), (8, 11, 0), (7, 11, 30), "kasi.aplikasi", "", 30, 480, "tepat"),
    (6, 1, (7, 11, 30), None, (7, 12, 0), "kabid.ti", "tidak", 30, None, "tanpa"),
    (7, 1, (7, 12, 0), None, (7, 12, 30), "kabid.ti", "", 30, None, "tanpa"),
]


def _may(day_hour_minute: tuple[int, int, int] | None) -> dt.datetime | None:
    if day_hour_minute is None:
        return None
    day, hour, minute = day_hour_minute
    return dt.datetime(2026, 5, day, hour, minute, tzinfo=WITA)


def test_each_visit_has_its_times_working_time_person_decision_and_documents(
    half_year: SimpleNamespace,
) -> None:
    timeline = selectors.timeline(half_year.stopped, half_year.people["kabid.ti"], now=NOW)

    assert [
        (
            e.visit.task.step,
            e.visit.task.visit,
            e.visit.task.opened_at,
            e.visit.task.due_at,
            e.visit.task.done_at,
            e.visit.task.done_by.username,
            e.visit.task.decision,
            e.visit.taken_minutes,
            e.visit.allowed_minutes,
            e.visit.due_state,
        )
        for e in timeline.entries
    ] == [
        (s, v, _may(o), _may(d), _may(f), who, dec, taken, allowed, state)
        for s, v, o, d, f, who, dec, taken, allowed, state in STOPPED_VISITS
    ]
    assert [sorted((d.name, d.version) for d in e.documents) for e in timeline.entries] == [
        [("Surat Permohonan Pembuatan Aplikasi", 1)],
        [("Disposisi Dinas", 1)],
        [("Disposisi Dinas", 2)],
        [],
        sorted((name, 1) for name in SOP5_DOCS[5]),
        sorted((name, 1) for name in SOP5_DOCS[6]),
        sorted((name, 1) for name in SOP5_DOCS[7]),
    ]
    assert timeline.other_documents == []
    assert timeline.taken_minutes == 480 + 480 + 270  # Tuesday, Wednesday, Thursday to 12.30
    assert [e.visit.task.note for e in timeline.entries][
        -1
    ] == "Anggaran tahun 2026 tidak tersedia."
    assert [[ev.kind for ev in e.events] for e in timeline.entries][1] == [
        "step.opened",
        "step.completed",
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("kadis.sumbawa", 200),
        ("kabid.ti", 200),
        ("kasi.aplikasi", 200),
        ("dev.sumbawa", 403),
        ("opd.dikbud", 403),
        ("opd.bappeda", 404),
        ("kadis.batam", 404),
    ],
)
def test_the_timeline_page_is_for_the_offices_heads(
    half_year: SimpleNamespace, who: str, status: int
) -> None:
    client = Client()
    client.force_login(half_year.people[who])

    response = client.get(reverse("case_timeline", args=[half_year.stopped.pk]))

    assert response.status_code == status
    html = response.content.decode()
    assert (B in html) == (status == 200)
    if status == 200:
        assert '<tr data-step="2" data-visit="1" data-due-state="terlambat"' in html
        assert "Anggaran tahun 2026 tidak tersedia." in html


def test_the_case_page_links_to_the_timeline_only_for_the_offices_heads(
    half_year: SimpleNamespace,
) -> None:
    link = f'<a id="tautan-linimasa" href="/permohonan/{half_year.stopped.pk}/linimasa/">'
    seen = {}
    for who in ("kabid.ti", "dev.sumbawa", "opd.dikbud"):
        client = Client()
        client.force_login(half_year.people[who])
        html = client.get(reverse("case_detail", args=[half_year.stopped.pk])).content.decode()
        seen[who] = link in html

    assert seen == {"kabid.ti": True, "dev.sumbawa": False, "opd.dikbud": False}


def test_the_timeline_pdf_and_xlsx_hold_every_visit(half_year: SimpleNamespace) -> None:
    client = Client()
    client.force_login(half_year.people["kabid.ti"])
    pk = half_year.stopped.pk

    pdf = client.get(reverse("case_timeline_pdf", args=[pk]))
    xlsx = client.get(reverse("case_timeline_xlsx", args=[pk]))

    assert pdf["Content-Disposition"] == 'attachment; filename="linimasa-555-002-DKIST-2026.pdf"'
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert f"Linimasa permohonan {B}" in text
    assert "Waktu kerja seluruhnya: 2 hari 4 jam 30 menit" in text
    assert "Anggaran tahun 2026 tidak tersedia." in text
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("LINIMASA PERMOHONAN", B)
    assert rows[5][:2] == ("Waktu kerja seluruhnya", "2 hari 4 jam 30 menit")
    visits = rows[8:]
    assert [(r[0], r[1], r[7], r[8], r[9], r[10], r[11] or "") for r in visits] == [
        (1, 1, "0 menit", "—", "Tanpa tenggat", "Tim Teknis Dikbud Sumbawa", ""),
        (2, 1, "2 hari 2 jam", "1 hari", "Terlambat", "Kepala DKISP Sumbawa", ""),
        (3, 1, "30 menit", "—", "Tanpa tenggat", "Kabid TI Sumbawa", ""),
        (4, 1, "30 menit", "—", "Tanpa tenggat", "Kasi Aplikasi Sumbawa", ""),
        (5, 1, "30 menit", "1 hari", "Tepat waktu", "Kasi Aplikasi Sumbawa", ""),
        (6, 1, "30 menit", "—", "Tanpa tenggat", "Kabid TI Sumbawa", "tidak"),
        (7, 1, "30 menit", "—", "Tanpa tenggat", "Kabid TI Sumbawa", ""),
    ]
    assert visits[1][4:7] == (
        "5 Mei 2026 08.00 WITA",
        "6 Mei 2026 08.00 WITA",
        "7 Mei 2026 10.00 WITA",
    )


def test_the_timeline_and_its_exports_name_a_plh_beside_the_person(
    demo: SimpleNamespace,
) -> None:
    """Kabid TI completes step 2 as Plh of the Kadis: the page (its visit and its event), the
    PDF and the XLSX say so beside the name."""
    Delegation.objects.create(
        role=Role.objects.get(office=demo.sumbawa, code="kadis"),
        delegate=demo.people["kabid.ti"],
        kind=Delegation.Kind.PLH,
        starts=dt.date(2026, 3, 2),
        ends=dt.date(2026, 3, 6),
    )
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA))
    case = sop5_opened(desk, demo.sumbawa)
    desk.act(case, 2, "kabid.ti", docs=SOP5_DOCS[2])
    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])
    plh = "Plh. Kepala Dinas Komunikasi Informatika Statistik dan Persandian"

    html = client.get(reverse("case_timeline", args=[case.pk])).content.decode()
    pdf = client.get(reverse("case_timeline_pdf", args=[case.pk]))
    xlsx = client.get(reverse("case_timeline_xlsx", args=[case.pk]))

    named = f'Kabid TI Sumbawa <span class="acted-as muted small">({plh})</span>'
    visit = re.search(r'<tr data-step="2" data-visit="1".*?</tr>', html, re.DOTALL)
    completions = re.findall(r'<tr data-seq="\d+" data-kind="step.completed">.*?</tr>', html, re.S)
    assert visit is not None and named in visit.group()
    assert [row for row in completions if named in row] == [completions[1]]
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert text.count(f"Kabid TI Sumbawa ({plh})") == 2
    assert text.count("(Plh.") == 2
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [(r[0], r[10]) for r in rows[8:]] == [
        (1, "Tim Teknis Bappeda Sumbawa"),
        (2, f"Kabid TI Sumbawa ({plh})"),
        (3, "—"),
    ]
