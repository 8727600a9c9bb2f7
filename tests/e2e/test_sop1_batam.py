"""SOP 1 (Kota Batam): Dinkes develops an application deployed on Kominfo's servers, so step 7
opens a hosting request (SOP 2) and waits for it; the system ends up registered (Pendataan
Sistem Elektronik) in the inventory."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.ui import CaseRef, take_step

DEVELOPMENT = "pengembangan-aplikasi-opd"
SYSTEM = "SIMPUS Dinkes Batam"
TDPSE = "012345/DJAI.PSE/11/2026"
APP = "SIMPUS"


def test_sop1_deployed_on_kominfo_servers_opens_hosting_and_registers_the_system(
    as_person,
) -> None:
    dinkes = as_person("opd.dinkes")
    case = dinkes.submit_request(
        DEVELOPMENT,
        "Pengembangan aplikasi SIMPUS",
        fields={"field-jadwal_selesai_pengembangan": "2027-03-01"},
    )
    assert dinkes.document_versions("Rencana Pengembangan Aplikasi") == ["1"]

    take_step(as_person, case, "tatakelola.batam", 2)  # the clearance and what it weighs
    take_step(as_person, case, "subkoor.pa", 3)  # the SDLC decree, standards, documentation list
    # Source code, documentation, test evidence; and a "Repositori" file the page asks for
    # although step 3 produces no file (see test_page_defects).
    take_step(as_person, case, "dev.batam", 4)
    take_step(as_person, case, "dev.batam", 5)
    subkoor = take_step(as_person, case, "subkoor.pa", 6, decision="ya")

    # Step 7 opened a hosting request and waits for it: linked both ways, not yet completable.
    page = subkoor.page
    expect(page.locator("section#langkah tr[data-step].current")).to_have_count(1)
    expect(page.locator('section#langkah tr[data-step="7"].current')).to_have_count(1)
    expect(subkoor.action(7).locator("button#selesaikan")).to_be_disabled()
    link = page.locator("section#terkait a[data-related-case]")
    expect(link).to_have_count(1)
    hosting = CaseRef(
        link.get_attribute("data-related-case") or "", link.get_attribute("href") or ""
    )
    assert hosting.number and hosting.number != case.number
    subkoor.shots.take(page, "permohonan-langkah-7-menunggu-hosting")
    link.click()
    page.wait_for_url(f"**{hosting.path}")
    expect(page.locator("#nomor-permohonan")).to_have_text(hosting.number)
    expect(page.locator(f'section#terkait a[data-related-case="{case.number}"]')).to_have_count(1)

    # The OPD sends the hosting request (step 1 of SOP 2) from its inbox; Kominfo has capacity.
    take_step(as_person, hosting, "opd.dinkes", 1)
    take_step(as_person, hosting, "kadis.batam", 2)
    take_step(as_person, hosting, "kabid.pe", 3, decision="ya")
    take_step(as_person, hosting, "kasi.pa", 4, decision="ya")  # Tersedia -> 7
    take_step(as_person, hosting, "kasi.pa", 7)
    take_step(
        as_person,
        hosting,
        "kasi.pa",
        8,
        fields={
            "field-nama_aplikasi": APP,
            "field-url": "https://simpus.batam.go.id",
            "field-server": "vm-apps-03",
        },
    )
    take_step(as_person, hosting, "kasi.pa", 9)
    kadis = take_step(as_person, hosting, "kadis.batam", 10)
    expect(kadis.status()).to_have_attribute("data-status", "selesai")
    assert kadis.visits(5) == []  # capacity was there: no new server
    kadis.shots.take(kadis.page, "hosting-selesai-kadis.batam")

    # The parent's step 7 may now be completed, and the hosting request shows as ended there.
    subkoor = take_step(as_person, case, "subkoor.pa", 7)
    related = subkoor.page.locator(
        f'section#terkait li:has(a[data-related-case="{hosting.number}"]) [data-status]'
    )
    expect(related).to_have_attribute("data-status", "selesai")
    take_step(as_person, case, "sandiman.batam", 8)  # the security test report
    subkoor = take_step(
        as_person,
        case,
        "subkoor.pa",
        9,
        fields={
            "field-nama_sistem_elektronik": SYSTEM,
            "field-nomor_tdpse": TDPSE,
            "field-tanggal_pendataan": "2026-11-23",
            "field-url": "https://simpus.batam.go.id",
        },
    )
    expect(subkoor.status()).to_have_attribute("data-status", "selesai")
    assert subkoor.visits(7) == ["1"]
    subkoor.shots.take(subkoor.page, "permohonan-selesai-subkoor.pa")

    page = subkoor.registry()
    row = page.locator("table#sistem-elektronik tbody tr", has_text=SYSTEM)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(TDPSE)
    expect(row).to_contain_text(case.number)
    expect(page.locator("table#aplikasi tbody tr", has_text=APP)).to_contain_text(hosting.number)
    subkoor.shots.take(page, "inventaris-subkoor.pa")
