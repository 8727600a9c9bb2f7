"""The bell in the top bar is a drawn icon that Chromium shows (not an emoji it may lack), and
the next person in a request's flow finds the step another person completed counted on it."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.ui import take_step

HOSTING = "layanan-hosting-aplikasi"


def test_the_next_person_finds_the_step_on_their_bell(as_person) -> None:
    opd = as_person("opd.disdukcapil")
    case = opd.submit_request(HOSTING, "Hosting aplikasi antrean online")
    take_step(as_person, case, "kadis.batam", 2)

    kabid = as_person("kabid.pe")
    page = kabid.page
    page.goto("/tugas/")
    bell = page.locator("a#lonceng")
    icon = bell.locator("svg.bell-icon")
    expect(icon).to_be_visible()
    assert icon.evaluate("element => element.namespaceURI") == "http://www.w3.org/2000/svg"
    box = icon.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    expect(bell).to_have_attribute("aria-label", "Pemberitahuan, 1 belum dibaca")
    expect(bell.locator(".bell-count")).to_have_text("1")
    expect(bell.locator(".bell-count")).to_be_visible()

    bell.click()
    page.wait_for_url("**/pemberitahuan/")
    expect(page.locator("main")).to_contain_text(
        f"Langkah 3 permohonan {case.number} menunggu Anda"
    )
