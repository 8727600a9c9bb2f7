"""Mulai kerjakan through the API: a holder of the step's lane records a start and gets the
recorded event; anyone else is refused as the page refuses them, a second start is a conflict,
and a refusal writes nothing."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from alur.cases.models import Case, Event, Task
from tests.api.conftest import api_client
from tests.authz.world import snapshot


def _start(world: SimpleNamespace, case: Case, persona: str, step: int = 2) -> Any:
    return api_client(world, persona).post(f"/api/v1/cases/{case.pk}/steps/{step}/start")


def test_the_kadis_starts_step_2_and_gets_the_event(world: SimpleNamespace, case: Case) -> None:
    version = case.version

    response = _start(world, case, "kadis.sumbawa")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["step"], body["visit"], body["lane"]) == (
        "step.started",
        2,
        1,
        "kadis",
    )
    event = Event.objects.get(case=case, kind="step.started")
    assert (event.actor, event.hash) == (world.people["kadis.sumbawa"], body["hash"])
    assert Task.objects.get(case=case, step=2).touched_at == event.at
    case.refresh_from_db()
    assert case.version == version


def test_refusals_say_why_and_write_nothing(world: SimpleNamespace, case: Case) -> None:
    before = snapshot(case)

    outsider = _start(world, case, "kabid.ti")
    other_office = _start(world, case, "kadis.batam")
    no_such_step = _start(world, case, "kadis.sumbawa", step=99)
    not_open = _start(world, case, "kabid.ti", step=3)  # the Kabid's step, not open yet

    assert outsider.status_code == 403
    assert "Langkah 2 dikerjakan oleh Kepala Dinas" in outsider.json()["detail"]
    assert other_office.status_code == 404
    assert no_such_step.status_code == 404
    assert not_open.status_code == 409
    assert "Langkah 3 tidak sedang terbuka" in not_open.json()["detail"]
    assert snapshot(case) == before

    assert _start(world, case, "kadis.sumbawa").status_code == 201
    again = _start(world, case, "kadis.sumbawa")
    assert again.status_code == 409
    assert "Anda sudah mulai mengerjakan langkah 2." in again.json()["detail"]
    assert Event.objects.filter(case=case, kind="step.started").count() == 1
