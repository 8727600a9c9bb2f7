"""The office administrator creates, edits, deactivates and reactivates people; each change is
in the settings log and on the person's page; refusals show beside their field and save
nothing."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from alur.demo import DEMO_PASSWORD
from alur.offices.models import Membership, Role, SettingChange, Unit, User
from alur.offices.services import PersonData, person_create

pytestmark = pytest.mark.django_db

NIP = "198501012010011001"


def _form(demo: SimpleNamespace, **values: object) -> dict[str, object]:
    unit = Unit.objects.get(office=demo.batam, code="bidang-pe")
    role = Role.objects.get(office=demo.batam, code="kasi-pa")
    form: dict[str, object] = {
        "username": "budi.santoso",
        "name": "Budi Santoso",
        "nip": "19850101 201001 1 001",
        "email": "budi@demo.invalid",
        "unit": unit.pk,
        "position": "Pranata Komputer",
        "rank": "Penata (III/c)",
        "roles": [role.pk],
    }
    form.update(values)
    return form


def test_the_admin_creates_a_person_with_roles_and_the_log_keeps_it(
    demo: SimpleNamespace, admin: Client
) -> None:
    response = admin.post(reverse("person_new"), _form(demo))

    person = User.objects.get(username="budi.santoso")
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("person_detail", args=[person.pk])
    assert (person.office, person.first_name, person.last_name, person.nip) == (
        demo.batam,
        "Budi",
        "Santoso",
        NIP,
    )
    assert list(person.roles.values_list("code", flat=True)) == ["kasi-pa"]
    assert not person.has_usable_password()
    [change] = SettingChange.objects.all()
    assert (change.subject, change.action, change.actor) == (
        "Pegawai budi.santoso",
        "dibuat",
        demo.people["admin.batam"],
    )
    assert change.after["nip"] == NIP
    assert change.after["peran"] == ["kasi-pa"]
    page = admin.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert 'data-action="dibuat"' in page


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"username": "kasi.pa"}, "username", "Nama pengguna ini sudah dipakai."),
        ({"nip": "12345"}, "nip", "NIP terdiri atas 18 angka."),
        ({"email": "bukan-surel"}, "email", "Enter a valid email address."),
        ({"name": ""}, "name", "This field is required."),
        ({"username": "budi santoso"}, "username", "Enter a valid username."),
    ],
)
def test_a_wrong_value_is_named_beside_its_field_and_nothing_is_saved(
    demo: SimpleNamespace,
    admin: Client,
    values: dict[str, object],
    field: str,
    message: str,
) -> None:
    admin.cookies.load({"django_language": "en"})
    response = admin.post(reverse("person_new"), _form(demo, **values))

    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="id_{field}_galat"' in page
    assert not User.objects.filter(first_name="Budi").exists()
    assert not SettingChange.objects.exists()


def test_the_messages_are_indonesian_by_default(demo: SimpleNamespace, admin: Client) -> None:
    response = admin.post(reverse("person_new"), _form(demo, nip="12345", username="kasi.pa"))

    page = response.content.decode()
    assert "NIP terdiri atas 18 angka." in page
    assert "Nama pengguna ini sudah dipakai." not in page  # checked once the form is valid
    response = admin.post(reverse("person_new"), _form(demo, username="kasi.pa"))
    assert "Nama pengguna ini sudah dipakai." in response.content.decode()


def test_a_unit_or_role_of_another_office_is_not_a_choice(
    demo: SimpleNamespace, admin: Client
) -> None:
    other_unit = Unit.objects.filter(office=demo.sumbawa).first()
    other_role = Role.objects.filter(office=demo.sumbawa).first()
    assert other_unit is not None and other_role is not None
    response = admin.post(
        reverse("person_new"), _form(demo, unit=other_unit.pk, roles=[other_role.pk])
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_unit_galat"' in page and 'id="id_roles_galat"' in page
    assert not User.objects.filter(username="budi.santoso").exists()


def test_editing_keeps_the_username_and_logs_before_and_after(
    demo: SimpleNamespace, admin: Client
) -> None:
    person = demo.people["kasi.pa"]
    before_name = person.get_full_name()
    response = admin.post(
        reverse("person_edit", args=[person.pk]),
        _form(demo, username="dicoba.ganti", name="Nama Baru Sekali", roles=[]),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.username == "kasi.pa"
    assert person.get_full_name() == "Nama Baru Sekali"
    assert not person.roles.exists()
    [change] = SettingChange.objects.filter(action="diubah")
    assert change.subject == "Pegawai kasi.pa"
    assert change.before["first_name"] == before_name.split(" ")[0]
    assert change.after["last_name"] == "Baru Sekali"
    assert change.after["peran"] == []
    assert "username" not in change.after


def test_the_last_admin_cannot_remove_their_own_flag(demo: SimpleNamespace, admin: Client) -> None:
    me = demo.people["admin.batam"]
    response = admin.post(
        reverse("person_edit", args=[me.pk]),
        _form(demo, username=me.username, nip="", roles=[], is_office_admin=""),
    )

    assert response.status_code == 422
    assert 'id="id_is_office_admin_galat"' in response.content.decode()
    me.refresh_from_db()
    assert me.is_office_admin
    assert me.get_full_name() != "Budi Santoso"
    assert not SettingChange.objects.exists()


def test_an_admin_may_give_up_the_flag_when_another_admin_remains(
    demo: SimpleNamespace, admin: Client
) -> None:
    User.objects.filter(username="kadis.batam").update(is_office_admin=True)
    me = demo.people["admin.batam"]
    response = admin.post(
        reverse("person_edit", args=[me.pk]),
        _form(demo, username=me.username, nip="", roles=[], is_office_admin=""),
    )

    assert response.headers["Location"] == reverse("home")
    me.refresh_from_db()
    assert not me.is_office_admin


def test_an_admin_cannot_deactivate_themselves(demo: SimpleNamespace, admin: Client) -> None:
    me = demo.people["admin.batam"]
    response = admin.post(reverse("person_active", args=[me.pk]), {"aktif": "0"}, follow=True)

    assert "Anda tidak dapat menonaktifkan diri sendiri." in response.content.decode()
    me.refresh_from_db()
    assert me.is_active
    assert not SettingChange.objects.exists()


def test_a_deactivated_person_cannot_sign_in_but_keeps_their_name_and_comes_back(
    demo: SimpleNamespace, admin: Client
) -> None:
    person = demo.people["kasi.pa"]
    memberships = Membership.objects.filter(user=person).count()

    admin.post(reverse("person_active", args=[person.pk]), {"aktif": "0"})

    person.refresh_from_db()
    assert not person.is_active
    assert str(person) == "Kasi PA Batam"
    assert Membership.objects.filter(user=person).count() == memberships
    refused = Client().post("/masuk/", {"username": "kasi.pa", "password": DEMO_PASSWORD})
    assert refused.status_code == 200
    assert "_auth_user_id" not in refused.client.session
    page = admin.get(reverse("people_list"), {"q": "kasi.pa"}).content.decode()
    assert 'data-person="kasi.pa"' in page and "nonaktif" in page

    admin.post(reverse("person_active", args=[person.pk]), {"aktif": "1"})

    signed = Client().post("/masuk/", {"username": "kasi.pa", "password": DEMO_PASSWORD})
    assert signed.status_code == 302
    assert list(SettingChange.objects.order_by("pk").values_list("action", "before", "after")) == [
        ("dinonaktifkan", {"is_active": True}, {"is_active": False}),
        ("diaktifkan", {"is_active": False}, {"is_active": True}),
    ]


def test_the_list_is_searched_by_name_nip_or_username_and_paged(
    demo: SimpleNamespace, admin: Client
) -> None:
    for n in range(30):
        person_create(
            office=demo.batam,
            actor=demo.people["admin.batam"],
            data=PersonData(
                username=f"staf{n:02d}", name=f"Staf Nomor {n:02d}", nip=f"1990010120200110{n:02d}"
            ),
        )

    by_name = admin.get(reverse("people_list"), {"q": "staf nomor 07"}).content.decode()
    assert by_name.count("data-person=") == 1 and 'data-person="staf07"' in by_name
    by_nip = admin.get(reverse("people_list"), {"q": "199001012020011012"}).content.decode()
    assert by_nip.count("data-person=") == 1 and 'data-person="staf12"' in by_nip
    by_username = admin.get(reverse("people_list"), {"q": "admin.bat"}).content.decode()
    assert by_username.count("data-person=") == 1
    everyone = User.objects.filter(office=demo.batam).count()
    first = admin.get(reverse("people_list")).content.decode()
    assert first.count("data-person=") == 25
    assert 'rel="next" href="?halaman=2"' in first
    second = admin.get(reverse("people_list"), {"halaman": 2}).content.decode()
    assert second.count("data-person=") == everyone - 25
    searched = admin.get(reverse("people_list"), {"q": "staf"}).content.decode()
    assert 'href="?q=staf&amp;halaman=2"' in searched
    assert 'data-person="opd.dinkes"' not in searched


def test_the_other_offices_people_are_not_listed(demo: SimpleNamespace, admin: Client) -> None:
    page = admin.get(reverse("people_list"), {"q": "sumbawa"}).content.decode()
    assert "data-person=" not in page


def test_a_deactivated_admin_stays_named_in_the_changes_they_made(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    User.objects.filter(username="kadis.batam").update(is_office_admin=True)
    kadis = client_for("kadis.batam")
    person = demo.people["kasi.pa"]
    kadis.post(reverse("person_edit", args=[person.pk]), _form(demo, nip="", roles=[]))
    admin = client_for("admin.batam")

    admin.post(reverse("person_active", args=[demo.people["kadis.batam"].pk]), {"aktif": "0"})

    page = admin.get(reverse("person_detail", args=[person.pk])).content.decode()
    row = page.split('data-action="diubah"')[1].split("</tr>")[0]
    assert str(demo.people["kadis.batam"]) in row
    assert kadis.get(reverse("people_list")).status_code == 302  # signed out: sent to sign in
