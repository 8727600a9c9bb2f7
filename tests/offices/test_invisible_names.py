"""Names of people, units and roles with an invisible character are refused by the services,
the field and the place named, and nothing is saved."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from alur.offices import services, structure
from alur.offices.models import Role, SettingChange, Unit, User
from alur.offices.services import FieldInvalid, PersonData

pytestmark = pytest.mark.django_db


def test_a_person_whose_name_holds_a_bidi_control_is_refused(demo: SimpleNamespace) -> None:
    with pytest.raises(FieldInvalid) as refused:
        services.person_create(
            office=demo.batam,
            actor=demo.people["admin.batam"],
            data=PersonData(username="rina", name="Rina\u2066 Sari"),
        )

    assert (refused.value.field, refused.value.message) == (
        "name",
        "Nama memuat karakter tak terlihat (U+2066) pada posisi 5; hapus lalu ulangi.",
    )
    assert not User.objects.filter(username="rina").exists()
    assert not SettingChange.objects.exists()


def test_a_nip_with_a_zero_width_space_is_refused(demo: SimpleNamespace) -> None:
    with pytest.raises(FieldInvalid) as refused:
        services.person_create(
            office=demo.batam,
            actor=demo.people["admin.batam"],
            data=PersonData(username="rina", name="Rina Sari", nip="19750312\u200b2000031004"),
        )

    assert refused.value.field == "nip"
    assert "(U+200B) pada posisi 9" in refused.value.message


def test_a_unit_and_a_role_whose_names_hold_a_zero_width_joiner_are_refused(
    demo: SimpleNamespace,
) -> None:
    admin = demo.people["admin.batam"]

    with pytest.raises(FieldInvalid) as unit:
        structure.unit_save(
            office=demo.batam,
            actor=admin,
            unit=None,
            code="bagian-umum",
            name="Bagian\u200d Umum",
            kind=Unit.Kind.DIVISION,
            parent=None,
        )
    with pytest.raises(FieldInvalid) as role:
        structure.role_save(
            office=demo.batam,
            actor=admin,
            role=None,
            code="sekretaris",
            name="\u202bSekretaris",
            head=None,
        )

    assert unit.value.message == (
        "Nama unit memuat karakter tak terlihat (U+200D) pada posisi 7; hapus lalu ulangi."
    )
    assert role.value.message == (
        "Nama peran memuat karakter tak terlihat (U+202B) pada posisi 1; hapus lalu ulangi."
    )
    assert not Unit.objects.filter(code="bagian-umum").exists()
    assert not Role.objects.filter(code="sekretaris").exists()


def test_a_delegation_reason_over_200_characters_is_refused(demo: SimpleNamespace) -> None:
    with pytest.raises(FieldInvalid) as refused:
        structure.delegation_create(
            office=demo.batam,
            actor=demo.people["admin.batam"],
            role=Role.objects.get(office=demo.batam, code="kadis"),
            delegate=demo.people["kabid.pe"],
            kind="plh",
            starts=dt.date(2027, 3, 1),
            ends=dt.date(2027, 3, 12),
            reason="x" * 201,
        )

    assert refused.value.field == "reason"
