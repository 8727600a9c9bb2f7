"""The letter panel in Chromium: the Kadis of Sumbawa drafts the disposition sheet of SOP 5 step 2
through htmx, is told what is missing first, and completes the step on the drafted PDF."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from pypdf import PdfReader

from alur.letters.words import date_text

SOP5 = "permohonan-pembuatan-aplikasi"


def test_the_kadis_drafts_the_disposition_and_completes_step_2_on_it(as_person) -> None:
    dated = dt.datetime.now(ZoneInfo("Asia/Makassar")).date() - dt.timedelta(days=3)
    bappeda = as_person("opd.bappeda")
    case = bappeda.submit_request(SOP5, "Aplikasi e-Perencanaan Bappeda")
    expect(bappeda.page.locator(".letter-panel")).to_have_count(0)

    kadis = as_person("kadis.sumbawa")
    kadis.open_task(case, 2)
    page = kadis.page
    panel = page.locator("section#surat-2")
    expect(panel.locator("#id_surat2-nomor_agenda")).to_have_value(case.number)
    expect(panel.locator("#id_surat2-diteruskan_kepada")).to_have_value("Kepala Bidang TI")

    # Sent without an instruction: the panel comes back with the reason, nothing is stored.
    panel.locator("#id_surat2-nomor_surat").fill("050/123/BAPPEDA/2026")
    panel.locator("#id_surat2-tanggal_surat").fill(f"{dated}")
    panel.locator('input[name="surat2-sifat"][value="segera"]').check()
    panel.locator("button#susun-surat-2").click()
    expect(panel.locator("p.error")).to_have_text(
        "Pilih sekurang-kurangnya satu instruksi atau tulis instruksi lain."
    )
    assert kadis.document_versions("Disposisi Dinas") == []

    panel.locator('input[name="surat2-instruksi"][value="proses"]').check()
    panel.locator("button#susun-surat-2").click()
    expect(page.locator('section#surat-2 li[data-letter-version="1"]')).to_be_visible()
    assert kadis.document_versions("Disposisi Dinas") == ["1"]
    reader = PdfReader(io.BytesIO(kadis.download("Disposisi Dinas", 1)))
    text = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    assert "LEMBAR DISPOSISI" in text
    assert f"Nomor surat 050/123/BAPPEDA/2026 Tanggal surat {date_text(dated)}" in text
    assert "Sifat Segera" in text

    kadis.act(2, note="Teruskan ke Kabid TI.")
    expect(kadis.status()).to_have_attribute("data-status", "berjalan")
