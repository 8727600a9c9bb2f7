"""The API's rate limit: ``ALUR_API_RATE_PER_MINUTE`` requests per token a minute (the session's
under its person), counted in the database; one past it is a 429 problem with ``Retry-After``
that does nothing, and the next minute lets requests through again."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from alur.cases.models import Case
from alur.offices.tokens import token_create
from tests.api.conftest import api_client
from tests.authz.world import client_as, snapshot


@pytest.fixture
def three_a_minute(settings: Any) -> None:
    settings.ALUR_API_RATE_PER_MINUTE = 3


def _bearer(world: SimpleNamespace, persona: str) -> Client:
    _token, plain = token_create(
        owner=world.people[persona], name="portal", scope="act", actor=None
    )
    return Client(headers={"Authorization": f"Bearer {plain}"})


@pytest.mark.usefixtures("three_a_minute")
def test_a_token_past_its_limit_waits_for_the_next_minute(world: SimpleNamespace, db: None) -> None:
    client = _bearer(world, "kabid.ti")
    start = timezone.now()

    answers = [client.get("/api/v1/sop").status_code for _i in range(3)]
    refused = client.get("/api/v1/sop")

    assert answers == [200, 200, 200]
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused["Retry-After"]) <= 60
    body = refused.json()
    assert (body["type"], body["status"]) == ("urn:alur:problem:too-many", 429)
    assert body["detail"].startswith(
        "Terlalu banyak permintaan API untuk token 'portal': paling banyak 3 per menit."
    )
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert client.get("/api/v1/sop").status_code == 200


@pytest.mark.usefixtures("three_a_minute")
def test_each_token_has_its_own_count(world: SimpleNamespace, db: None) -> None:
    first, second = _bearer(world, "kabid.ti"), _bearer(world, "kabid.ti")
    for _i in range(3):
        first.get("/api/v1/sop")

    assert first.get("/api/v1/sop").status_code == 429
    assert second.get("/api/v1/sop").status_code == 200


@pytest.mark.usefixtures("three_a_minute")
def test_the_session_counts_under_its_person_and_the_pages_are_not_counted(
    world: SimpleNamespace, db: None
) -> None:
    client = client_as(world, "kabid.ti")
    for _i in range(3):
        assert client.get("/tugas/").status_code == 200
        assert client.get("/api/v1/tasks").status_code == 200

    assert client.get("/api/v1/tasks").status_code == 429
    assert client.get("/tugas/").status_code == 200
    assert client_as(world, "kasi.aplikasi").get("/api/v1/tasks").status_code == 200


@pytest.mark.usefixtures("three_a_minute")
def test_a_refused_action_changes_nothing(world: SimpleNamespace, case: Case) -> None:
    client = _bearer(world, "kadis.sumbawa")
    for _i in range(3):
        client.get(f"/api/v1/cases/{case.pk}")
    before = snapshot(case)

    response = client.post(
        f"/api/v1/cases/{case.pk}/steps/2/complete",
        {"version": case.version},
        content_type="application/json",
    )

    assert response.status_code == 429
    assert snapshot(case) == before


def test_no_limit_when_it_is_zero(world: SimpleNamespace, db: None, settings: Any) -> None:
    settings.ALUR_API_RATE_PER_MINUTE = 0
    client = api_client(world, "kabid.ti")

    assert {client.get("/api/v1/sop").status_code for _i in range(5)} == {200}
