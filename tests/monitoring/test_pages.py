"""The monitoring pages: from the SOP page to a signed form, as an office head would use them."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from alur.monitoring import services
from alur.monitoring.models import MonitoringEvent, MonitoringRecord
from tests.monitoring.halfyear import OPENED_AT, PAGES_USED

pytestmark = pytest.mark.not_before(PAGES_USED)
NIP = "197503122000031004"


def _client(world: SimpleNamespace, who: str) -> Client:
    client = Client()
    client.force_login(world.people[who])
    return client


@pytest.fixture
def record(half_year: SimpleNamespace) -> MonitoringRecord:
    return services.monitoring_open(
        sop=half_year.sop, year=2026, half=1, actor=half_year.people["kabid.ti"], at=OPENED_AT
    )


def _rows_post(record: MonitoringRecord, **changes: str) -> dict[str, str]:
    data = {}
    for row in record.rows.order_by("no"):
        data[f"penilaian-{row.no}"] = row.assessment
        data[f"catatan-{row.no}"] = row.note
        data[f"tindakan-{row.no}"] = row.action
    return {**data, **changes}


def _text(content: bytes) -> str:
    return " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages
    )


def test_the_sop_page_links_to_monitoring_only_for_the_offices_heads(
    half_year: SimpleNamespace,
) -> None:
    link = f'<a id="tautan-monitoring" href="/sop/{half_year.sop.pk}/monitoring/">'
    seen = {
        who: link in _client(half_year, who).get(f"/sop/{half_year.sop.pk}/").content.decode()
        for who in ("kadis.sumbawa", "kasi.aplikasi", "dev.sumbawa", "opd.bappeda")
    }

    assert seen == {
        "kadis.sumbawa": True,
        "kasi.aplikasi": True,
        "dev.sumbawa": False,
        "opd.bappeda": False,
    }


def test_a_head_starts_the_form_of_a_half_year_from_the_sop_monitoring_page(
    half_year: SimpleNamespace,
) -> None:
    client = _client(half_year, "kasi.aplikasi")
    url = reverse("monitoring_sop", args=[half_year.sop.pk])

    response = client.post(url, {"year": "2026", "half": "1"})

    record = MonitoringRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/monitoring/{record.pk}/"
    assert (record.year, record.half, record.created_by.username) == (2026, 1, "kasi.aplikasi")
    page = client.get(response["Location"]).content.decode()
    assert '<tr data-row="2" data-step="2" data-proposed="tidak_baik">' in page
    assert '<option value="tidak_baik" selected>Tidak berjalan dengan baik</option>' in page
    listing = client.get(url).content.decode()
    assert f'<tr data-record="{record.pk}" data-period="2026-1" data-version="1">' in listing


def test_a_second_form_for_the_same_half_year_is_refused_on_the_page(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    response = _client(half_year, "kadis.sumbawa").post(
        reverse("monitoring_sop", args=[half_year.sop.pk]), {"year": "2026", "half": "1"}
    )

    assert response.status_code == 422
    assert (
        "Formulir monitoring Semester I (Januari–Juni) 2026 untuk SOP ini sudah ada."
        in response.content.decode()
    )
    assert MonitoringRecord.objects.count() == 1


def test_saving_and_signing_on_the_page_keeps_the_signed_pdf_the_download_returns(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    client = _client(half_year, "kadis.sumbawa")
    action = "Tetapkan Plh bila Kepala Dinas dinas luar."

    saved = client.post(
        reverse("monitoring_save", args=[record.pk]),
        _rows_post(record, **{"tindakan-2": action}),
        headers={"HX-Request": "true"},
    )
    draft = client.get(reverse("monitoring_pdf", args=[record.pk]))
    signed = client.post(
        reverse("monitoring_sign", args=[record.pk]),
        {"name": "Kepala DKISP Sumbawa", "nip": NIP, "confirmed": "on"},
    )
    download = client.get(reverse("monitoring_pdf", args=[record.pk]))

    assert saved.status_code == 200
    assert '<div id="isi-monitoring">' in saved.content.decode()
    assert record.rows.get(no=2).action == action
    assert "DRAF — BELUM DITANDATANGANI" in _text(draft.content)
    assert (signed.status_code, signed["Location"]) == (302, f"/monitoring/{record.pk}/")
    record.refresh_from_db()
    content = b"".join(download.streaming_content)
    with default_storage.open(record.document.name, "rb") as stored:
        assert content == stored.read()
    assert "DRAF" not in _text(content)
    assert action in _text(content)
    page = client.get(f"/monitoring/{record.pk}/").content.decode()
    assert f'<code id="sha256-formulir">{record.document_sha256}</code>' in page
    assert 'id="form-baris"' not in page
    assert list(MonitoringEvent.objects.values_list("kind", "actor__username")) == [
        ("monitoring.record.opened", "kabid.ti"),
        ("monitoring.rows.saved", "kadis.sumbawa"),
        ("monitoring.record.signed", "kadis.sumbawa"),
    ]


def test_signing_without_the_confirmation_is_refused_with_what_is_missing(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    response = _client(half_year, "kadis.sumbawa").post(
        reverse("monitoring_sign", args=[record.pk]),
        {"name": "Kepala DKISP Sumbawa", "nip": NIP},
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert (
        "<li>Tindakan yang harus diambil belum diisi pada baris yang tidak berjalan dengan "
        "baik: 2.</li>" in html
    )
    assert "<li>Centang pernyataan bahwa penilaian ini benar sebelum menandatangani.</li>" in html
    record.refresh_from_db()
    assert (record.signed_at, record.document.name) == (None, "")


def test_an_assessment_not_in_the_list_is_refused_naming_its_row_and_nothing_is_saved(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    before = list(record.rows.values_list("assessment", "note", "action"))

    response = _client(half_year, "kadis.sumbawa").post(
        reverse("monitoring_save", args=[record.pk]),
        _rows_post(record, **{"penilaian-3": "sedang", "tindakan-1": "Tidak dipakai."}),
    )

    assert response.status_code == 422
    assert (
        "<li>Baris 3, Penilaian: Masukkan pilihan yang valid. sedang bukan salah satu dari pilihan "
        "yang tersedia.</li>" in response.content.decode()
    )
    assert list(record.rows.values_list("assessment", "note", "action")) == before
    assert not MonitoringEvent.objects.filter(kind="monitoring.rows.saved").exists()


def test_the_sop_monitoring_page_is_paged_newest_period_first(demo: SimpleNamespace) -> None:
    import datetime as dt

    from alur.catalog.models import SopVersion
    from alur.monitoring.views import RECORDS_PER_PAGE

    version = SopVersion.objects.filter(sop__office=demo.sumbawa).select_related("sop").first()
    assert version is not None
    at = dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC)
    periods = [(year, half) for year in range(1990, 2026) for half in (1, 2)]
    MonitoringRecord.objects.bulk_create(
        MonitoringRecord(
            sop=version.sop,
            sop_version=version,
            year=year,
            half=half,
            version=1,
            created_by=demo.people["kadis.sumbawa"],
            created_at=at,
        )
        for year, half in periods[-(RECORDS_PER_PAGE + 2) :]
    )
    client = _client(demo, "kadis.sumbawa")
    url = reverse("monitoring_sop", args=[version.sop.pk])

    first = client.get(url).content.decode()
    second = client.get(url, {"halaman": 2}).content.decode()

    assert first.count("<tr data-record=") == RECORDS_PER_PAGE
    assert 'data-period="2025-2"' in first
    oldest = periods[-(RECORDS_PER_PAGE + 2) :][:2]
    assert second.count("<tr data-record=") == 2
    assert [f'data-period="{y}-{h}"' in second for y, h in oldest] == [True, True]
    assert "Halaman 2 dari 2" in second


def test_signing_saves_the_typed_rows_first_in_the_same_request(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    action = "Tetapkan Plh bila Kepala Dinas dinas luar."

    signed = _client(half_year, "kadis.sumbawa").post(
        reverse("monitoring_sign", args=[record.pk]),
        _rows_post(record, **{"tindakan-2": action, "name": "Kepala DKISP Sumbawa", "nip": NIP})
        | {"confirmed": "on"},
    )

    assert (signed.status_code, signed["Location"]) == (302, f"/monitoring/{record.pk}/")
    record.refresh_from_db()
    assert record.rows.get(no=2).action == action
    with default_storage.open(record.document.name, "rb") as stored:
        assert action in _text(stored.read())
    assert list(MonitoringEvent.objects.values_list("kind", flat=True)) == [
        "monitoring.record.opened",
        "monitoring.rows.saved",
        "monitoring.record.signed",
    ]


def test_signing_with_rows_that_cannot_be_saved_is_refused_saying_nothing_was_saved(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    before = list(record.rows.values_list("assessment", "note", "action"))
    typed = "Tetapkan Plh bila Kepala Dinas dinas luar."

    response = _client(half_year, "kadis.sumbawa").post(
        reverse("monitoring_sign", args=[record.pk]),
        _rows_post(record, **{"penilaian-3": "sedang", "tindakan-2": typed})
        | {"name": "Kepala DKISP Sumbawa", "nip": NIP, "confirmed": "on"},
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "<li>Formulir tidak ditandatangani: penilaian yang diketik belum tersimpan.</li>" in html
    assert f"{typed}</textarea>" in html
    record.refresh_from_db()
    assert (record.signed_at, record.document.name) == (None, "")
    assert list(record.rows.values_list("assessment", "note", "action")) == before


def test_signing_refused_after_the_rows_were_saved_says_they_were_saved(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    action = "Tetapkan Plh bila Kepala Dinas dinas luar."

    response = _client(half_year, "kadis.sumbawa").post(
        reverse("monitoring_sign", args=[record.pk]),
        _rows_post(record, **{"tindakan-2": action}) | {"name": "Kepala DKISP Sumbawa", "nip": NIP},
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "<li>Penilaian yang diketik sudah disimpan; formulir belum ditandatangani.</li>" in html
    assert "<li>Centang pernyataan bahwa penilaian ini benar sebelum menandatangani.</li>" in html
    assert f"{action}</textarea>" in html
    record.refresh_from_db()
    assert record.signed_at is None
    assert record.rows.get(no=2).action == action
