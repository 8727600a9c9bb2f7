"""Defects of the pages seen in the browser runs. Those fixed since stay as regression checks;
fixed now, they stay as regression tests."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.ui import take_step

HOSTING = "layanan-hosting-aplikasi"
ROLE = "tim-pengembang-aplikasi-dan-sistem-informasi"


def test_the_flow_table_heads_its_step_numbers_no(as_person) -> None:
    """Was: {% translate "No" %} came out as 'Tidak' (Django's own Indonesian catalog has the
    English word 'No'), so the SOP's No column read TIDAK; fixed with a translation context."""
    opd = as_person("opd.disdukcapil")
    opd.submit_request(HOSTING, "Hosting aplikasi antrean online")

    header = opd.page.locator("section#langkah table thead th").first
    expect(header).to_have_text("No")


def test_the_inbox_due_mark_is_in_view_at_desktop_width(as_person) -> None:
    """Was: a long Batam case number (.case-number white-space: nowrap) made table#tugas wider
    than its .table-wrap at 1280px (1352-1404px in 1246px), cutting off or hiding the due mark;
    fixed by letting the number wrap."""
    case = as_person("opd.disdukcapil").submit_request(HOSTING, "Hosting aplikasi antrean")
    kadis = as_person("kadis.batam")

    row = kadis.find_task(case, 2)

    expect(row.locator("[data-due-state]")).to_be_in_viewport(ratio=1)
    widths = kadis.page.locator("table#tugas").evaluate(
        "table => [table.scrollWidth, table.parentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"table#tugas is {widths[0]}px wide in {widths[1]}px"


def test_a_non_file_output_is_not_asked_for_as_a_file(as_person) -> None:
    case = as_person("opd.dinkes").submit_request(
        "pengembangan-aplikasi-opd",
        "Pengembangan aplikasi SIMPUS",
        fields={"field-jadwal_selesai_pengembangan": "2027-03-01"},
    )
    take_step(as_person, case, "tatakelola.batam", 2)
    take_step(as_person, case, "subkoor.pa", 3)  # prepares the repository: no file
    developer = as_person("dev.batam")
    developer.open_task(case, 4)
    form = developer.action(4)
    needs = developer.page.locator("div#aksi-4 ul.kelengkapan")
    listed_missing = needs.locator('li.kurang[data-document="Repositori"]').count()
    upload_offered = form.locator('input[type=file][data-document="Repositori"]').count()

    developer.act(4, leave_out=("Repositori",))  # the service does not need the file

    assert (listed_missing, upload_offered) == (0, 0), "the panel asked for a Repositori file"


def test_a_long_readiness_line_wraps_within_the_version_page(as_person) -> None:
    """Was: each line of the readiness list is a <pre> that did not wrap, so a lane whose role
    the office lacks made the version page wider than the window at 1280px; fixed by letting
    those lines wrap."""
    admin = as_person("admin.sumbawa")
    page = admin.page
    page.goto("/pengaturan/sop/")
    page.locator('tr[data-sop="permohonan-pembuatan-aplikasi"] li[data-versi="1"] a').click()
    page.locator("#form-draf-baru button").click()
    page.wait_for_url("**/versi/2/ubah/")
    lane = "  - id: tim-pengembang\n"
    text = page.locator("#teks").input_value().replace(lane, f"{lane}    peran: {ROLE}\n", 1)
    page.locator("#teks").fill(text)
    page.locator("#simpan").click()
    expect(page.locator("#pesan")).to_contain_text("Draf tersimpan")
    page.locator(".eyebrow a").nth(1).click()

    expect(page.locator("#masalah-kesiapan li")).to_contain_text(f"berkode '{ROLE}'")
    page.wait_for_load_state("load")  # measured with its style sheets applied
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the version page is {widths[0]}px wide in {widths[1]}px"
