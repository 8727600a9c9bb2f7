"""The auditor's timeline of one case: each visit's times, working time, who acted, decisions and
documents, as a page, a PDF and an XLSX; only the office's heads may read it."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from alur.monitoring import selectors
from tests.cases.casekit import SOP5_DOCS, WITA

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
