"""A requirement that holds only under a condition, in Chromium: the Surat Kuasa (and the
kuasa's name) show on the request page only while "Diajukan oleh" is "Kuasa"; with
JavaScript off they show with their "(wajib bila ...)" note, and the server decides."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.test_no_csp_violation import watch
from tests.e2e.ui import CASE_URL, pdf_file

SOP = Path(__file__).parents[1] / "cases" / "sops" / "surat-kuasa.yaml"
PAGE = "/permohonan/baru/izin-kuasa/"
CONTROL = 'select[name="form-permohonan-diajukan-oleh"]'
KUASA = "div.field:has(input[data-document='Surat Kuasa'])"
NAME = "div#bidang-form-permohonan-nama-kuasa"


def _publish() -> None:
    from alur.catalog.services import sop_version_create
    from alur.offices.models import Office

    office = Office.objects.get(code="dkisp-sumbawa")
    sop_version_create(office=office, text=SOP.read_text(encoding="utf-8"), publish=True)


def test_the_surat_kuasa_shows_only_when_the_request_is_filed_by_a_kuasa(as_person) -> None:
    _publish()
    opd = as_person("opd.bappeda")
    seen: list[str] = []
    watch(opd.context, opd.page, seen)
    page = opd.page
    page.goto(PAGE)
    kuasa, name = page.locator(KUASA), page.locator(NAME)
    expect(page.locator(CONTROL)).to_be_visible()
    expect(kuasa).to_be_hidden()
    expect(name).to_be_hidden()

    page.locator(CONTROL).select_option("Kuasa")
    expect(kuasa).to_be_visible()
    expect(kuasa.locator("label")).to_contain_text("(wajib bila Diajukan oleh = Kuasa)")
    expect(name).to_be_visible()

    page.locator(CONTROL).select_option("Pemohon sendiri")
    expect(kuasa).to_be_hidden()
    expect(name).to_be_hidden()

    # Filed by a kuasa without the Surat Kuasa: the server refuses and names it.
    page.locator(CONTROL).select_option("Kuasa")
    page.locator("#id_title").fill("Rekomendasi oleh kuasa")
    page.locator("input[data-document='Surat Permohonan']").set_input_files(
        pdf_file("Surat Permohonan")
    )
    page.locator('input[name="form-permohonan-nama-kuasa"]').fill("Budi")
    page.locator("button#ajukan").click()
    expect(page.locator("ul#galat")).to_contain_text(
        "Surat Kuasa wajib dilampirkan karena Diajukan oleh = Kuasa."
    )
    # The page comes back with the choice kept, and the Surat Kuasa shown for it.
    expect(kuasa).to_be_visible()
    page.locator("input[data-document='Surat Permohonan']").set_input_files(
        pdf_file("Surat Permohonan")
    )
    kuasa.locator("input[type=file]").set_input_files(pdf_file("Surat Kuasa"))
    page.locator("button#ajukan").click()
    page.wait_for_url(CASE_URL)
    expect(page.locator("#nomor-permohonan")).to_be_visible()
    assert seen == []


def test_without_javascript_the_surat_kuasa_shows_with_its_condition(as_person) -> None:
    _publish()
    page = as_person("opd.bappeda", javascript=False).page
    page.goto(PAGE)

    expect(page.locator(KUASA)).to_be_visible()
    expect(page.locator(KUASA).locator("label")).to_have_text(
        "Surat Kuasa (wajib bila Diajukan oleh = Kuasa)"
    )
    expect(page.locator(NAME)).to_be_visible()
