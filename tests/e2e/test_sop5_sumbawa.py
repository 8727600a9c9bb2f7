"""SOP 5 (Kabupaten Sumbawa): an application request from Bappeda, from the letter to the Berita
Acara Pekerjaan, with the plan rejected once at step 11 and the result once at step 14."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.conftest import PDF
from tests.e2e.ui import CaseRef, Person, take_step

SOP5 = "permohonan-pembuatan-aplikasi"
PLAN = ("Jadwal Pengembangan Aplikasi", "Alur Bisnis", "Dokumen analisis")
DEVELOPMENT = (
    "Dokumentasi dan hasil analisis",
    "Dokumentasi pengembangan",
    "Dokumentasi Pengujian",
    "Petunjuk Instalasi",
    "Petunjuk Penggunaan",
    "Dokumentasi API",
)


def test_sop5_from_letter_to_berita_acara_with_both_loops(as_person) -> None:
    bappeda = as_person("opd.bappeda")
    case = bappeda.submit_request(
        SOP5, "Aplikasi e-Perencanaan Bappeda", note="Mohon dibuatkan aplikasi e-Perencanaan."
    )
    expect(bappeda.status()).to_have_attribute("data-status", "berjalan")
    assert bappeda.document_versions("Surat Permohonan Pembuatan Aplikasi") == ["1"]

    def step(username: str, number: int, **action: Any) -> Person:
        return take_step(as_person, case, username, number, **action)

    # The Kadis first sends step 2 without the disposition: refused, nothing lost.
    kadis = as_person("kadis.sumbawa")
    kadis.open_task(case, 2)
    assert "Disposisi Dinas" in kadis.act_refused(2, note="Teruskan ke Kabid TI.")
    kadis.act(2, note="Teruskan ke Kabid TI.")
    step("kabid.ti", 3, new_versions=("Disposisi Dinas",))  # the Kabid's own disposition
    step("kasi.aplikasi", 4)
    step("kasi.aplikasi", 5)  # the three analysis inputs and the Laporan Hasil Analisis
    step("kabid.ti", 6, decision="ya")
    step("kasi.aplikasi", 8)
    step("dev.sumbawa", 9)  # the plan
    step("dev.sumbawa", 10)
    step("opd.bappeda", 11, decision="tidak", note="Alur bisnis belum memuat verifikasi Bappeda.")
    _not_in_inbox(as_person("opd.bappeda"), case, 11)
    step("dev.sumbawa", 9, new_versions=PLAN)  # re-plan: a new version of each plan document
    step("dev.sumbawa", 10)
    step("opd.bappeda", 11, decision="ya")
    step("dev.sumbawa", 12)  # every development document
    step("dev.sumbawa", 13)  # also asks for an "Aplikasi" file: see test_page_defects
    step("opd.bappeda", 14, decision="tidak", note="Petunjuk penggunaan belum lengkap.")
    step("dev.sumbawa", 12, new_versions=DEVELOPMENT)
    step("dev.sumbawa", 13)
    step("opd.bappeda", 14, decision="ya")
    step("dev.sumbawa", 15)
    step("kabid.ti", 16)
    developer = step("dev.sumbawa", 17)  # the Berita Acara Pekerjaan

    expect(developer.status()).to_have_attribute("data-status", "selesai")
    expect(developer.page.locator("section#langkah tr[data-step].current")).to_have_count(0)
    expect(developer.page.locator("section#catatan tbody tr").first).to_be_visible()
    assert developer.visits(9) == ["1", "2"]
    assert developer.visits(12) == ["1", "2"]
    assert developer.visits(11) == ["1", "2"]
    assert developer.visits(14) == ["1", "2"]
    assert developer.visits(7) == []  # the "not available" ending was never taken
    for name in PLAN + DEVELOPMENT:
        assert developer.document_versions(name) == ["1", "2"], name
    assert developer.document_versions("Berita Acara Pekerjaan") == ["1"]
    assert developer.document_versions("Disposisi Dinas") == ["1", "2"]

    bappeda.open_case(case)
    expect(bappeda.status()).to_have_attribute("data-status", "selesai")
    rejected = bappeda.page.locator('section#kunjungan tr[data-step="11"][data-visit="1"]')
    expect(rejected).to_contain_text("Alur bisnis belum memuat verifikasi Bappeda.")
    bappeda.shots.take(bappeda.page, "permohonan-selesai-opd.bappeda")
    assert bappeda.download("Berita Acara Pekerjaan", 1) == PDF


def _not_in_inbox(person: Person, case: CaseRef, step: int) -> None:
    person.menu("nav-tugas", "/tugas/")
    row = person.page.locator(f'tr[data-case="{case.number}"][data-step="{step}"]')
    expect(row).to_have_count(0)
