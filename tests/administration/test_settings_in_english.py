"""An office administrator who picks English with the language switch reads the settings pages,
their forms, their refusals, the settings log and the mail they send in English."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from alur.notifications.models import Mail
from alur.offices.changes import record_change
from alur.offices.services import PersonData, person_create

START = dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def english(admin_batam: Client) -> Client:
    admin_batam.cookies.load({"django_language": "en"})
    return admin_batam


def test_the_settings_home_is_english(english: Client) -> None:
    html = english.get("/pengaturan/").content.decode()

    assert '<html lang="en">' in html
    assert "<h1>Office settings</h1>" in html
    for title in (
        "Office",
        "Letterhead",
        "People",
        "Units",
        "Roles",
        "Delegations (Plh/Plt)",
        "SOPs",
        "Settings log",
    ):
        assert f">{title}</a></h2>" in html, title
    assert "Overview</a></li>" in html
    assert "Not complete: logo." in html
    assert "Every change to the settings: who, when, and the values before and after." in html
    for indonesian in ("Pengaturan kantor", "Belum lengkap", "Riwayat perubahan", "Pegawai"):
        assert indonesian not in html, indonesian


def test_the_settings_home_stays_indonesian_without_the_choice(admin_batam: Client) -> None:
    html = admin_batam.get("/pengaturan/").content.decode()

    assert '<html lang="id">' in html
    assert "<h1>Pengaturan kantor</h1>" in html
    assert "Belum lengkap: logo." in html


def test_the_office_form_and_its_refusal_are_english(
    demo: SimpleNamespace, english: Client
) -> None:
    page = english.get("/pengaturan/kantor/").content.decode()
    refused = english.post(
        "/pengaturan/kantor/",
        {
            "name": demo.batam.name,
            "government": demo.batam.government,
            "city": demo.batam.city,
            "zone": "Asia/Jakarta",
            "opens": "16:00",
            "closes": "08:00",
            "workdays": ["0", "1"],
            "case_number_pattern": "{nomor}",
        },
    )

    assert '<label for="id_zone">Time zone <span class="required" title="required">' in page
    assert "Next request number:" in page
    assert "Office days" in page
    assert "Monday" in page
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "Closing time must be after opening time." in html
    assert "The pattern must contain {seq}" in html
    demo.batam.refresh_from_db()
    assert demo.batam.opens == dt.time(8, 0)


def test_the_people_form_is_english(english: Client) -> None:
    html = english.post(reverse("person_new"), {"username": "", "name": ""}).content.decode()

    assert "Username" in html
    assert "Full name" in html
    assert "This field is required." in html
    assert "Nama lengkap" not in html


def test_the_invitation_mail_is_english(demo: SimpleNamespace, english: Client) -> None:
    person = person_create(
        office=demo.batam,
        actor=demo.people["admin.batam"],
        data=PersonData(username="rina", name="Rina Wati", email="rina@demo.invalid"),
    )

    english.post(reverse("person_password", args=[person.pk]), {"cara": "undangan"})

    [mail] = Mail.objects.all()
    assert mail.subject == f"[Alur] Invitation to {demo.batam.name}"
    assert "You are invited to use Alur" in mail.body
    assert "the link works for 72 hours and only once" in mail.body


def test_the_settings_log_reads_in_english(demo: SimpleNamespace, english: Client) -> None:
    record_change(
        office=demo.batam,
        actor=demo.people["admin.batam"],
        subject="Hari khusus 2027-12-20",
        action="ditambahkan",
        after={"kind": "libur", "name": "Hari jadi kota"},
        at=START,
    )

    html = english.get("/pengaturan/riwayat/").content.decode()

    assert "<h1>Settings log</h1>" in html
    assert 'Office day 2027-12-20 <span class="help">(added)</span>' in html
    assert "Type: — → office holiday" in html
    assert "Hari khusus" not in html
    assert "4 January 2027" in html
