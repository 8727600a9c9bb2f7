"""What the services refuse whatever page calls them (people: services, structure: structure)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import translation

from alur.offices import services, structure
from alur.offices.models import Delegation, Role, SettingChange, User
from alur.offices.services import FieldInvalid, PersonData

pytestmark = pytest.mark.django_db


def test_a_username_saved_meanwhile_is_named_not_a_server_error(
    demo: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "_check_person", lambda *args: None)  # the race's window

    with pytest.raises(FieldInvalid) as refused:
        services.person_create(
            office=demo.batam,
            actor=demo.people["admin.batam"],
            data=PersonData(username="kasi.pa", name="Kembar"),
        )

    assert refused.value.field == "username"
    assert not User.objects.filter(first_name="Kembar").exists()
    assert not SettingChange.objects.exists()


def test_a_delegation_that_has_started_is_not_withdrawn(demo: SimpleNamespace) -> None:
    role = Role.objects.get(office=demo.batam, code="kadis")
    delegation = Delegation.objects.create(
        role=role,
        delegate=demo.people["kabid.pe"],
        kind="plh",
        starts=dt.date(2027, 3, 1),
        ends=dt.date(2027, 3, 12),
    )

    with pytest.raises(FieldInvalid):
        structure.delegation_cancel(
            delegation=delegation, actor=demo.people["admin.batam"], today=dt.date(2027, 3, 1)
        )

    assert Delegation.objects.filter(pk=delegation.pk).exists()


def test_a_running_delegation_ended_early_stops_today_and_keeps_its_days_so_far(
    demo: SimpleNamespace,
) -> None:
    from alur.cases.permissions import role_codes

    admin, delegate = demo.people["admin.batam"], demo.people["kabid.pe"]
    role = Role.objects.get(office=demo.batam, code="kadis")
    delegation = Delegation.objects.create(
        role=role,
        delegate=delegate,
        kind="plh",
        starts=dt.date(2027, 3, 1),
        ends=dt.date(2027, 3, 12),
    )
    assert "kadis" in role_codes(delegate, dt.date(2027, 3, 4))

    structure.delegation_end(delegation=delegation, actor=admin, today=dt.date(2027, 3, 4))

    delegation.refresh_from_db()
    assert (delegation.starts, delegation.ends) == (dt.date(2027, 3, 1), dt.date(2027, 3, 3))
    assert "kadis" in role_codes(delegate, dt.date(2027, 3, 3))
    assert "kadis" not in role_codes(delegate, dt.date(2027, 3, 4))
    change = SettingChange.objects.get(action="diakhiri")
    assert (change.before, change.after) == ({"ends": "2027-03-12"}, {"ends": "2027-03-03"})
    with translation.override("en"):
        assert change.get_action_display() == "ended"
    with pytest.raises(FieldInvalid, match="sudah berakhir"):
        structure.delegation_end(delegation=delegation, actor=admin, today=dt.date(2027, 3, 4))


def test_a_delegation_ended_on_its_first_day_is_withdrawn(demo: SimpleNamespace) -> None:
    role = Role.objects.get(office=demo.batam, code="kadis")
    delegation = Delegation.objects.create(
        role=role,
        delegate=demo.people["kabid.pe"],
        kind="plt",
        starts=dt.date(2027, 3, 4),
        ends=dt.date(2027, 3, 12),
    )
    future = Delegation.objects.create(
        role=role,
        delegate=demo.people["kabid.pe"],
        kind="plh",
        starts=dt.date(2027, 4, 1),
        ends=dt.date(2027, 4, 2),
    )
    admin = demo.people["admin.batam"]

    structure.delegation_end(delegation=delegation, actor=admin, today=dt.date(2027, 3, 4))
    with pytest.raises(FieldInvalid, match="belum mulai"):
        structure.delegation_end(delegation=future, actor=admin, today=dt.date(2027, 3, 4))

    assert list(Delegation.objects.values_list("pk", flat=True)) == [future.pk]
    assert SettingChange.objects.get(action="diakhiri").after == {}


def test_a_head_two_steps_round_is_a_circle(demo: SimpleNamespace) -> None:
    kadis = Role.objects.get(office=demo.batam, code="kadis")
    kabid = Role.objects.get(office=demo.batam, code="kabid-pe")
    assert kabid.head == kadis

    with pytest.raises(FieldInvalid) as refused:
        structure.role_save(
            office=demo.batam,
            actor=demo.people["admin.batam"],
            role=kadis,
            code="kadis",
            name=kadis.name,
            head=Role.objects.get(office=demo.batam, code="kasi-pa"),
        )

    assert refused.value.field == "head"
    kadis.refresh_from_db()
    assert kadis.head is None
