"""An office's first day, through its pages alone: on an empty installation the administrator
opens the one-time setup link, sets up the office, its letterhead, units, roles and people,
writes a new SOP in the editor, maps its lanes, approves it and brings it into force; a Plh
stands in for the head, the requesting OPD files a request that the staff run to the signed
reply letter; a second version comes into force and a request still open moves to it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from openpyxl import Workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.administration.images import png_bytes
from tests.e2e.ui import Person, take_step

GOVERNMENT = "Pemerintah Kabupaten Lombok Timur"
OFFICE = "Dinas Komunikasi, Informatika dan Statistik"
ADMIN = "admin.diskominfo"
ADMIN_PASSWORD = "Selong-Kominfo-2026!"  # noqa: S105 - the one the test chooses
HEAD_TITLE = "Kepala Dinas Komunikasi, Informatika dan Statistik"
HEAD = "Lalu Ahmad Zaini, S.Kom., M.T."
HEAD_NIP = "197604122003121004"
PLH = "Baiq Nurul Hidayati, S.T."
PLH_NIP = "198203152006042002"
REQUESTER = "Siti Rahmawati, S.E."
CODE = "layanan-subdomain"
CHECK_V1 = "Pranata Komputer memeriksa kelengkapan permohonan. Lengkap?"
CHECK_V2 = "Pranata Komputer memeriksa kelengkapan dan keabsahan surat permohonan. Lengkap?"
LETTER = "Surat Balasan Subdomain"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The office's people as its spreadsheet lists them; Muhammad Rizki's user name is left for
# the import to make (from the e-mail).
PEOPLE = [
    ("NIP", "nama", "e-mail", "username", "unit", "peran", "jabatan"),
    (
        HEAD_NIP,
        HEAD,
        "kadis@diskominfo.lomboktimurkab.go.id",
        "kadis.lotim",
        "",
        "kadis",
        HEAD_TITLE,
    ),
    (
        PLH_NIP,
        PLH,
        "baiq.nurul@diskominfo.lomboktimurkab.go.id",
        "kabid.aptika",
        "bidang-aptika",
        "kabid-aptika",
        "Kepala Bidang Aplikasi Informatika",
    ),
    (
        "199001202015031001",
        "Muhammad Rizki Pratama, S.Kom.",
        "rizki.pratama@diskominfo.lomboktimurkab.go.id",
        "",
        "bidang-aptika",
        "pranata",
        "Pranata Komputer Ahli Pertama",
    ),
    (
        "199305112019032002",
        "Dewi Sartika Putri, A.Md.",
        "",
        "dewi.sartika",
        "Bidang Aplikasi Informatika",
        "pranata",
        "Pranata Komputer Terampil",
    ),
    (
        "198807082010012003",
        REQUESTER,
        "siti.rahmawati@dispar.lomboktimurkab.go.id",
        "opd.dispar",
        "dispar",
        "",
        "Sekretaris Dinas Pariwisata",
    ),
]

# The SOP as the administrator writes it; the approver's NIP is first typed as a number.
DEFINITION = f"""\
# Layanan pembuatan subdomain lomboktimurkab.go.id bagi OPD.
format: 1
kode: {CODE}
identitas:
  pemerintah: {GOVERNMENT}
  instansi: {OFFICE}
  unit: Bidang Aplikasi Informatika
  nomor: 000.8.3.3/07/SOP/2026
  nama: Layanan Pembuatan Subdomain
  tanggal_pembuatan: null
  tanggal_revisi: null
  tanggal_efektif: null
  disahkan_oleh:
    jabatan: {HEAD_TITLE}
    nama: {HEAD}
    nip: {HEAD_NIP}
pelaksana:
  - {{id: opd, nama: OPD Pemohon, pemohon: true}}
  - {{id: pranata, nama: Pranata Komputer}}
  - {{id: kadis, nama: Kepala Dinas, peran: kepala-dinas}}
