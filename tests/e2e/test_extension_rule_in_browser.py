"""An SOP's limits on extending a step, in a real browser: the Kepala Dinas, whom the SOP names
as the one who grants it, asks for more working days than one extension allows and is refused
with the rule, then grants one within it with the notice letter; the requester hears of it and
the case page offers no further extension."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from alur.cases.models import Task
from alur.catalog.services import sop_version_create
from alur.common.formatting import day_text
from alur.deadlines.services import after_working_days
from alur.offices.calendar import calendar_for
from alur.offices.models import Office
from tests.e2e.ui import pdf_file

SOP = Path(__file__).resolve().parents[1] / "deadlines" / "sops" / "pengaduan-perpanjangan.yaml"


def test_an_extension_beyond_the_rule_is_refused_and_one_within_it_granted_with_a_notice(
    as_person,
) -> None:
    office = Office.objects.get(code="dkisp-sumbawa")
    sop_version_create(office=office, text=SOP.read_text(encoding="utf-8"), publish=True)
    bappeda = as_person("opd.bappeda")
    case = bappeda.submit_request("pengaduan-layanan", "SIMPEG tidak dapat diakses")

    kadis = as_person("kadis.sumbawa")
    kadis.open_case(case)
    page = kadis.page
    page.locator('a[data-extend="2"]').click()
    rule = page.locator("#aturan-perpanjangan li")
    expect(rule).to_have_text(
        [
            "Paling banyak 1 kali; sudah 0 kali.",
            "Tiap perpanjangan paling lama 3 hari kerja.",
            "Diberikan oleh Kepala Dinas.",
            "Wajib surat pemberitahuan; pemohon diberi tahu.",
        ]
    )

    # Four working days, one more than the SOP allows: refused, naming the latest due.
    due = Task.objects.get(case__number=case.number, step=2).due
    assert due is not None
    calendar = calendar_for(office)
    latest = after_working_days(calendar, due, 3).astimezone(calendar.zone)
    page.locator("#id_days").fill("4")
    page.locator("#id_reason").fill("Menunggu log server dari OPD pengadu.")
    page.locator("#id_notice").set_input_files(pdf_file("Surat Pemberitahuan Perpanjangan"))
    page.locator("#ubah-tenggat button[type=submit]").click()
    expect(page.locator("#galat li")).to_have_text(
        [
            "Menurut SOP, satu perpanjangan paling lama 3 hari kerja: tenggat baru paling lambat "
            f"{day_text(latest.date())} pukul {latest:%H.%M}."
        ]
    )

    # Three working days, with the notice: granted, the notice kept with the case.
    page.locator("#id_days").fill("3")
    page.locator("#id_notice").set_input_files(pdf_file("Surat Pemberitahuan Perpanjangan"))
    page.locator("#ubah-tenggat button[type=submit]").click()
    page.wait_for_url(f"**{case.path}")
    expect(
        page.locator('[data-document="Surat Pemberitahuan Perpanjangan Langkah 2"]')
    ).to_have_count(1)
    expect(page.locator('a[data-extend="2"]')).to_have_count(0)  # the one allowed is used

    # The requester is told.
    bappeda.page.goto("/pemberitahuan/")
    expect(bappeda.page.locator("body")).to_contain_text(
        f"Penyelesaian langkah 2 permohonan {case.number} diperpanjang sampai"
    )
