"""The SOP monitoring form of DKISP Sumbawa: its Kadis opens SOP 5's form for Semester I 2026 from
the SOP page, reads what Alur proposed, writes the action for the late step, signs it, and
follows one request's timeline. The half-year of requests is the one of the service tests
(``tests/monitoring/halfyear.py``)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.monitoring.halfyear import PAGES_USED, half_year_build

NIP = "197503122000031004"
ACTION = "Tetapkan Plh bila Kepala Dinas dinas luar, agar disposisi tidak tertunda."


def _half_year() -> SimpleNamespace:
    from alur.offices.models import Office, User

    people = {u.username: u for u in User.objects.select_related("office", "unit")}
    return half_year_build(
        SimpleNamespace(people=people, sumbawa=Office.objects.get(code="dkisp-sumbawa"))
    )


@pytest.mark.not_before(PAGES_USED)
def test_the_kadis_assesses_sop5_for_a_half_year_and_signs_the_form(
    as_person: Any, screenshots: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = _half_year()
    kadis = as_person("kadis.sumbawa")
    page = kadis.menu("nav-sop", "/sop/")

    page.locator(f'tr[data-sop="{world.sop.code}"] a').click()
    page.locator("a#tautan-monitoring").click()
    page.wait_for_url(f"**/sop/{world.sop.pk}/monitoring/")
    page.locator("#id_year").fill("2026")
    page.locator("#id_half").select_option("1")
    page.locator("button#buat").click()
    page.wait_for_url("**/monitoring/*/")

    row_2 = page.locator('#tabel-monitoring tr[data-row="2"]')
    expect(row_2.locator("select")).to_have_value("tidak_baik")
    expect(row_2.locator("textarea").first).to_have_value(
        "1 dari 2 kunjungan terlambat (555/002/DKIST/2026). 1 kunjungan belum selesai dan "
        "melewati tenggat (555/003/DKIST/2026). Kelengkapan dan output lengkap."
    )
    row_2.locator('textarea[name="tindakan-2"]').fill(ACTION)
    page.locator("button#simpan").click()
    expect(page.locator("#isi-monitoring #pesan")).to_contain_text("Penilaian disimpan.")
    expect(row_2.locator('textarea[name="tindakan-2"]')).to_have_value(ACTION)
    screenshots.take(page, "monitoring-draf")

    page.locator("#id_nip").fill(NIP)
    page.locator("#id_confirmed").check()
    page.locator("button#tandatangan").click()
    expect(page.locator("#status-formulir")).to_have_attribute("data-signed", "ya")
    expect(page.locator("#nip-penilai")).to_have_text(NIP)
    expect(page.locator('#tabel-monitoring tr[data-row="2"] td').nth(4)).to_have_text(ACTION)
    screenshots.take(page, "monitoring-ditandatangani")
    with page.expect_download() as download:
        page.locator("a#unduh-pdf").click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")

    page.goto(f"/permohonan/{world.stopped.pk}/")
    page.locator("a#tautan-linimasa").click()
    page.wait_for_url(f"**/permohonan/{world.stopped.pk}/linimasa/")
    expect(page.locator("#nomor-permohonan")).to_have_text("555/002/DKIST/2026")
    expect(page.locator('#tabel-linimasa tr[data-step="2"]')).to_have_attribute(
        "data-due-state", "terlambat"
    )
    screenshots.take(page, "linimasa")
