"""The office page: names, place, zone, hours, workdays and the case number pattern, and the
office's own days; each change saved whole and logged, each mistake named next to its field."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from alur.offices.calendar import calendar_for
from alur.offices.models import Office, OfficeDay, SettingChange

VALID = {
    "name": "Dinas Kominfo Kota Batam",
    "government": "Pemerintah Kota Batam",
    "city": "Batam",
    "zone": "Asia/Makassar",
    "opens": "07:30",
    "closes": "16:00",
    "workdays": ["0", "1", "2", "3", "4", "5"],
    "case_number_pattern": "{seq:04d}/{sop}/{year}",
}


def field_block(html: str, field: str) -> str:
    """The field's part of the page, its messages included."""
    start = html.index(f'id="bidang-{field}"')
    ends = [i for i in (html.find('id="bidang-', start + 1), html.find("</form>", start)) if i > 0]
    return html[start : min(ends)]


def _post(client: Client, **changes: Any) -> Any:
    return client.post("/pengaturan/kantor/", {**VALID, **changes})


def test_the_page_shows_the_office_and_the_next_case_number(admin_batam: Client) -> None:
    html = admin_batam.get("/pengaturan/kantor/").content.decode()

    assert 'value="Dinas Komunikasi dan Informatika Kota Batam"' in html
    assert "/SOP/KOMINFO/" in html  # the preview in the demo's pattern
    assert 'id="pengaturan-kantor" href="/pengaturan/kantor/" aria-current="page"' in html


def test_an_administrator_changes_the_office_and_the_change_is_logged(
    demo: SimpleNamespace, admin_batam: Client
) -> None:
    response = _post(admin_batam)

    assert response.status_code == 302
    office = Office.objects.get(pk=demo.batam.pk)
    assert (office.name, office.zone, office.opens, office.workdays) == (
        "Dinas Kominfo Kota Batam",
        "Asia/Makassar",
        dt.time(7, 30),
        "0,1,2,3,4,5",
    )
    assert office.case_number_pattern == "{seq:04d}/{sop}/{year}"
    change = SettingChange.objects.get()
    assert (change.office, change.actor, change.subject, change.action) == (
        demo.batam,
        demo.people["admin.batam"],
        "Kantor",
        "diubah",
    )
    assert change.before == {
        "name": "Dinas Komunikasi dan Informatika Kota Batam",
        "zone": "Asia/Jakarta",
        "opens": "08:00:00",
        "workdays": "0,1,2,3,4",
        "case_number_pattern": "{seq:03d}/{sop}/KOMINFO/{month_roman}/{year}",
    }
    assert change.after["zone"] == "Asia/Makassar"
    assert calendar_for(office).zone.key == "Asia/Makassar"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"case_number_pattern": "{nomor}/{year}"}, "case_number_pattern", "Pola harus memuat"),
        ({"case_number_pattern": "{seq}/{bulan}"}, "case_number_pattern", "Bagian {bulan} tidak"),
        ({"case_number_pattern": "{seq:03d/{year}"}, "case_number_pattern", "tidak dapat"),
        ({"case_number_pattern": "{seq:zz}/{year}"}, "case_number_pattern", "tidak dapat dipakai"),
        ({"case_number_pattern": "{seq:0200d}"}, "case_number_pattern", "terlalu panjang"),
        ({"case_number_pattern": "{seq[0]}"}, "case_number_pattern", "tidak dapat dipakai"),
        ({"closes": "07:00"}, "closes", "Jam tutup harus sesudah jam buka."),
        ({"workdays": []}, "workdays", "wajib"),
        ({"zone": "Europe/Paris"}, "zone", "bukan salah satu dari pilihan"),
        ({"name": ""}, "name", "wajib"),
    ],
)
def test_a_mistake_is_named_next_to_its_field_and_nothing_is_saved(
    demo: SimpleNamespace, admin_batam: Client, changes: dict[str, Any], field: str, message: str
) -> None:
    response = _post(admin_batam, **changes)

    html = response.content.decode()
    assert response.status_code == 422
    assert message.lower() in field_block(html, field).lower()
    office = Office.objects.get(pk=demo.batam.pk)
    assert office.name == "Dinas Komunikasi dan Informatika Kota Batam"
    assert office.zone == "Asia/Jakarta"
    assert not SettingChange.objects.exists()


