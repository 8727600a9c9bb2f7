"""The API refuses exactly where the pages refuse: the page grid of tests/authz/test_matrix.py,
asked of the API's resources with a token of each persona."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from alur.cases import services
from alur.cases.models import Case
from tests.api.conftest import api_client
from tests.authz.test_matrix import EXPECTED_ACTIONS, EXPECTED_PAGES, NOT_YOUR_LANE
from tests.authz.world import ANONYMOUS, DISPOSITION, PERSONAS, pdf_upload, snapshot

# The page answers 302 to the sign-in page where the API answers 401 (no token).
PAGE_TO_API = {"case_detail": "case", "sop_detail": "sop"}


def _api_status(page_status: int, persona: str) -> int:
    return 401 if persona == ANONYMOUS else page_status


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_case_answers_each_persona_as_its_page_does(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    response = api_client(world, persona).get(f"/api/v1/cases/{case.pk}")

    assert response.status_code == _api_status(EXPECTED_PAGES["case_detail", persona], persona)
    if response.status_code == 200:
        assert response.json()["number"] == case.number
    else:
        assert response["Content-Type"] == "application/problem+json"
        assert case.number not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_case_list_holds_the_case_for_those_who_see_its_page(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    response = api_client(world, persona).get("/api/v1/cases")

    if persona == ANONYMOUS:
        assert response.status_code == 401
        return
    numbers = [item["number"] for item in response.json()["items"]]
    sees = EXPECTED_PAGES["case_detail", persona] == 200
    assert numbers == ([case.number] if sees else [])


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_sop_answers_each_persona_as_its_page_does(world: SimpleNamespace, persona: str) -> None:
    client = api_client(world, persona)

    response = client.get(f"/api/v1/sop/{world.sumbawa_sop.pk}")

    assert response.status_code == _api_status(EXPECTED_PAGES["sop_detail", persona], persona)
    if response.status_code == 200:
        body = response.json()
        assert (body["code"], body["definition"]["identitas"]["nama"]) == (
            world.sumbawa_sop.code,
            world.sumbawa_sop.name,
        )
        assert body["links"]["bpmn"] == f"/sop/{world.sumbawa_sop.pk}/versi/{body['version']}/bpmn/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_acting_on_step_2_answers_each_persona_as_the_page_does(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    kadis = world.people["kadis.sumbawa"]
    services.document_add(
        case=case, name=DISPOSITION, upload=pdf_upload("disposisi"), filename="d.pdf", actor=kadis
    )
    case.refresh_from_db()
    before = snapshot(case)

    response = api_client(world, persona).post(
        f"/api/v1/cases/{case.pk}/steps/2/complete",
        {"version": case.version},
        content_type="application/json",
    )

    page = EXPECTED_ACTIONS["case_act", persona]
    expected = {302: 200}.get(page, page)
    assert response.status_code == _api_status(expected, persona)
    if response.status_code == 200:
        body = response.json()
        assert body["version"] > before["version"]
        assert [(s["no"], s["open"]) for s in body["steps"] if s["open"]] == [(3, True)]
    else:
        assert snapshot(case) == before
        if response.status_code == 403:
            assert response.json()["detail"] == NOT_YOUR_LANE
