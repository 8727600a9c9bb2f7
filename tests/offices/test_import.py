"""Importing people from CSV or XLSX: the dry run reports each row and saves nothing; applying
saves every row or none; a file Alur cannot read is refused with why, never a server error."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from alur.offices.imports import MAX_BYTES
from alur.offices.models import SettingChange, User

pytestmark = pytest.mark.django_db

HEADER = ["NIP", "nama", "e-mail", "username", "unit", "peran", "jabatan"]
GOOD = [
    ["199001012020011001", "Rina Wati", "rina@demo.invalid", "", "bidang-pe", "kasi-pa", "Analis"],
    [
        "199001012020011002",
        "Joko Susilo",
        "joko@demo.invalid",
        "joko.s",
        "Bidang Teknologi Informasi",
        "kasi-pa, kasi",
        "Pranata Komputer",
    ],
]


def _csv(rows: list[list[str]], header: list[str] = HEADER, sep: str = ",") -> bytes:
    lines = [sep.join(header)] + [sep.join(f'"{cell}"' for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [HEADER, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: Client, name: str, content: bytes) -> str:
    response = client.post(reverse("people_import"), {"file": SimpleUploadedFile(name, content)})
    return response.content.decode(), response.status_code  # type: ignore[return-value]


def _key(page: str) -> str:
    marker = 'name="terapkan" value="'
    return page.split(marker, 1)[1].split('"', 1)[0]


def test_a_good_csv_is_reported_then_applied(demo: SimpleNamespace, admin: Client) -> None:
    page, status = _upload(admin, "pegawai.csv", _csv(GOOD))

    assert status == 200
    assert 'data-row="2" data-status="baru"' in page
    assert 'data-row="3" data-status="baru"' in page
    assert not User.objects.filter(username__in=["rina", "joko.s"]).exists()

    response = admin.post(reverse("people_import"), {"terapkan": _key(page)})

    assert response.status_code == 302
    rina = User.objects.get(username="rina")
    joko = User.objects.get(username="joko.s")
    assert (rina.office, rina.unit.code if rina.unit else None, rina.position) == (
        demo.batam,
        "bidang-pe",
        "Analis",
    )
    assert sorted(joko.roles.values_list("code", flat=True)) == ["kasi", "kasi-pa"]
    assert joko.unit is not None and joko.unit.code == "bidang-ti"
    assert not rina.has_usable_password()
    assert sorted(SettingChange.objects.values_list("subject", "action")) == [
        ("Impor pegawai", "diimpor"),
        ("Pegawai joko.s", "dibuat"),
        ("Pegawai rina", "dibuat"),
    ]


def test_a_second_import_changes_the_people_it_matches_by_nip(
    demo: SimpleNamespace, admin: Client
) -> None:
    page, _status = _upload(admin, "pegawai.csv", _csv(GOOD))
    admin.post(reverse("people_import"), {"terapkan": _key(page)})
    changed = [[*GOOD[0][:6], "Analis Madya"], GOOD[1]]

    page, _status = _upload(admin, "pegawai.csv", _csv(changed, sep=";"))

    assert 'data-row="2" data-status="diubah"' in page and "jabatan" in page
    assert 'data-row="3" data-status="tetap"' in page
    admin.post(reverse("people_import"), {"terapkan": _key(page)})
    assert User.objects.get(username="rina").position == "Analis Madya"


def test_a_user_name_left_empty_is_made_from_the_e_mail_or_the_name_with_its_dots(
    demo: SimpleNamespace, admin: Client
) -> None:
    rows = [
        ["199001012020011003", "Rizki Pratama", "rizki.pratama@demo.invalid", "", "", "", ""],
        ["199001012020011004", "Dewi S. Putri", "", "", "", "", ""],
    ]
    page, _status = _upload(admin, "pegawai.csv", _csv(rows))

    assert '<td data-label="Nama pengguna">rizki.pratama</td>' in page
    admin.post(reverse("people_import"), {"terapkan": _key(page)})
    assert User.objects.get(nip=rows[0][0]).username == "rizki.pratama"
    assert User.objects.get(nip=rows[1][0]).username == "dewi.s.putri"


def test_a_file_with_bad_rows_imports_nothing_and_names_the_rows(
    demo: SimpleNamespace, admin: Client
) -> None:
    rows = [
        *GOOD,
        ["12345", "Salah NIP", "x@demo.invalid", "", "bidang-pe", "", ""],
        ["199001012020011004", "", "bukan-surel", "", "tidak-ada", "peran-asing", ""],
        ["199001012020011001", "Rina Lagi", "", "", "", "", ""],
        ["199001012020011005", "Sudah Ada", "", "kasi.pa", "", "", ""],
    ]
    before = User.objects.count()

    page, status = _upload(admin, "pegawai.csv", _csv(rows))

    assert status == 200
    assert 'name="terapkan"' not in page
    for number in (4, 5, 6, 7):
        assert f'data-row="{number}" data-status="galat"' in page
    for reason in (
        "NIP harus 18 angka",
        "Nama kosong.",
        "Alamat e-mail tidak sah: bukan-surel",
        "Unit tidak dikenal: tidak-ada",
        "Peran tidak dikenal: peran-asing",
        "NIP 199001012020011001 sudah ada di baris sebelumnya.",
        "Nama pengguna sudah dipakai: kasi.pa",
    ):
        assert reason in page, reason
    assert User.objects.count() == before
    assert not SettingChange.objects.exists()


def test_applying_checks_again_and_imports_nothing_when_a_row_went_wrong(
    demo: SimpleNamespace, admin: Client
) -> None:
    page, _status = _upload(admin, "pegawai.csv", _csv(GOOD))
    User.objects.create(username="joko.s", office=demo.sumbawa)  # taken meanwhile

    response = admin.post(reverse("people_import"), {"terapkan": _key(page)})

    assert response.status_code == 422
    assert 'data-row="3" data-status="galat"' in response.content.decode()
    assert not User.objects.filter(username="rina").exists()
    assert not SettingChange.objects.exists()


def test_an_xlsx_file_is_read_like_a_csv_file(demo: SimpleNamespace, admin: Client) -> None:
    page, status = _upload(admin, "pegawai.xlsx", _xlsx([list(row) for row in GOOD]))

    assert status == 200
    assert page.count('data-status="baru"') == 2
    admin.post(reverse("people_import"), {"terapkan": _key(page)})
    assert User.objects.get(username="joko.s").nip == GOOD[1][0]


def test_a_nip_kept_as_a_number_is_an_error_for_its_last_digits_are_lost(
    demo: SimpleNamespace, admin: Client
) -> None:
    """A spreadsheet holds numbers in 15 significant digits: an 18-digit NIP must be text."""
    page, _status = _upload(admin, "pegawai.xlsx", _xlsx([[int(GOOD[0][0]), *GOOD[0][1:]]]))

    assert 'data-row="2" data-status="galat"' in page
    assert "format sel NIP sebagai teks" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("pegawai.pdf", b"%PDF-1.4", "Jenis berkas tidak didukung"),
        ("pegawai.xlsx", b"NIP,nama\n", "bukan XLSX yang sah"),
        ("pegawai.xlsx", b"PK\x03\x04rusak", "Berkas XLSX tidak dapat dibaca"),
        ("pegawai.csv", b"NIP;nama;jabatan\n1;Ana;x\n", "Kolom tidak ditemukan"),
        ("pegawai.csv", _csv(GOOD).replace(b"Rina", "Rína".encode("cp1252")), "UTF-8"),
        ("pegawai.csv", b"x" * (MAX_BYTES + 1), "Berkas terlalu besar"),
        ("pegawai.csv", b"\n\n", "Berkas kosong."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_why(
    demo: SimpleNamespace, admin: Client, name: str, content: bytes, message: str
) -> None:
    page, status = _upload(admin, name, content)

    assert status == 422
    assert 'id="id_file_galat"' in page
    assert message in page
    assert not SettingChange.objects.exists()


def test_a_stale_report_cannot_be_applied(demo: SimpleNamespace, admin: Client) -> None:
    response = admin.post(reverse("people_import"), {"terapkan": "bukan-kunci"}, follow=True)

    assert "laporan yang ditampilkan sudah usang" in response.content.decode()
    assert not SettingChange.objects.exists()


def test_rows_keep_their_numbers_in_the_file_across_empty_lines(
    demo: SimpleNamespace, admin: Client
) -> None:
    content = _csv(GOOD).replace(b"\n", b"\n\n", 1)  # an empty line after the header

    page, _status = _upload(admin, "pegawai.csv", content)

    assert 'data-row="3" data-status="baru"' in page
    assert 'data-row="4" data-status="baru"' in page
    assert 'data-row="2"' not in page
