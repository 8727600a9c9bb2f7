"""The performance report of DKISP Kabupaten Sumbawa, after a year of demo history: its Kadis
opens it from the menu, reads the figures and charts, narrows the period and downloads the PDF;
with JavaScript off the charts are there all the same. Batam's Kabid sees Batam's four SOPs."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone
from playwright.sync_api import expect

from alur.cases.models import Case
from alur.common.formatting import date_text
from alur.demo import demo_year_load
from alur.offices.models import Office
from alur.reports.period import last_twelve_months


def _end_of_third_month(first: dt.date) -> dt.date:
    """The last day of the third month from ``first``'s."""
    months = first.year * 12 + first.month - 1 + 3
    return dt.date(months // 12, months % 12 + 1, 1) - dt.timedelta(days=1)


def test_the_kadis_reads_the_sumbawa_report_and_downloads_it(
    as_person, settings: Any, tmp_path, screenshots
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    demo_year_load()
    sumbawa = Office.objects.get(code="dkisp-sumbawa")
    year = last_twelve_months(timezone.localdate(timezone=ZoneInfo(sumbawa.zone)), sumbawa.zone)
    opened = Case.objects.filter(office=sumbawa, opened_at__gte=year.starts).count()
    first, last = year.first, _end_of_third_month(year.first)  # the first quarter shown

    kadis = as_person("kadis.sumbawa")
    page = kadis.menu("nav-laporan", "/laporan/dkisp-sumbawa/")
    expect(page.locator("h1")).to_have_text("Kinerja layanan: target dan realisasi")
    expect(page.locator('[data-stat="opened"]')).to_have_text(str(opened))
    report = page.locator("#sop-permohonan-pembuatan-aplikasi")
    expect(report.locator("svg.chart-svg g[data-step-bar]").first).to_be_visible()
    expect(report.locator("table tbody tr")).to_have_count(17)
    expect(page.locator("#per-bulan svg.chart-svg g[data-month]")).to_have_count(12)
    screenshots.take(page, "laporan-kadis-sumbawa")

    page.locator("#id_dari").fill(f"{first:%d-%m-%Y}")
    page.locator("#id_sampai").fill(f"{last:%d-%m-%Y}")
    page.locator("#periode button[type=submit]").click()
    expect(page.locator("#periode-laporan")).to_contain_text(
        f"Periode {date_text(first)} sampai {date_text(last)}."
    )
    page.wait_for_url(
        f"**/laporan/dkisp-sumbawa/?dari={first:%d-%m-%Y}&sampai={last:%d-%m-%Y}&sop="
    )

    page.locator("#id_dari").fill(f"31-02-{first.year}")
    page.locator("#periode button[type=submit]").click()
    expect(page.locator("#galat-periode")).to_contain_text(
        f"Dari tanggal: Tanggal 31-02-{first.year} tidak ada di kalender."
    )
    screenshots.take(page, "laporan-tanggal-salah")

    with page.expect_download() as download:
        page.goto("/laporan/dkisp-sumbawa/")
        page.locator("#unduh-pdf").click()
    assert download.value.suggested_filename.startswith("kinerja-dkisp-sumbawa-")
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    batam = as_person("kabid.pe").menu("nav-laporan", "/laporan/diskominfo-batam/")
    expect(batam.locator("section.report-sop")).to_have_count(4)
    screenshots.take(batam, "laporan-kabid-batam")

    plain = as_person("kabid.ti", javascript=False)
    plain.page.goto("/laporan/dkisp-sumbawa/")
    expect(plain.page.locator("svg.chart-svg").first).to_be_visible()
    plain.page.set_viewport_size({"width": 390, "height": 844})
    screenshots.take(plain.page, "laporan-ponsel-tanpa-javascript")
