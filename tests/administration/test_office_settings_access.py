"""Every settings page is for the office's own administrator: anyone not signed in goes to the
sign-in page, anyone else signed in is refused, and the main menu shows the way only to them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client

from alur.offices.models import OfficeDay, SettingChange, User

PAGES = [
    "/pengaturan/",
    "/pengaturan/kantor/",
    "/pengaturan/kop-surat/",
    "/pengaturan/kop-surat/contoh.pdf",
    "/pengaturan/riwayat/",
]
NOT_ADMINS = ["kadis.batam", "kabid.pe", "dev.batam", "opd.disdukcapil", "kadis.sumbawa"]


@pytest.mark.parametrize("url", PAGES)
def test_it_sends_someone_not_signed_in_to_the_sign_in_page(demo: SimpleNamespace, url: str):
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/")


@pytest.mark.parametrize("username", NOT_ADMINS)
@pytest.mark.parametrize("url", PAGES)
def test_it_refuses_a_person_who_is_not_an_office_administrator(
    client_for: Callable[[str], Client], username: str, url: str
) -> None:
    assert client_for(username).get(url).status_code == 403


@pytest.mark.parametrize("username", NOT_ADMINS)
def test_it_refuses_their_changes_and_changes_nothing(
    demo: SimpleNamespace, client_for: Callable[[str], Client], username: str
) -> None:
    client = client_for(username)
    name = demo.batam.name

    posts = [
        client.post("/pengaturan/kantor/", {"name": "Diganti"}),
        client.post("/pengaturan/kantor/hari/", {"hari-date": "2027-01-02"}),
        client.post("/pengaturan/kop-surat/", {"head_name": "Diganti"}),
    ]

    assert [r.status_code for r in posts] == [403, 403, 403]
    demo.batam.refresh_from_db()
    assert demo.batam.name == name
    assert not OfficeDay.objects.exists()
    assert not SettingChange.objects.exists()


def test_it_refuses_a_superuser_of_no_office(demo: SimpleNamespace) -> None:
    root = User.objects.create_superuser("root", password="x")  # noqa: S106
    client = Client()
    client.force_login(root)

    assert client.get("/pengaturan/").status_code == 403


def test_an_administrator_of_another_office_sees_and_removes_only_their_own(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    day = OfficeDay.objects.create(
        office=demo.batam, date=dt.date(2027, 6, 1), kind="libur", name="Hari jadi"
    )
    client = client_for("admin.sumbawa")

    page = client.get("/pengaturan/kantor/")
    removed = client.post(f"/pengaturan/kantor/hari/{day.pk}/hapus/", follow=True)

    assert demo.sumbawa.name in page.content.decode()
    assert demo.batam.name not in page.content.decode()
    assert "Hari khusus itu tidak ada" in removed.content.decode()
    assert OfficeDay.objects.filter(pk=day.pk).exists()
    assert not SettingChange.objects.exists()


def test_the_main_menu_shows_pengaturan_only_to_an_office_administrator(
    client_for: Callable[[str], Client],
) -> None:
    admin = client_for("admin.batam").get("/tugas/").content.decode()
    kadis = client_for("kadis.batam").get("/tugas/").content.decode()

    assert 'id="nav-pengaturan" href="/pengaturan/"' in admin
    assert 'id="nav-pengaturan"' not in kadis


def test_the_home_lists_the_sections_with_their_status(admin_batam: Client) -> None:
    html = admin_batam.get("/pengaturan/").content.decode()

    assert 'id="bagian-kantor"' in html
    assert 'id="bagian-kop-surat" data-complete="tidak"' in html
    assert "Belum lengkap: logo." in html
    assert 'id="bagian-riwayat"' in html
    assert 'id="pengaturan-beranda" href="/pengaturan/" aria-current="page"' in html
