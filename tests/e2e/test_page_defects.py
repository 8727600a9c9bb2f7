"""Defects of the pages seen in the browser runs. Those fixed since stay as regression checks;
fixed now, they stay as regression tests."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.ui import take_step

HOSTING = "layanan-hosting-aplikasi"


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
    listed_missing = form.locator('ul.kelengkapan li.kurang[data-document="Repositori"]').count()
    upload_offered = form.locator('input[type=file][data-document="Repositori"]').count()

    developer.act(4, leave_out=("Repositori",))  # the service does not need the file

    assert (listed_missing, upload_offered) == (0, 0), "the panel asked for a Repositori file"
