"""SOP 2 (Kota Batam): hosting for Disdukcapil's application when the servers have no room (a new
server is provided at steps 5 and 6), and a request returned at step 3 with its reason."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.ui import take_step

HOSTING = "layanan-hosting-aplikasi"
REQUIRED = (
    "Rekomendasi penyediaan layanan hosting aplikasi yang dikeluarkan oleh Tim Teknis Diskominfo "
    "Batam",
    "Surat penunjukan pegawai OPD sebagai pengelola/administrator aplikasi",
    "Petunjuk Instalasi Aplikasi",
)
APP = "SIAK Terpadu Disdukcapil"
URL = "https://siak.batam.go.id"
SERVER = "vm-siak-01 (10.10.20.31)"


def test_sop2_hosting_without_server_capacity_ends_in_the_inventory(as_person) -> None:
    opd = as_person("opd.disdukcapil")
    case = opd.submit_request(HOSTING, "Hosting aplikasi SIAK Terpadu")
    for name in REQUIRED:
        assert opd.document_versions(name) == ["1"], name
    expect(opd.status()).to_have_attribute("data-status", "berjalan")

    take_step(as_person, case, "kadis.batam", 2)
    take_step(as_person, case, "kabid.pe", 3, decision="ya")
    take_step(as_person, case, "kasi.pa", 4, decision="tidak", note="Kapasitas server penuh.")
    take_step(as_person, case, "kasi.infratek", 5)  # the server specification
    take_step(as_person, case, "kasi.infratek", 6)  # device and network documentation
    take_step(as_person, case, "kasi.pa", 7)
    take_step(
        as_person,
        case,
        "kasi.pa",
        8,
        fields={"field-nama_aplikasi": APP, "field-url": URL, "field-server": SERVER},
    )
    take_step(as_person, case, "kasi.pa", 9)
    kadis = take_step(as_person, case, "kadis.batam", 10)

    expect(kadis.status()).to_have_attribute("data-status", "selesai")
    for step, visits in {4: ["1"], 5: ["1"], 6: ["1"], 7: ["1"], 10: ["1"]}.items():
        assert kadis.visits(step) == visits, step
    kadis.shots.take(kadis.page, "permohonan-selesai-kadis.batam")

    kasi = as_person("kasi.pa")
    page = kasi.registry()
    row = page.locator("table#aplikasi tbody tr", has_text=APP)
    expect(row).to_have_count(1)
    for text in (URL, SERVER, case.number):
        expect(row).to_contain_text(text)
    kasi.shots.take(page, "inventaris-kasi.pa")
    # The requesting OPD sees its own application in the inventory too.
    expect(opd.registry().locator("table#aplikasi tbody tr", has_text=APP)).to_have_count(1)


def test_sop2_incomplete_request_is_returned_with_the_reason(as_person) -> None:
    reason = "Surat penunjukan administrator belum ditandatangani Kepala OPD."
    opd = as_person("opd.disdukcapil")
    case = opd.submit_request(HOSTING, "Hosting aplikasi antrean online")
    take_step(as_person, case, "kadis.batam", 2)
    # Kabid PE answers with JavaScript off: the step form works as a plain form post too.
    kabid = as_person("kabid.pe", javascript=False)
    kabid.open_task(case, 3)
    kabid.act(3, decision="tidak", note=reason)
    expect(kabid.status()).to_have_attribute("data-status", "dikembalikan")

    opd.open_case(case)
    expect(opd.status()).to_have_attribute("data-status", "dikembalikan")
    expect(opd.page.locator("#isi-permohonan header")).to_contain_text(reason)
    expect(opd.page.locator('section#kunjungan tr[data-step="3"][data-visit="1"]')).to_contain_text(
        reason
    )
    expect(opd.page.locator("section#langkah tr[data-step].current")).to_have_count(0)
    expect(opd.page.locator("[id^=aksi-]")).to_have_count(0)
    opd.shots.take(opd.page, "permohonan-dikembalikan-opd.disdukcapil")

    # Nobody is left with a task on the returned request.
    for username in ("kabid.pe", "kasi.pa"):
        person = as_person(username)
        person.menu("nav-tugas", "/tugas/")
        expect(person.page.locator(f'tr[data-case="{case.number}"]')).to_have_count(0)
    opd.sign_out()
