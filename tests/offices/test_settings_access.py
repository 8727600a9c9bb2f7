"""Only an office's own administrators reach its people, units, roles and delegations: anyone
signed out is sent to sign in, anyone else of the office is refused (403), and the other
office's administrator finds none of them (404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from alur.offices.models import Delegation, Role, Unit

pytestmark = pytest.mark.django_db

LISTS = [
    "people_list",
    "person_new",
    "people_import",
    "unit_list",
    "unit_new",
    "role_list",
    "role_new",
    "delegation_list",
]


def _rows(demo: SimpleNamespace) -> dict[str, str]:
    """A page of each kind of Batam's rows."""
    person = demo.people["kasi.pa"]
    unit = Unit.objects.filter(office=demo.batam).first()
    role = Role.objects.filter(office=demo.batam).first()
    assert unit is not None and role is not None
    delegation = Delegation.objects.create(
        role=role, delegate=person, kind="plh", starts=dt.date(2030, 1, 1), ends=dt.date(2030, 1, 5)
    )
    return {
        "person": reverse("person_detail", args=[person.pk]),
        "person_edit": reverse("person_edit", args=[person.pk]),
        "unit": reverse("unit_edit", args=[unit.pk]),
        "role": reverse("role_detail", args=[role.pk]),
        "delegation_cancel": reverse("delegation_cancel", args=[delegation.pk]),
        "person_active": reverse("person_active", args=[person.pk]),
    }


@pytest.mark.parametrize("name", LISTS)
def test_someone_signed_out_is_sent_to_sign_in(db: None, name: str) -> None:
    response = Client().get(reverse(name))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk/")


@pytest.mark.parametrize("username", ["kadis.batam", "kasi.pa", "opd.dinkes"])
@pytest.mark.parametrize("name", LISTS)
def test_a_person_who_is_not_an_office_admin_is_refused(
    client_for: Callable[[str], Client], username: str, name: str
) -> None:
    assert client_for(username).get(reverse(name)).status_code == 403


def test_a_person_who_is_not_an_office_admin_is_refused_each_row(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    client = client_for("kadis.batam")
    for url in _rows(demo).values():
        assert client.get(url).status_code in (403, 405), url
        assert client.post(url).status_code == 403, url


def test_the_other_offices_admin_finds_none_of_its_rows(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    client = client_for("admin.sumbawa")
    for url in _rows(demo).values():
        assert client.post(url, {"aktif": "0"}).status_code == 404, url
    assert demo.people["kasi.pa"].is_active
    assert Delegation.objects.count() == 1


@pytest.mark.parametrize("name", LISTS)
def test_the_office_admin_opens_every_page(admin: Client, name: str) -> None:
    response = admin.get(reverse(name))
    assert response.status_code == 200
    assert 'aria-current="page"' in response.content.decode()


def test_the_office_admin_opens_each_row(demo: SimpleNamespace, admin: Client) -> None:
    rows = _rows(demo)
    for key in ("person", "person_edit", "unit", "role"):
        assert admin.get(rows[key]).status_code == 200, key
