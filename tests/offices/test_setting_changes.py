"""The settings log keeps only what changed, and the settings pages' door lets in only an office's
own administrators."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from alur.offices.auth import office_admin
from alur.offices.changes import record_change, snapshot
from alur.offices.models import SettingChange

pytestmark = pytest.mark.django_db

AT = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def test_only_the_values_that_changed_are_kept(demo: SimpleNamespace) -> None:
    office = demo.batam
    before = snapshot(office, ["name", "zone", "opens"])
    office.zone = "Asia/Makassar"
    office.opens = dt.time(7, 30)
    change = record_change(
        office=office,
        actor=demo.people["admin.batam"],
        subject="Kantor",
        action="diubah",
        before=before,
        after=snapshot(office, ["name", "zone", "opens"]),
        at=AT,
    )
    assert change is not None
    change.refresh_from_db()
    assert change.before == {"zone": "Asia/Jakarta", "opens": "08:00:00"}
    assert change.after == {"zone": "Asia/Makassar", "opens": "07:30:00"}
    assert change.actor == demo.people["admin.batam"]
    assert change.at == AT


def test_a_save_that_changed_nothing_is_not_logged(demo: SimpleNamespace) -> None:
    office = demo.batam
    values = snapshot(office, ["name", "city"])
    assert (
        record_change(
            office=office,
            actor=None,
            subject="Kantor",
            action="diubah",
            before=values,
            after=values,
        )
        is None
    )
    assert not SettingChange.objects.exists()


def test_rows_are_kept_by_key_and_name(demo: SimpleNamespace) -> None:
    person = demo.people["kasi.pa"]
    assert snapshot(person, ["unit"]) == {"unit": {"id": person.unit_id, "nama": str(person.unit)}}


def test_only_an_office_administrator_passes_the_door(demo: SimpleNamespace) -> None:
    request = RequestFactory().get("/pengaturan/")
    request.user = demo.people["admin.batam"]
    assert office_admin(request) == (demo.people["admin.batam"], demo.batam)
    for username in ("kadis.batam", "kasi.pa", "opd.dinkes"):
        request.user = demo.people[username]
        with pytest.raises(PermissionDenied):
            office_admin(request)
    inactive = demo.people["admin.sumbawa"]
    inactive.is_active = False
    request.user = inactive
    with pytest.raises(PermissionDenied):
        office_admin(request)
