"""Mulai kerjakan in the browser: the Kadis finds the step in Tugas saya, starts it from its
panel (the page comes back at the panel, saying who started and since when, the offer gone),
the inbox says since when it is worked on, and the step is then completed as before."""

from __future__ import annotations

from playwright.sync_api import expect

HOSTING = "layanan-hosting-aplikasi"


def test_the_kadis_starts_the_step_then_completes_it(as_person) -> None:
    case = as_person("opd.disdukcapil").submit_request(HOSTING, "Hosting aplikasi antrean")
    kadis = as_person("kadis.batam")
    kadis.open_task(case, 2)
    panel = kadis.page.locator("div#aksi-2")
    expect(panel.locator("[data-started]")).to_have_count(0)

    panel.locator("button#mulai-kerjakan-2").click()

    kadis.page.wait_for_url(f"**{case.path}#aksi-2")
    expect(kadis.page.locator("#pesan")).to_contain_text(
        "Tercatat: Anda mulai mengerjakan langkah 2."
    )
    expect(panel.locator("[data-started]")).to_contain_text("Mulai dikerjakan:")
    expect(panel.locator("button#mulai-kerjakan-2")).to_have_count(0)
    expect(panel).to_be_in_viewport()

    row = kadis.find_task(case, 2)
    expect(row.locator("[data-touched]")).to_contain_text("mulai dikerjakan")

    kadis.open_task(case, 2)
    kadis.act(2)
    expect(kadis.page.locator("div#aksi-2")).to_have_count(0)
