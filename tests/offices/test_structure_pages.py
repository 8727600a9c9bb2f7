"""Units, roles and their members, and Plh/Plt delegations: each form's happy path and its
refusals (a parent or head that goes round in a circle, dates the wrong way round), every
change in the settings log."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from alur.offices.models import Delegation, Membership, Role, SettingChange, Unit
from tests.clock import sitecustomize as clock

pytestmark = pytest.mark.django_db

TODAY = dt.date(2027, 3, 10)
NOON = dt.datetime(2027, 3, 10, 5, 0, tzinfo=dt.UTC)  # 12.00 WIB


def test_a_unit_is_created_renamed_and_given_a_parent(demo: SimpleNamespace, admin: Client) -> None:
    parent = Unit.objects.get(office=demo.batam, code="bidang-pe")
    response = admin.post(
        reverse("unit_new"), {"code": "seksi-data", "name": "Seksi Data", "kind": "bidang"}
    )
    assert response.status_code == 302
    unit = Unit.objects.get(office=demo.batam, code="seksi-data")

    response = admin.post(
        reverse("unit_edit", args=[unit.pk]),
        {
            "code": "seksi-data",
            "name": "Seksi Data dan Statistik",
            "kind": "bidang",
            "parent": parent.pk,
        },
    )

    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.parent) == ("Seksi Data dan Statistik", parent)
    changed = SettingChange.objects.get(action="diubah")
    assert changed.subject == "Unit seksi-data"
    assert changed.before == {"name": "Seksi Data", "parent": None}
    assert changed.after == {
        "name": "Seksi Data dan Statistik",
        "parent": {"id": parent.pk, "nama": parent.name},
    }
    page = admin.get(reverse("unit_list")).content.decode()
    assert 'data-unit="seksi-data"' in page


def test_a_unit_cannot_be_its_own_ancestor_nor_take_a_code_in_use(
    demo: SimpleNamespace, admin: Client
) -> None:
    parent = Unit.objects.get(office=demo.batam, code="bidang-pe")
    child = Unit.objects.create(
        office=demo.batam, code="seksi-x", name="Seksi X", kind="bidang", parent=parent
    )

    circle = admin.post(
        reverse("unit_edit", args=[parent.pk]),
        {"code": "bidang-pe", "name": parent.name, "kind": "bidang", "parent": child.pk},
    )
    taken = admin.post(reverse("unit_new"), {"code": "bidang-pe", "name": "Lain", "kind": "bidang"})

    assert circle.status_code == 422 and 'id="id_parent_galat"' in circle.content.decode()
    assert taken.status_code == 422 and 'id="id_code_galat"' in taken.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None
    assert not SettingChange.objects.exists()


def test_a_role_is_created_with_a_head_and_a_circle_of_heads_is_refused(
    demo: SimpleNamespace, admin: Client
) -> None:
    kadis = Role.objects.get(office=demo.batam, code="kadis")
    response = admin.post(
        reverse("role_new"), {"code": "analis-data", "name": "Analis Data", "head": kadis.pk}
    )
    assert response.status_code == 302
    role = Role.objects.get(office=demo.batam, code="analis-data")
    assert role.head == kadis

    circle = admin.post(
        reverse("role_detail", args=[kadis.pk]),
        {"bagian": "peran", "code": "kadis", "name": kadis.name, "head": role.pk},
    )

    assert circle.status_code == 422
    assert 'id="id_head_galat"' in circle.content.decode()
    kadis.refresh_from_db()
    assert kadis.head is None
    assert list(SettingChange.objects.values_list("subject", "action")) == [
        ("Peran analis-data", "dibuat")
    ]


def test_a_bad_role_code_is_named(demo: SimpleNamespace, admin: Client) -> None:
    response = admin.post(reverse("role_new"), {"code": "kode dengan spasi", "name": "X"})
    assert response.status_code == 422
    assert 'id="id_code_galat"' in response.content.decode()
    assert not Role.objects.filter(name="X").exists()


def test_members_are_added_and_removed(demo: SimpleNamespace, admin: Client) -> None:
    role = Role.objects.get(office=demo.batam, code="kadis")
    person = demo.people["dev.batam"]

    added = admin.post(
        reverse("role_detail", args=[role.pk]), {"bagian": "anggota", "person": person.pk}
    )
    again = admin.post(
        reverse("role_detail", args=[role.pk]), {"bagian": "anggota", "person": person.pk}
    )
    outsider = admin.post(
        reverse("role_detail", args=[role.pk]),
        {"bagian": "anggota", "person": demo.people["kabid.ti"].pk},
    )

    assert added.status_code == 302
    assert again.status_code == 422 and "sudah memegang peran ini" in again.content.decode()
    assert outsider.status_code == 422 and 'id="id_person_galat"' in outsider.content.decode()
    assert Membership.objects.filter(role=role, user=person).exists()
    page = admin.get(reverse("role_detail", args=[role.pk])).content.decode()
    assert f'data-person="{person.username}"' in page

    admin.post(reverse("role_member_remove", args=[role.pk, person.pk]))

    assert not Membership.objects.filter(role=role, user=person).exists()
    assert list(SettingChange.objects.order_by("pk").values_list("action", flat=True)) == [
        "anggota ditambah",
        "anggota dihapus",
    ]
    own = admin.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert 'data-action="anggota ditambah"' in own and 'data-action="anggota dihapus"' in own
    other = admin.get(reverse("person_detail", args=[demo.people["kasi.pa"].pk])).content.decode()
    assert "data-action=" not in other


def _signed_in(demo: SimpleNamespace) -> Client:
    """The administrator signed in at the moment travelled to, so the session is fresh then."""
    client = Client()
    client.force_login(demo.people["admin.batam"])
    return client


def _delegation(role: Role, person: object, starts: dt.date, ends: dt.date) -> Delegation:
    return Delegation.objects.create(
        role=role, delegate=person, kind="plh", starts=starts, ends=ends, reason="ST"
    )


def test_delegations_are_listed_as_current_future_and_past(demo: SimpleNamespace) -> None:
    role = Role.objects.get(office=demo.batam, code="kadis")
    person = demo.people["kabid.pe"]
    with clock.travelling(NOON):
        past = _delegation(role, person, dt.date(2027, 1, 4), dt.date(2027, 1, 8))
        now = _delegation(role, person, TODAY, TODAY)
        later = _delegation(role, person, dt.date(2027, 4, 1), dt.date(2027, 4, 2))
        page = _signed_in(demo).get(reverse("delegation_list")).content.decode()

    current, future, gone = (
        page.split('id="pelimpahan-berlaku"')[1].split('id="pelimpahan-akan"')[0],
        page.split('id="pelimpahan-akan"')[1].split('id="pelimpahan-lalu"')[0],
        page.split('id="pelimpahan-lalu"')[1].split('id="tambah-pelimpahan"')[0],
    )
    assert f'data-delegation="{now.pk}"' in current
    assert f'data-delegation="{later.pk}"' in future
    assert f'data-delegation="{past.pk}"' in gone


def test_a_running_delegation_is_ended_from_the_page(demo: SimpleNamespace) -> None:
    role = Role.objects.get(office=demo.batam, code="kadis")
    person = demo.people["kabid.pe"]
    with clock.travelling(NOON):
        running = _delegation(role, person, TODAY - dt.timedelta(days=3), TODAY)
        admin = _signed_in(demo)
        page = admin.get(reverse("delegation_list")).content.decode()
        assert f'id="akhiri-{running.pk}"' in page
        answer = admin.post(reverse("delegation_end", args=[running.pk]), follow=True)

    running.refresh_from_db()
    assert running.ends == TODAY - dt.timedelta(days=1)
    assert "tidak lagi bertindak" in answer.content.decode()
    gone = answer.content.decode().split('id="pelimpahan-lalu"')[1]
    assert f'data-delegation="{running.pk}"' in gone


def test_a_delegation_is_recorded_and_a_future_one_cancelled(demo: SimpleNamespace) -> None:
    role = Role.objects.get(office=demo.batam, code="kadis")
    person = demo.people["kabid.pe"]
    with clock.travelling(NOON):
        admin = _signed_in(demo)
        response = admin.post(
            reverse("delegation_list"),
            {
                "role": role.pk,
                "delegate": person.pk,
                "kind": "plt",
                "starts": "2027-03-15",
                "ends": "2027-03-19",
                "reason": "ST Wali Kota 800/12/2027",
            },
        )
        assert response.status_code == 302
        delegation = Delegation.objects.get()
        started = _delegation(role, person, TODAY, TODAY)
        admin.post(reverse("delegation_cancel", args=[started.pk]))
        admin.post(reverse("delegation_cancel", args=[delegation.pk]))

    assert list(Delegation.objects.all()) == [started]
    assert list(SettingChange.objects.order_by("pk").values_list("action", flat=True)) == [
        "dibuat",
        "dibatalkan",
    ]
    with clock.travelling(NOON):
        own = admin.get(reverse("person_detail", args=[person.pk])).content.decode()
    assert 'data-action="dibuat"' in own and 'data-action="dibatalkan"' in own
    made = SettingChange.objects.get(action="dibuat")
    assert made.after["reason"] == "ST Wali Kota 800/12/2027"
    assert made.after["delegate"] == {"id": person.pk, "nama": str(person)}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"starts": "2027-03-19", "ends": "2027-03-15"}, "ends"),
        ({"delegate": "other"}, "delegate"),
        ({"starts": "kemarin"}, "starts"),
    ],
)
def test_a_wrong_delegation_is_named_beside_its_field(
    demo: SimpleNamespace, admin: Client, values: dict[str, str], field: str
) -> None:
    role = Role.objects.get(office=demo.batam, code="kadis")
    form = {
        "role": role.pk,
        "delegate": demo.people["kabid.pe"].pk,
        "kind": "plh",
        "starts": "2027-03-15",
        "ends": "2027-03-19",
    }
    form.update(values)
    if form["delegate"] == "other":
        form["delegate"] = demo.people["kabid.ti"].pk

    response = admin.post(reverse("delegation_list"), form)

    assert response.status_code == 422
    assert f'id="id_{field}_galat"' in response.content.decode()
    assert not Delegation.objects.exists()
    assert not SettingChange.objects.exists()