def test_a_local_holiday_is_added_counts_at_once_and_is_logged(
    demo: SimpleNamespace, admin_batam: Client
) -> None:
    day = dt.date(2027, 12, 20)
    assert calendar_for(demo.batam).is_working_day(day)

    response = admin_batam.post(
        "/pengaturan/kantor/hari/",
        {"hari-date": day.isoformat(), "hari-kind": "libur", "hari-name": "Hari Jadi Batam"},
    )

    assert response.status_code == 302
    saved = OfficeDay.objects.get(office=demo.batam)
    assert (saved.date, saved.kind, saved.name) == (day, "libur", "Hari Jadi Batam")
    assert not calendar_for(demo.batam).is_working_day(day)
    change = SettingChange.objects.get()
    assert (change.subject, change.action, change.before) == (
        "Hari khusus 2027-12-20",
        "ditambahkan",
        {},
    )
    assert change.after == {"date": "2027-12-20", "kind": "libur", "name": "Hari Jadi Batam"}


def test_an_extra_working_day_is_added_and_removed(
    demo: SimpleNamespace, admin_batam: Client
) -> None:
    saturday = dt.date(2027, 12, 18)
    admin_batam.post(
        "/pengaturan/kantor/hari/",
        {"hari-date": saturday.isoformat(), "hari-kind": "kerja", "hari-name": "Ganti libur"},
    )
    assert calendar_for(demo.batam).is_working_day(saturday)
    day = OfficeDay.objects.get()

    response = admin_batam.post(f"/pengaturan/kantor/hari/{day.pk}/hapus/")

    assert response.status_code == 302
    assert not OfficeDay.objects.exists()
    assert not calendar_for(demo.batam).is_working_day(saturday)
    assert list(SettingChange.objects.values_list("action", flat=True)) == [
        "dihapus",
        "ditambahkan",
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"hari-kind": "libur", "hari-name": "X"}, "hari-date", "wajib"),
        ({"hari-date": "2027-02-30", "hari-kind": "libur", "hari-name": "X"}, "hari-date", ""),
        ({"hari-date": "2027-12-20", "hari-kind": "libur", "hari-name": ""}, "hari-name", "wajib"),
        ({"hari-date": "2027-12-20", "hari-kind": "cuti", "hari-name": "X"}, "hari-kind", ""),
    ],
)
def test_a_wrong_day_is_named_next_to_its_field(
    admin_batam: Client, data: dict[str, str], field: str, message: str
) -> None:
    response = admin_batam.post("/pengaturan/kantor/hari/", data)

    html = response.content.decode()
    assert response.status_code == 422
    block = field_block(html, field)
    assert 'class="field-message"' in block
    assert message in block
    assert not OfficeDay.objects.exists()
    assert not SettingChange.objects.exists()


def test_a_day_already_listed_is_refused(demo: SimpleNamespace, admin_batam: Client) -> None:
    OfficeDay.objects.create(office=demo.batam, date=dt.date(2027, 12, 20), kind="libur")

    response = admin_batam.post(
        "/pengaturan/kantor/hari/",
        {"hari-date": "2027-12-20", "hari-kind": "kerja", "hari-name": "Lagi"},
    )

    assert response.status_code == 422
    assert "Tanggal ini sudah ada di daftar hari khusus" in response.content.decode()
    assert OfficeDay.objects.get().kind == "libur"


def test_a_broken_pattern_saved_elsewhere_is_shown_not_a_failure(
    demo: SimpleNamespace, admin_batam: Client
) -> None:
    Office.objects.filter(pk=demo.batam.pk).update(case_number_pattern="{nomor}")

    response = admin_batam.get("/pengaturan/kantor/")

    assert response.status_code == 200
    assert "pola tersimpan tidak dapat dipakai" in response.content.decode()
