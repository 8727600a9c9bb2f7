"""A member of the public, in Chromium with no account: files a request on the office's public
page, later (in another browser) follows it by its tracking number and the code e-mailed to
them, and completes what the Kepala Bidang returned; a wrong identity number is refused
naming it."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.test_no_csp_violation import watch
from tests.e2e.ui import pdf_file

SOP = Path(__file__).parents[2] / "sops" / "contoh" / "rekomendasi-menara-publik.yaml"


def _publish() -> None:
    from alur.catalog.services import sop_version_create
    from alur.offices.models import Office

    office = Office.objects.get(code="dkisp-sumbawa")
    sop_version_create(office=office, text=SOP.read_text(encoding="utf-8"), publish=True)


def _return_to_requester(tracking: str) -> None:
    from alur.cases.services import task_act
    from alur.offices.models import User
    from alur.public.models import PublicRequest

    filed = PublicRequest.objects.get(tracking=tracking)
    kabid = User.objects.get(username="kabid.ti")
    task_act(
        case=filed.case, step=2, actor=kabid, decision="tidak", note="Surat belum ditandatangani"
    )


def _code_sent(tracking: str) -> str:
    from alur.notifications.models import Mail

    body = Mail.objects.filter(subject__contains=tracking).latest("pk").body
    found = re.search(r"Kode akses Anda: (\d{6})", body)
    assert found is not None, body
    return found.group(1)


def test_a_citizen_files_follows_and_completes_what_was_returned(as_person) -> None:
    _publish()
    citizen = as_person("warga", signed_in=False)
    seen: list[str] = []
    watch(citizen.context, citizen.page, seen)
    page = citizen.page
    page.goto("/layanan/dkisp-sumbawa/")
    page.locator("#layanan a", has_text="Layanan Rekomendasi Menara Telekomunikasi").click()

    page.locator("#id_applicant_name").fill("Siti Rahmawati")
    page.locator("#id_applicant_id").fill("52040145")
    page.locator("#id_applicant_email").fill("siti@example.org")
    page.locator("#id_title").fill("Rekomendasi menara Labuhan Badas")
    page.locator('input[name="form-permohonan-lokasi"]').fill("Desa Labuhan Badas")
    page.locator('input[name="form-permohonan-tanggal-bangun"]').fill("2027-04-01")
    page.locator("input[data-document='Surat Permohonan']").set_input_files(
        pdf_file("Surat Permohonan")
    )
    page.locator("button#ajukan").click()
    expect(page.locator("ul#galat")).to_contain_text("NIK harus 16 angka; yang diisi: '52040145'.")

    page.locator("#id_applicant_id").fill("5204014506900001")
    page.locator("input[data-document='Surat Permohonan']").set_input_files(
        pdf_file("Surat Permohonan")
    )
    page.locator("button#ajukan").click()
    expect(page.locator("#status")).to_have_attribute("data-status", "berjalan")
    tracking = page.locator("#nomor-lacak").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", tracking)
    expect(page.locator("#perjalanan tr[data-step='2']")).to_contain_text("Kepala Bidang")

    _return_to_requester(tracking)

    # Another browser: the status page asks for the code first.
    later = as_person("warga-lagi", signed_in=False)
    watch(later.context, later.page, seen)
    page = later.page
    page.goto(f"/lacak/{tracking}/")
    expect(page.locator("#id_nomor")).to_have_value(tracking)
    page.locator("button#kirim-kode").click()
    page.locator("#id_kode").fill("000000" if _code_sent(tracking) != "000000" else "111111")
    page.locator("button#buka").click()
    expect(page.locator("ul#galat")).to_contain_text("Nomor lacak atau kode tidak cocok")
    page.locator("#id_kode").fill(_code_sent(tracking))
    page.locator("button#buka").click()

    panel = page.locator("section#aksi-1")
    expect(panel).to_contain_text("Pemohon mengisi Formulir Permohonan")
    expect(panel.locator("#catatan-petugas")).to_contain_text("Surat belum ditandatangani")
    expect(panel.locator('input[name="form-permohonan-lokasi"]')).to_have_value(
        "Desa Labuhan Badas"
    )
    panel.locator("input[data-document='Surat Permohonan']").set_input_files(
        pdf_file("Surat Permohonan")
    )
    panel.locator("button#selesai-1").click()
    expect(page.get_by_text("Langkah 1 selesai. Terima kasih.")).to_be_visible()
    expect(page.locator("section#aksi-1")).to_have_count(0)
    expect(page.locator("#perjalanan tr[data-step='2']")).to_have_count(2)
    assert seen == []
