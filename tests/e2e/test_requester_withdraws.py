"""A requester in a real browser: Bappeda files SOP 5, sees on the case page where it stands
(with the Kadis, what comes next, when it should finish), is told next to the field that a
withdrawal needs a reason, withdraws it with one, and the Kadis is told; the page then shows
the ending, the event in the record, and nothing more to do."""

from __future__ import annotations

from playwright.sync_api import expect

SOP5 = "permohonan-pembuatan-aplikasi"


def test_a_requester_sees_where_the_request_stands_and_withdraws_it(as_person) -> None:
    bappeda = as_person("opd.bappeda")
    case = bappeda.submit_request(SOP5, "Aplikasi e-Perencanaan")
    page = bappeda.page

    expect(page.locator("#keadaan-permohonan")).to_have_text("Sedang diproses oleh kantor")
    expect(page.locator('#langkah-sekarang li[data-step="2"]')).to_contain_text("Kepala Dinas")
    expect(page.locator('#langkah-berikutnya li[data-step="3"]')).to_contain_text(
        "Kepala Bidang TI"
    )
    expect(page.locator("#perkiraan-selesai")).to_have_attribute("data-basis", "sop")

    page.locator("#tarik-permohonan").click()
    expect(page.locator("#bidang-reason .field-message")).to_have_text(
        "Alasan penarikan wajib diisi."
    )
    expect(bappeda.status()).to_have_attribute("data-status", "berjalan")

    page.locator("#id_reason").fill("Anggaran kegiatan dialihkan.")
    page.locator("#tarik-permohonan").click()
    page.wait_for_url(f"**{case.path}")
    expect(bappeda.status()).to_have_attribute("data-status", "ditarik")
    expect(page.locator("#keadaan-permohonan")).to_have_text("Ditarik oleh pemohon")
    expect(page.locator('#catatan-baris tr[data-kind="case.withdrawn"]')).to_contain_text(
        "Anggaran kegiatan dialihkan."
    )
    expect(page.locator("#form-tarik")).to_have_count(0)
    expect(page.locator("#langkah-sekarang")).to_have_count(0)

    kadis = as_person("kadis.sumbawa")
    kadis.page.goto("/pemberitahuan/")
    expect(kadis.page.locator("body")).to_contain_text(f"Permohonan {case.number} ditarik pemohon")
    kadis.open_case(case)
    expect(kadis.action(2)).to_have_count(0)