langkah:
  - no: 1
    jenis: mulai
    uraian: OPD mengajukan permohonan subdomain dengan surat permohonan.
    pelaksana: opd
    kelengkapan:
      - {{nama: Surat Permohonan Subdomain, sumber: pemohon}}
    waktu: "—"
    output: [Surat Permohonan Subdomain]
  - no: 2
    jenis: keputusan
    uraian: {CHECK_V1}
    pelaksana: pranata
    kelengkapan: [Surat Permohonan Subdomain]
    waktu: 1 Hari Kerja
    ya: 3
    tidak: {{akhir: dikembalikan, alasan: Surat permohonan belum lengkap.}}
  - no: 3
    uraian: Pranata Komputer membuat subdomain dan menyusun draf surat balasan.
    pelaksana: pranata
    waktu: 2 Hari Kerja
    output: [Draf Surat Balasan]
    surat: balasan-draf
  - no: 4
    jenis: selesai
    uraian: Kepala Dinas menandatangani surat balasan kepada OPD.
    pelaksana: kadis
    kelengkapan: [Draf Surat Balasan]
    waktu: 1 Hari Kerja
    output: [{LETTER}]
    surat: balasan
"""


def test_an_office_is_put_into_service_on_its_first_day(
    as_person_fresh: Callable[..., Person], first_run_path: str
) -> None:
    admin = as_person_fresh(ADMIN, signed_in=False)
    page = admin.page
    shot = admin.shots.take

    # 1. The one-time link makes the first office and its administrator.
    page.goto(first_run_path)
    page.locator("#id_office_name").fill(OFFICE)
    page.locator("#id_government").fill(GOVERNMENT)
    page.locator("#id_city").fill("Selong")
    page.locator("#id_full_name").fill("Hendra Gunawan")
    page.locator("#id_username").fill(ADMIN)
    page.locator("#id_password").fill(ADMIN_PASSWORD)
    page.locator("#id_password_again").fill(ADMIN_PASSWORD)
    shot(page, "mulai")
    page.locator("#siapkan").click()
    page.wait_for_url("**/pengaturan/")
    expect(page.locator("#pesan")).to_contain_text("Alur siap")
    expect(page.locator(".page-head .lead")).to_contain_text(OFFICE)
    page.goto(first_run_path)  # the link worked once
    expect(page.locator("#siapkan")).to_have_count(0)

    # 2. The office (its zone and hours) and the letterhead with its logo and signer.
    page.goto("/pengaturan/kantor/")
    page.locator("#id_zone").select_option("Asia/Makassar")
    page.locator("#id_opens").fill("07:30")
    page.locator("#id_closes").fill("16:00")
    page.locator("#simpan-kantor").click()
    expect(page.locator("#pesan")).to_contain_text("Pengaturan kantor disimpan.")
    expect(page.locator("#id_zone")).to_have_value("Asia/Makassar")

    page.goto("/pengaturan/kop-surat/")
    letterhead = {
        "#id_government": GOVERNMENT,
        "#id_name": OFFICE,
        "#id_address": "Jalan Prof. M. Yamin No. 55, Selong, Lombok Timur 83612",
        "#id_contact": "Telp. (0376) 21023, Laman diskominfo.lomboktimurkab.go.id",
        "#id_head_name": HEAD,
        "#id_head_position": HEAD_TITLE,
        "#id_head_rank": "Pembina Utama Muda (IV/c)",
        "#id_head_nip": "19760412 200312 1 004",
        "#id_unit_code": "DISKOMINFOTIK",
    }
    for field, value in letterhead.items():
        page.locator(field).fill(value)
    page.locator("#id_logo_file").set_input_files(
        {"name": "logo-lotim.png", "mimeType": "image/png", "buffer": png_bytes((96, 96))}
    )
    page.locator("#simpan-kop").click()
    expect(page.locator("#pesan")).to_contain_text("Kop surat disimpan.")
    expect(page.locator("#logo-sekarang img")).to_be_visible()
    expect(page.locator("#kop-belum-lengkap")).to_have_count(0)
    expect(page.locator("#id_head_nip")).to_have_value(HEAD_NIP)
    shot(page, "kop-surat")

    # 3. Units and roles, then the people from a spreadsheet: a dry run, then the import.
    for code, name, kind in [
        ("bidang-aptika", "Bidang Aplikasi Informatika", "bidang"),
        ("dispar", "Dinas Pariwisata", "opd"),
    ]:
        page.goto("/pengaturan/unit/baru/")
        page.locator("#id_code").fill(code)
        page.locator("#id_name").fill(name)
        page.locator("#id_kind").select_option(kind)
        page.locator("#form-unit button[type=submit]").click()
        expect(page.locator(f'table#unit tr[data-unit="{code}"]')).to_contain_text(name)
    for code, name, head in [
        ("kadis", "Kepala Dinas", None),
        ("kabid-aptika", "Kepala Bidang Aplikasi Informatika", "Kepala Dinas"),
        ("pranata", "Pranata Komputer", "Kepala Bidang Aplikasi Informatika"),
    ]:
        page.goto("/pengaturan/peran/baru/")
        page.locator("#id_code").fill(code)
        page.locator("#id_name").fill(name)
        if head is not None:
            page.locator("#id_head").select_option(label=head)
        page.locator("#form-peran button[type=submit]").click()
        expect(page.locator(f'table#peran tr[data-role="{code}"]')).to_contain_text(head or "—")

    page.goto("/pengaturan/pegawai/")
    page.get_by_role("link", name="Impor dari berkas").click()
    page.wait_for_url("**/pengaturan/pegawai/impor/")
    page.locator("#id_file").set_input_files(
        {"name": "pegawai.xlsx", "mimeType": XLSX, "buffer": _spreadsheet(PEOPLE)}
    )
    page.locator("#unggah-impor button[type=submit]").click()
    expect(page.locator("#ringkasan")).to_have_text("5 baris: 5 baru, 0 diubah, 0 tetap, 0 galat.")
    made = page.locator('#laporan-impor tr[data-row="4"] td').nth(4).inner_text().strip()
    assert made == "rizki.pratama", made
    shot(page, "impor-pratinjau")
    page.locator("#terapkan-impor button").click()
    page.wait_for_url("**/pengaturan/pegawai/")
    expect(page.locator("#pesan")).to_contain_text("Impor selesai: 5 pegawai baru, 0 diubah.")
    expect(page.locator("table#pegawai tr[data-person]")).to_have_count(6)
    expect(page.locator('table#pegawai tr[data-person="opd.dispar"]')).to_contain_text(
        "Dinas Pariwisata"
    )

    # 4. A new SOP from the template, written in the editor; its first mistake is shown there.
    page.goto("/pengaturan/sop/baru/")
    page.locator("input[name=sumber][value=templat]").check()
    page.locator("#id_kode").fill(CODE)
    page.locator("#id_nama").fill("Layanan Pembuatan Subdomain")
    page.locator("#buat").click()
    page.wait_for_url(re.compile(r"/pengaturan/sop/\d+/versi/1/$"))
    sop_path = re.sub(r"versi/1/$", "", urlsplit(page.url).path)
    page.locator("#ubah").click()
    page.wait_for_url("**/versi/1/ubah/")
    _type(page, DEFINITION)
    problem = page.locator("#masalah li")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text(f"harus teks, tertulis {HEAD_NIP}")
    expect(page.locator("#pratinjau figure")).to_have_count(0)
    shot(page, "sop-galat")
    _type(page, DEFINITION.replace(f"nip: {HEAD_NIP}", 'nip: "19760412 200312 1 004"'))
    expect(page.locator("#tanpa-masalah")).to_be_visible()
    expect(page.locator("#pratinjau figure")).to_have_count(1)
    page.locator("#simpan").click()
    expect(page.locator("#pesan")).to_contain_text("Draf tersimpan")
    shot(page, "sop-tersimpan")

    # 5. The readiness list names the lane whose role the office lacks, until it is mapped.
    page.goto(f"{sop_path}versi/1/")
    readiness = page.locator("#masalah-kesiapan li")
    expect(readiness).to_have_count(1)
    expect(readiness).to_contain_text("kantor tidak punya peran berkode 'kepala-dinas'")
    shot(page, "sop-kesiapan")
    page.locator("#atur-peran-lajur").click()
    page.wait_for_url(f"**{sop_path}lajur/")
    lane = page.locator('#form-peran-lajur tr[data-lajur="kadis"]')
    expect(lane).to_contain_text("tidak ada di kantor")
    expect(page.locator('#form-peran-lajur tr[data-lajur="pranata"] td.pegawai')).to_have_text("2")
    page.locator('#form-peran-lajur select[name="kadis"]').select_option(
        label="Kepala Dinas (kadis)"
    )
    page.locator("#simpan-peran-lajur").click()
    expect(page.locator("#pesan")).to_contain_text("Peran lajur disimpan.")
    expect(lane.locator("td.pegawai")).to_have_text("1")
    shot(page, "sop-peran-lajur")
    page.goto(f"{sop_path}versi/1/")
    expect(page.locator("#masalah-kesiapan")).to_have_count(0)
    expect(page.locator("#siap")).to_be_visible()

    # 6. Approved and in force from the office's today, the date the page offers.
    today = _approve_and_bring_into_force(page)
    shot(page, "sop-berlaku")

    # 7. The Kepala Bidang is the Kepala Dinas's Plh today.
    page.goto("/pengaturan/pelimpahan/")
    page.locator("#id_role").select_option(label="Kepala Dinas")
    page.locator("#id_delegate").select_option(label=PLH)
    page.locator("#id_kind").select_option("plh")
    page.locator("#id_starts").fill(today)
    page.locator("#id_ends").fill(today)
    page.locator("#id_reason").fill("Kepala Dinas dinas luar daerah")
    page.locator("#form-pelimpahan button[type=submit]").click()
    expect(page.locator("#pesan")).to_contain_text("Pelimpahan dicatat.")
    expect(page.locator("#pelimpahan-berlaku tr[data-delegation]")).to_contain_text(PLH)
    shot(page, "pelimpahan")

    # 8. The people sign in with the one-time passwords the administrator made and choose their
    # own; a request is run to its signed reply letter, the Plh acting on the head's step.
    passwords = {
        username: _one_time_password(page, username)
        for username in ("opd.dispar", "rizki.pratama", "kabid.aptika")
    }
    people = {
        name: as_person_fresh(name, password=word, new_password=f"Rinjani-{n}-Sembalun")
        for n, (name, word) in enumerate(passwords.items(), start=3726)
    }
    requester = people["opd.dispar"]
    case = requester.submit_request(CODE, "Subdomain pariwisata.lomboktimurkab.go.id")
    take_step(as_person_fresh, case, "rizki.pratama", 2, decision="ya")
    pranata = people["rizki.pratama"]
    _letter(pranata, 3, "Draf Surat Balasan")
    pranata.act(3)

    plh = people["kabid.aptika"]
    plh.open_task(case, 4)
    pdf = _letter(plh, 4, LETTER)
    plh.act(4, note="Ditandatangani Plh. Kepala Dinas.")
    expect(plh.status()).to_have_attribute("data-status", "selesai")
    acted = plh.page.locator('section#kunjungan tr[data-step="4"] .acted-as')
    expect(acted).to_have_text("(Plh. Kepala Dinas)")
    shot(plh.page, "permohonan-selesai")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages[0].images) == 1, "the letterhead's logo"
    text = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    assert "Yth. Kepala Dinas Pariwisata" in text
    signature = re.search(rf"Plh\. {re.escape(HEAD_TITLE)} {re.escape(PLH)} .*? NIP (\d+)", text)
    assert signature is not None, text
    assert signature.group(1) == PLH_NIP, "the Plh signs with their own NIP"

    # 9. A request left open at step 2; a second version with a clearer step 2 comes into
    # force, and the open request is moved to it after its dry run.
    waiting = requester.submit_request(CODE, "Subdomain event.lomboktimurkab.go.id")
    page.goto(f"{sop_path}versi/1/")
    page.locator("#form-draf-baru button").click()
    page.wait_for_url("**/versi/2/ubah/")
    _type(page, page.locator("#teks").input_value().replace(CHECK_V1, CHECK_V2))
    expect(page.locator("#tanpa-masalah")).to_be_visible()
    page.locator("#simpan").click()
    expect(page.locator("#pesan")).to_contain_text("Draf tersimpan")
    page.goto(f"{sop_path}versi/2/")
    assert _approve_and_bring_into_force(page) == today
    shot(page, "sop-versi-2-berlaku")

    page.goto(f"{sop_path}pindahkan/")
    expect(page.locator("#id_versi option:checked")).to_contain_text("Versi 2")
    row = page.locator(f'#pratinjau tr[data-case="{waiting.number}"]')
    expect(row).to_have_attribute("data-movable", "ya")
    expect(row).to_contain_text("langkah 2: Pranata Komputer memeriksa kelengkapan dan")
    expect(page.locator(f'#pratinjau tr[data-case="{case.number}"]')).to_have_count(0)
    shot(page, "pindahkan-pratinjau")
    page.locator("#terapkan").click()
    page.wait_for_url(re.compile(r"/pindahkan/\d+/$"))
    moved = page.locator(f'#laporan-pemindahan tr[data-case="{waiting.number}"]')
    expect(moved).to_have_attribute("data-moved", "ya")
    shot(page, "pindahkan-laporan")

    pranata.open_task(waiting, 2)
    expect(pranata.page.locator("#kepala-permohonan .eyebrow")).to_contain_text("versi 2")
    expect(pranata.page.locator("div#aksi-2 h2")).to_contain_text(CHECK_V2)
    shot(pranata.page, "permohonan-versi-2")


def _spreadsheet(rows: list[tuple[str, ...]]) -> bytes:
    """The rows as an XLSX sheet, every cell text (a NIP typed as a number loses digits)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _type(page: Page, text: str) -> None:
    """Put ``text`` in the draft editor as typing would, so the live check answers."""
    editor = page.locator("#teks")
    editor.fill(text)
    editor.press("End")


