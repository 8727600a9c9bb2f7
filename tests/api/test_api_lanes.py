"""A lane's tasks: the open steps in the lanes of a role of the caller's office, for those who hold
the role today (a Plh/Plt delegation included) or a role above it in the office's role tree;
refused to the rest of the office, and no such lane for another office's people."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from alur.cases import services
from alur.cases.models import Case
from tests.api.conftest import api_client
from tests.authz.world import DISPOSITION, PLH, pdf_upload


@pytest.fixture
def at_step_3(world: SimpleNamespace, case: Case) -> Case:
    """The world's request done at step 2 by the Kadis: step 3 waits in the Kabid TI's lane."""
    return services.task_act(
        case=case,
        step=2,
        actor=world.people["kadis.sumbawa"],
        uploads={DISPOSITION: (pdf_upload("disposisi"), "disposisi.pdf")},
    )


@pytest.mark.parametrize("persona", ["kabid.ti", "kadis.sumbawa", PLH])
def test_the_holder_and_those_above_see_the_lanes_open_steps(
    world: SimpleNamespace, at_step_3: Case, persona: str
) -> None:
    response = api_client(world, persona).get("/api/v1/lanes/kabid-ti/tasks")

    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["case_number"], i["step"], i["lanes"]) for i in items] == [
        (at_step_3.number, 3, ["Kepala Bidang TI"])
    ]
    assert items[0]["case_version"] == at_step_3.version
    assert items[0]["act"] == f"/api/v1/cases/{at_step_3.pk}/steps/3/complete"


@pytest.mark.parametrize("persona", ["kasi.aplikasi", "dev.sumbawa", "opd.bappeda"])
def test_those_below_or_beside_the_role_are_refused(
    world: SimpleNamespace, at_step_3: Case, persona: str
) -> None:
    response = api_client(world, persona).get("/api/v1/lanes/kabid-ti/tasks")

    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Anda tidak memegang atau membawahi peran Kepala Bidang Teknologi Informasi."
    )
    assert at_step_3.number not in response.content.decode()


def test_a_role_the_office_does_not_have_is_not_found(world: SimpleNamespace, case: Case) -> None:
    unknown = api_client(world, "kadis.sumbawa").get("/api/v1/lanes/tidak-ada/tasks")
    elsewhere = api_client(world, "kadis.batam").get("/api/v1/lanes/kabid-ti/tasks")
    own = api_client(world, "kadis.batam").get("/api/v1/lanes/kadis/tasks")

    assert (unknown.status_code, elsewhere.status_code, own.status_code) == (404, 404, 200)
    assert case.number not in own.content.decode()


def test_a_delegation_counts_on_its_day_only(world: SimpleNamespace, case: Case) -> None:
    client = api_client(world, PLH)
    today = client.get("/api/v1/lanes/kadis/tasks")

    with time_machine.travel(timezone.now() + dt.timedelta(days=1), tick=False):
        tomorrow = client.get("/api/v1/lanes/kadis/tasks")

    assert [i["case_number"] for i in today.json()["items"]] == [case.number]
    assert tomorrow.status_code == 403


def test_the_lanes_tasks_answer_304_to_their_own_etag(world: SimpleNamespace, case: Case) -> None:
    client = api_client(world, "kadis.sumbawa")
    first = client.get("/api/v1/lanes/kadis/tasks")

    again = client.get("/api/v1/lanes/kadis/tasks", headers={"If-None-Match": first["ETag"]})

    assert (first.status_code, again.status_code) == (200, 304)
