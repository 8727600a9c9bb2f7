"""Work never lost, in Chromium: the Kasi PA sends step 8 of a hosting request (SOP 2) with the
installation documentation and a URL that is no URL; the page says what is wrong, keeps what was
typed and the file chosen ("sudah diunggah"), and sending again with the URL corrected, without
choosing the file again, completes the step with that file as the document."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.ui import pdf_file, take_step

HOSTING = "layanan-hosting-aplikasi"
INSTALLATION = "Dokumentasi instalasi"


def test_a_step_sent_with_a_bad_value_keeps_its_file_and_completes_when_sent_again(
    as_person,
) -> None:
    case = as_person("opd.disdukcapil").submit_request(HOSTING, "Hosting aplikasi SIAK")
    take_step(as_person, case, "kadis.batam", 2)
    take_step(as_person, case, "kabid.pe", 3, decision="ya")
    take_step(as_person, case, "kasi.pa", 4, decision="ya")
    kasi = take_step(as_person, case, "kasi.pa", 7)
    kasi.open_task(case, 8)
    page = kasi.page
    form = kasi.action(8)
    upload = form.locator(f'input[type=file][data-document="{INSTALLATION}"]')
    expect(upload).to_have_attribute("accept", re.compile(r"application/pdf,\.pdf"))
    upload.set_input_files(pdf_file(INSTALLATION))
    form.locator('[name="field-nama_aplikasi"]').fill("SIAK Terpadu")
    form.locator('[name="field-url"]').fill("bukan alamat")

    with page.expect_response(lambda r: r.url.endswith("/langkah/8/")) as refused:
        form.locator("button#selesaikan").click()

    assert refused.value.status == 422
    expect(page.locator("ul#galat")).to_be_visible()
    form = kasi.action(8)
    expect(form.locator('[name="field-url"]')).to_have_value("bukan alamat")
    expect(form.locator('[name="field-nama_aplikasi"]')).to_have_value("SIAK Terpadu")
    expect(form.locator("#langkah8_field-url_error p.field-message")).to_be_visible()
    kept = form.locator("p.draft-file")
    expect(kept).to_contain_text("sudah diunggah")
    expect(kept).to_contain_text("dokumentasi-instalasi.pdf")
    kasi.shots.take(page, "langkah-8-galat-berkas-tersimpan")

    form.locator('[name="field-url"]').fill("https://siak.batam.go.id")
    with page.expect_response(lambda r: r.url.endswith("/langkah/8/")) as done:
        form.locator("button#selesaikan").click()

    assert done.value.status == 200
    row = page.locator('section#kunjungan tr[data-step="8"][data-visit="1"]')
    expect(row).to_have_class(re.compile(r"\btask-selesai\b"))
    expect(page.locator("ul#galat")).to_have_count(0)
    kasi.open_case(case)
    assert kasi.document_versions(INSTALLATION) == ["1"]
