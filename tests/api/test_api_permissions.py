"""The API refuses exactly where the pages refuse: the page and action grids of
tests/authz/test_matrix.py, asked of the API's resources with a token of each persona (nobody,
Sumbawa's officers and Plh, its requesting OPD and another of its OPDs, an officer and an OPD
person of Batam). Where the page redirects after a change the API answers with what it made;
where the page says "not found" for an SOP one cannot start, the API names the field."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from alur.cases import services
from alur.cases.models import Case, Task
from tests.api.conftest import api_client
from tests.authz.test_matrix import (
    ACTS_AT_STEP_2,
    EXPECTED_ACTIONS,
    EXPECTED_PAGES,
    MAY_SEE_THE_CASE,
    NOT_YOUR_LANE,
)
from tests.authz.world import (
    ANONYMOUS,
    DISPOSITION,
    LETTER,
    PERSONAS,
    PLH,
    SOP5,
    pdf_upload,
    snapshot,
)
from tests.conftest import PDF

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
    chart = client.get(f"/api/v1/sop/{world.sumbawa_sop.pk}/chart.svg")
    assert chart.status_code == response.status_code
    if chart.status_code == 200:
        assert chart["Content-Type"] == "image/svg+xml"
        svg = chart.content.decode()
        assert svg.startswith("<svg") and "Kepala Dinas" in svg  # a lane of the chart
        assert (
            response.json()["links"]["chart_svg"] == f"/api/v1/sop/{world.sumbawa_sop.pk}/chart.svg"
        )


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


# --- the resources that mirror other pages and actions ---------------------------------------


def _mirrored(page_status: int, persona: str, *, done: int = 200, hidden: int = 404) -> int:
    """What the API answers where the page answers ``page_status``: 401 for no one, ``done``
    where the page redirects after a change, ``hidden`` where it says 404."""
    if persona == ANONYMOUS:
        return 401
    return {302: done, 404: hidden}.get(page_status, page_status)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_tasks_hold_the_case_for_those_whose_inbox_does(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    response = api_client(world, persona).get("/api/v1/tasks")

    assert response.status_code == _api_status(EXPECTED_PAGES["inbox", persona], persona)
    if response.status_code == 200:
        numbers = [item["case_number"] for item in response.json()["items"]]
        assert (case.number in numbers) == (persona in ACTS_AT_STEP_2)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_cases_documents_answer_each_persona_as_its_page_and_download_do(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    client = api_client(world, persona)

    listed = client.get(f"/api/v1/cases/{case.pk}/documents")
    content = client.get(f"/api/v1/cases/{case.pk}/documents/{world.letter.pk}/content")

    assert listed.status_code == _api_status(EXPECTED_PAGES["case_detail", persona], persona)
    assert content.status_code == _api_status(EXPECTED_PAGES["document_download", persona], persona)
    if content.status_code == 200:
        assert b"".join(content.streaming_content) == PDF
        assert [group["name"] for group in listed.json()] == [LETTER]
    else:
        assert LETTER not in listed.content.decode() + content.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_new_version_of_a_document_is_for_those_who_may_see_the_running_case(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    before = snapshot(case)

    response = api_client(world, persona).post(
        f"/api/v1/cases/{case.pk}/documents/{world.letter.pk}/versions",
        {"file": pdf_upload("surat-perbaikan")},
    )

    expected = 201 if persona in MAY_SEE_THE_CASE else 404
    assert response.status_code == (401 if persona == ANONYMOUS else expected)
    if response.status_code == 201:
        assert snapshot(case)["documents"] == [*before["documents"], (LETTER, 2)]
    else:
        assert snapshot(case) == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_acting_with_the_disposition_answers_each_persona_as_the_page_does(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    before = snapshot(case)

    response = api_client(world, persona).post(
        f"/api/v1/cases/{case.pk}/steps/2/complete",
        {"payload": json.dumps({"version": case.version}), DISPOSITION: pdf_upload("disposisi")},
    )

    assert response.status_code == _mirrored(EXPECTED_ACTIONS["case_act", persona], persona)
    after = snapshot(case)
    if response.status_code == 200:
        assert after["documents"] == [*before["documents"], (DISPOSITION, 1)]
        assert after["tasks"][-1] == (3, Task.Status.OPEN, None)
    else:
        assert after == before
        if response.status_code == 403:
            assert response.json()["detail"] == NOT_YOUR_LANE


@pytest.mark.parametrize("persona", PERSONAS)
def test_filing_a_request_answers_each_persona_as_the_new_request_page_does(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    before = snapshot(case)

    response = api_client(world, persona).post(
        "/api/v1/cases",
        {
            "payload": json.dumps({"sop": SOP5, "title": "Aplikasi Dapodik Daerah"}),
            LETTER: pdf_upload("surat"),
        },
    )

    page = EXPECTED_ACTIONS["case_new_form", persona]
    assert response.status_code == _mirrored(page, persona, done=201, hidden=422)
    after = snapshot(case)
    if response.status_code == 201:
        opened = Case.objects.get(pk=response.json()["id"])
        assert (opened.requester.username, opened.requester_unit) == (
            persona,
            world.people[persona].unit,
        )
        assert after == {**before, "cases": before["cases"] + 1}
    else:
        assert after == before
        if response.status_code == 422:
            assert [e["field"] for e in response.json()["errors"]] == ["body.payload.sop"]


# The Kadis's lane: its holder today (the Kadis, and the Sekretaris as Plh) sees the case at
# step 2; the Kadis's subordinates and the OPDs neither hold nor head it; Batam has its own Kadis.
LANE_KADIS = {
    ANONYMOUS: 401,
    "kadis.sumbawa": 200,
    "kabid.ti": 403,
    "kasi.aplikasi": 403,
    "dev.sumbawa": 403,
    PLH: 200,
    "opd.bappeda": 403,
    "opd.dikbud": 403,
    "kadis.batam": 200,
    "opd.disdukcapil": 403,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_kadis_lane_answers_those_who_hold_or_head_it(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    response = api_client(world, persona).get("/api/v1/lanes/kadis/tasks")

    assert response.status_code == LANE_KADIS[persona]
    holds_sumbawas = persona in ACTS_AT_STEP_2
    assert (case.number in response.content.decode()) == holds_sumbawas


@pytest.mark.parametrize("persona", PERSONAS)
def test_kinerja_answers_each_persona_as_the_report_page_does(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    response = api_client(world, persona).get(f"/api/v1/kinerja/{world.sumbawa.code}")

    page = EXPECTED_PAGES["reports_dashboard", persona]
    assert response.status_code == _api_status(page, persona)
    if response.status_code == 200:
        assert [sop["code"] for sop in response.json()["sops"]] == [SOP5]
    else:
        assert SOP5 not in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_inventory_answers_each_persona_as_its_page_does(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    client = api_client(world, persona)

    answers = [client.get("/api/v1/registry/applications"), client.get("/api/v1/registry/systems")]

    expected = _api_status(EXPECTED_PAGES["registry", persona], persona)
    assert [answer.status_code for answer in answers] == [expected, expected]
