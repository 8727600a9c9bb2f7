"""Tugas saya in Chromium: the late request leads though it was opened first, and the due
filter narrows the list and keeps itself; an address that is not there answers the app's own
404 page, in its shell."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from alur.cases import services
from alur.offices.models import Office, User
from tests.authz.world import pdf_upload

SOP5 = "permohonan-pembuatan-aplikasi"
LETTER = "Surat Permohonan Pembuatan Aplikasi"


def _opened(title: str, at: dt.datetime | None = None) -> str:
    """A Bappeda request for SOP 5: step 2 waits for Sumbawa's Kadis; its number."""
    case = services.case_open(
        office=Office.objects.get(code="dkisp-sumbawa"),
        sop_code=SOP5,
        requester=User.objects.get(username="opd.bappeda"),
        title=title,
        uploads={LETTER: (pdf_upload("surat"), "surat.pdf")},
        at=at,
    )
    return case.number


def test_the_late_request_leads_the_inbox_and_the_due_filter_narrows_it(
    as_person, screenshots
) -> None:
    late = _opened("Aplikasi yang terlambat", at=timezone.now() - dt.timedelta(days=14))
    fresh = _opened("Aplikasi yang baru")
    page = as_person("kadis.sumbawa").menu("nav-tugas", "/tugas/")

    rows = page.locator("table#tugas tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-case", late)
    expect(rows.nth(0).locator("[data-due-state]")).to_have_attribute("data-due-state", "terlambat")
    expect(rows.nth(1)).to_have_attribute("data-case", fresh)

    page.get_by_label("Tenggat").select_option("terlambat")
    page.locator("#saring-tugas button[type=submit]").click()
    page.wait_for_url("**/tugas/?sop=&tenggat=terlambat")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_have_attribute("data-case", late)
    expect(page.get_by_label("Tenggat")).to_have_value("terlambat")
    screenshots.take(page, "tugas-terlambat")


def test_an_address_that_is_not_there_answers_the_apps_404_page(as_person, screenshots) -> None:
    page = as_person("kabid.ti").page

    response = page.goto("/tidak-ada-di-sini/")

    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Halaman tidak ditemukan")
    expect(page.locator("a#nav-tugas")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    screenshots.take(page, "404")
    page.locator("a#ke-tugas").click()
    page.wait_for_url("**/tugas/")
