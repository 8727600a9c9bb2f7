"""Inventaris over the API: the applications and electronic systems of the caller's office with
the Inventaris page's selectors; a requesting OPD sees only its own, another office none."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from alur.cases.models import Case
from alur.offices.models import Unit
from alur.registry.models import Application, ElectronicSystem
from tests.api.conftest import api_client
from tests.authz.world import PERSONAS


@pytest.fixture
def records(world: SimpleNamespace, case: Case) -> SimpleNamespace:
    """Sumbawa's application of Bappeda (written by the world's request) and of Dikbud, and its
    electronic system of Bappeda; an application of Batam."""
    now = timezone.now()
    bappeda = Unit.objects.get(office=world.sumbawa, code="bappeda")
    dikbud = Unit.objects.get(office=world.sumbawa, code="dikbud")
    return SimpleNamespace(
        perencanaan=Application.objects.create(
            office=world.sumbawa,
            name="e-Perencanaan",
            kind=Application.Kind.SPECIFIC,
            owner=bappeda,
            url="perencanaan.sumbawakab.go.id",
            case=case,
            updated_at=now,
        ),
        dapodik=Application.objects.create(
            office=world.sumbawa, name="Dapodik Daerah", owner=dikbud, updated_at=now
        ),
        system=ElectronicSystem.objects.create(
            office=world.sumbawa,
            name="SIMRENDA",
            owner=bappeda,
            registration_number="TDPSE-001",
            registered_on=dt.date(2026, 1, 5),
            case=case,
            updated_at=now,
        ),
        batam=Application.objects.create(
            office=world.batam, name="Batam Smart City", updated_at=now
        ),
    )


# Which applications each persona lists (by name), as the Inventaris page shows them.
SEES: dict[str, list[str]] = {
    "kadis.sumbawa": ["Dapodik Daerah", "e-Perencanaan"],
    "kabid.ti": ["Dapodik Daerah", "e-Perencanaan"],
    "kasi.aplikasi": ["Dapodik Daerah", "e-Perencanaan"],
    "dev.sumbawa": ["Dapodik Daerah", "e-Perencanaan"],
    "plh.sumbawa": ["Dapodik Daerah", "e-Perencanaan"],
    "opd.bappeda": ["e-Perencanaan"],
    "opd.dikbud": ["Dapodik Daerah"],
    "kadis.batam": ["Batam Smart City"],
    "opd.disdukcapil": [],
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_lists_the_records_the_page_shows_them(
    world: SimpleNamespace, records: SimpleNamespace, persona: str
) -> None:
    client = api_client(world, persona)

    applications = client.get("/api/v1/registry/applications")
    detail = client.get(f"/api/v1/registry/applications/{records.perencanaan.pk}")
    systems = client.get("/api/v1/registry/systems")

    if persona == "anonymous":
        assert {applications.status_code, detail.status_code, systems.status_code} == {401}
        return
    assert [item["name"] for item in applications.json()["items"]] == SEES[persona]
    sees_bappedas = "e-Perencanaan" in SEES[persona]
    assert detail.status_code == (200 if sees_bappedas else 404)
    assert [item["name"] for item in systems.json()["items"]] == (
        ["SIMRENDA"] if sees_bappedas else []
    )


def test_a_record_names_its_owner_and_the_request_that_wrote_it(
    world: SimpleNamespace, records: SimpleNamespace, case: Case
) -> None:
    client = api_client(world, "opd.bappeda", scope="read")

    application = client.get(f"/api/v1/registry/applications/{records.perencanaan.pk}").json()
    system = client.get(f"/api/v1/registry/systems/{records.system.pk}").json()

    assert {k: application[k] for k in ("name", "kind", "owner", "url", "status")} == {
        "name": "e-Perencanaan",
        "kind": "khusus",
        "owner": "Badan Perencanaan Pembangunan Daerah Kabupaten Sumbawa",
        "url": "perencanaan.sumbawakab.go.id",
        "status": "aktif",
    }
    assert application["case"] == {
        "id": case.pk,
        "number": case.number,
        "url": f"/api/v1/cases/{case.pk}",
    }
    assert (system["registration_number"], system["registered_on"]) == ("TDPSE-001", "2026-01-05")


def test_another_offices_record_does_not_exist(
    world: SimpleNamespace, records: SimpleNamespace
) -> None:
    client = api_client(world, "kadis.sumbawa")

    assert client.get(f"/api/v1/registry/applications/{records.batam.pk}").status_code == 404
    assert client.get(f"/api/v1/registry/systems/{2**63 - 1}").status_code == 404


def test_the_list_answers_304_to_its_own_etag(
    world: SimpleNamespace, records: SimpleNamespace
) -> None:
    client = api_client(world, "kabid.ti")
    first = client.get("/api/v1/registry/applications")

    again = client.get("/api/v1/registry/applications", headers={"If-None-Match": first["ETag"]})

    assert (first.status_code, again.status_code) == (200, 304)
