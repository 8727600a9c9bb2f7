"""The main pages in English, as a person who picks **EN** in the language switch reads them:
none of the interface's Indonesian words is left on them. What the office wrote stays as it
was written (an SOP's steps and lanes, "Pemohon" among them, a case's title, a person's name),
so the words looked for are the interface's own: its menu, headings, columns, buttons and
states."""

from __future__ import annotations

import re
from typing import Any

from tests.e2e.ui import Person

HOSTING = "layanan-hosting-aplikasi"
INTERFACE_WORDS = (
    "Tugas saya",
    "Keluar",
    "Pengaturan",
    "Ajukan permohonan",
    "Nomor permohonan",
    "Perkiraan selesai",
    "Tenggat",
    "Dibuka",
    "Keadaan",
    "Simpan",
    "Selesaikan langkah",
    "Unduh",
    "Sebelumnya",
    "Berikutnya",
    "Tampilkan semua",
    "Terlambat",
    "Belum",
    "Saring",
    "Cari",
    "Batal",
    "Kirim",
    "Riwayat",
    "Dokumen",
    "Periode",
    "Tepat waktu",
    "Ke mana waktu pergi",
    "Kepuasan",
    "Pegawai",
    "Peran",
    "Pelimpahan",
)
FOUND = re.compile(r"\b(" + "|".join(re.escape(word) for word in INTERFACE_WORDS) + r")\b")
READ = "() => document.body.innerText"


def _english(person: Person) -> None:
    person.page.goto("/tugas/")
    person.page.locator('#bahasa button[data-language="en"]').click()
    person.page.wait_for_load_state()
    assert person.page.locator("html").get_attribute("lang") == "en"


def _left(person: Person, path: str) -> list[str]:
    person.page.goto(path)
    person.page.wait_for_load_state()
    text: str = person.page.evaluate(READ)
    return [
        f"{path}: …{text[max(m.start() - 30, 0) : m.end() + 30]!r}…" for m in FOUND.finditer(text)
    ]


def test_the_main_pages_in_english_hold_no_indonesian_interface_word(
    as_person: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    case = as_person("opd.disdukcapil").submit_request(HOSTING, "Hosting aplikasi antrean")

    kadis = as_person("kadis.batam")
    _english(kadis)
    left: list[str] = []
    for path in ("/tugas/", "/permohonan/", "/permohonan/baru/", "/laporan/diskominfo-batam/"):
        left += _left(kadis, path)
    kadis.open_case(case)
    left += _left(kadis, kadis.page.url)

    admin = as_person("admin.batam")
    _english(admin)
    for path in ("/pengaturan/", "/pengaturan/pegawai/", "/pengaturan/peran/"):
        left += _left(admin, path)

    assert not left, "\n".join(left)
