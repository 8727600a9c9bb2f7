"""The settings log page: the office's own changes, newest first, 25 to a page, each with who,
when, what, and its values before and after."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.test import Client

from alur.offices.changes import record_change

START = dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.UTC)


def test_it_lists_the_offices_changes_newest_first_with_before_and_after(
    demo: SimpleNamespace, admin_batam: Client
) -> None:
    admin = demo.people["admin.batam"]
    record_change(
        office=demo.batam,
        actor=admin,
        subject="Kantor",
        action="diubah",
        before={"zone": "Asia/Jakarta"},
        after={"zone": "Asia/Makassar"},
        at=START,
    )
    record_change(
        office=demo.batam,
        actor=admin,
        subject="Kop surat",
        action="diubah",
        before={"head_name": "Lama"},
        after={"head_name": "Baru"},
        at=START + dt.timedelta(hours=1),
    )
    record_change(
        office=demo.sumbawa,
        actor=demo.people["admin.sumbawa"],
        subject="Kantor Sumbawa",
        action="diubah",
        at=START,
    )

    html = admin_batam.get("/pengaturan/riwayat/").content.decode()

    assert html.index("Kop surat") < html.index("Kantor <span")
    assert "Zona waktu: WIB (Asia/Jakarta) → WITA (Asia/Makassar)" in html
    assert "Nama kepala dinas: Lama → Baru" in html
    assert "Admin Kantor Kominfo Batam" in html
    assert "4 Januari 2027" in html
    assert "Kantor Sumbawa" not in html


def test_it_pages_the_log(demo: SimpleNamespace, admin_batam: Client) -> None:
    for n in range(30):
        record_change(
            office=demo.batam,
            actor=None,
            subject=f"Perubahan {n:02d}",
            action="diubah",
            at=START + dt.timedelta(minutes=n),
        )

    first = admin_batam.get("/pengaturan/riwayat/").content.decode()
    second = admin_batam.get("/pengaturan/riwayat/?halaman=2").content.decode()

    assert "Perubahan 29" in first and "Perubahan 05" in first
    assert "Perubahan 04" not in first
    assert "Halaman 1 dari 2" in first
    assert "Perubahan 04" in second and "Perubahan 00" in second
    assert "Perubahan 05" not in second


def test_it_names_the_values_of_people_roles_and_sop_versions_as_their_pages_do(
    demo: SimpleNamespace, admin_batam: Client
) -> None:
    admin = demo.people["admin.batam"]
    record_change(
        office=demo.batam,
        actor=admin,
        subject="Pegawai kasi.pa",
        action="dinonaktifkan",
        before={"is_active": True, "peran": ["kasi-pa"]},
        after={"is_active": False, "peran": ["kasi-pa", "kabid"]},
        at=START,
    )
    record_change(
        office=demo.batam,
        actor=admin,
        subject="SOP layanan-hosting-aplikasi v2",
        action="sop.version.approved",
        before={"status": "draf"},
        after={"status": "disahkan"},
        at=START + dt.timedelta(hours=1),
    )

    html = admin_batam.get("/pengaturan/riwayat/").content.decode()

    assert 'Pegawai kasi.pa <span class="help">(dinonaktifkan)</span>' in html
    assert "Peran: kasi-pa → kasi-pa, kabid" in html
    assert 'SOP layanan-hosting-aplikasi v2 <span class="help">(disahkan)</span>' in html
    assert "Status: draf → disahkan" in html