def _approve_and_bring_into_force(page: Page) -> str:
    """Sahkan, then Berlakukan, each on the date the page offers (the office's today); that
    date."""
    page.locator("#form-sahkan button[type=submit]").click()
    expect(page.locator("#status-versi")).to_have_attribute("data-status", "disahkan")
    today = page.locator("#berlaku-tanggal").input_value()
    page.locator("#form-berlakukan button[type=submit]").click()
    status = page.locator("#status-versi")
    expect(status).to_have_attribute("data-status", "berlaku")
    expect(status).to_contain_text("dipakai permohonan baru hari ini")
    return today


def _one_time_password(page: Page, username: str) -> str:
    """From the person's page, as the administrator hands it over."""
    page.goto("/pengaturan/pegawai/")
    page.locator(f'table#pegawai tr[data-person="{username}"] a').click()
    page.wait_for_url(re.compile(r"/pengaturan/pegawai/\d+/$"))
    page.locator('#kata-sandi button[name="cara"][value="sandi"]').click()
    password = page.locator("#sandi").inner_text().strip()
    assert len(password) == 12, password
    return password


def _letter(person: Person, step: int, document: str) -> bytes:
    """Draft the step's letter from its panel as the form starts; the PDF stored."""
    panel = person.page.locator(f"section#surat-{step}")
    expect(panel.locator(f"#id_surat{step}-kepada")).to_have_value("Kepala Dinas Pariwisata")
    panel.locator(f"button#susun-surat-{step}").click()
    expect(person.page.locator(f'section#surat-{step} li[data-letter-version="1"]')).to_be_visible()
    assert person.document_versions(document) == ["1"]
    return person.download(document, 1)
