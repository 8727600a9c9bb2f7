"""Refusals as RFC 9457 problem details in the language asked for; a stale version is 409 and
names who acted; the OpenAPI document is valid; reads carry an ETag."""

from __future__ import annotations

from types import SimpleNamespace

from openapi_spec_validator import validate

from alur.cases import services
from alur.cases.models import Case
from tests.api.conftest import api_client
from tests.authz.world import DISPOSITION, pdf_upload, snapshot


def _complete(world: SimpleNamespace, case: Case, persona: str, version: int, **headers: str):  # type: ignore[no-untyped-def]
    return api_client(world, persona, **headers).post(
        f"/api/v1/cases/{case.pk}/steps/2/complete",
        {"version": version},
        content_type="application/json",
    )


def test_a_stale_version_is_a_conflict_naming_who_acted(world: SimpleNamespace, case: Case) -> None:
    kadis = world.people["kadis.sumbawa"]
    services.document_add(
        case=case, name=DISPOSITION, upload=pdf_upload("d"), filename="d.pdf", actor=kadis
    )
    case.refresh_from_db()
    seen = case.version
    assert _complete(world, case, "kadis.sumbawa", seen).status_code == 200
    before = snapshot(case)

    response = _complete(world, case, "plh.sumbawa", seen)

    assert response.status_code == 409
    body = response.json()
    assert body["type"] == "urn:alur:problem:conflict"
    assert body["status"] == 409
    assert body["detail"].startswith(f"Langkah 2 sudah dikerjakan oleh {kadis}")
    assert snapshot(case) == before


def test_a_wrong_body_names_each_field_in_the_language_asked(
    world: SimpleNamespace, case: Case
) -> None:
    response = _complete(world, case, "kadis.sumbawa", 0, **{"Accept-Language": "en"})
    indonesian = api_client(world, "kadis.sumbawa").post(
        f"/api/v1/cases/{case.pk}/steps/2/complete",
        {"fields": {"tidak-ada": "x"}},
        content_type="application/json",
    )

    assert response["Content-Type"] == "application/problem+json"
    assert response.status_code == 422
    assert set(response.json()) == {"type", "title", "status", "detail", "errors"}
    assert indonesian.json()["title"] == "Isian tidak sah"
    assert [e["field"] for e in indonesian.json()["errors"]] == ["body.payload.version"]


def test_a_refusal_speaks_the_language_asked_for(world: SimpleNamespace, case: Case) -> None:
    english = _complete(world, case, "kabid.ti", case.version, **{"Accept-Language": "en"})
    indonesian = _complete(world, case, "kabid.ti", case.version)

    assert english.status_code == indonesian.status_code == 403
    assert english.json()["detail"] == (
        "Step 2 is done by Kepala Dinas; you do not hold that role."
    )
    assert indonesian.json()["detail"] == (
        "Langkah 2 dikerjakan oleh Kepala Dinas; Anda tidak memegang peran itu."
    )
    assert indonesian.json()["title"] == "Tidak diizinkan"


def test_not_found_is_a_problem(world: SimpleNamespace, db: None) -> None:
    response = api_client(world, "kabid.ti").get(f"/api/v1/cases/{2**63 - 1}")

    assert response.status_code == 404
    assert response.json() == {
        "type": "urn:alur:problem:not-found",
        "title": "Tidak ditemukan",
        "status": 404,
        "detail": "Tidak ada, atau Anda tidak dapat melihatnya.",
    }


def test_an_id_no_key_can_hold_is_a_wrong_field_not_a_server_error(
    world: SimpleNamespace, db: None
) -> None:
    client = api_client(world, "kabid.ti")

    for path in (f"/api/v1/cases/{2**63}", "/api/v1/cases/0", f"/api/v1/sop/{10**22}"):
        response = client.get(path)
        assert response.status_code == 422, path
        assert response.json()["errors"][0]["field"] in ("path.case_id", "path.sop_id")


def test_a_nul_character_in_a_code_is_a_wrong_field_not_a_server_error(
    world: SimpleNamespace, db: None
) -> None:
    """PostgreSQL refuses a query holding a NUL character; the API refuses it first, naming the
    field, and a code longer than any code is refused the same way."""
    client = api_client(world, "kabid.ti")
    asked = {
        "/api/v1/cases?sop=A%00B": "query.sop",
        "/api/v1/cases?status=%00": "query.status",
        "/api/v1/cases?cursor=%00": "query.cursor",
        "/api/v1/lanes/A%00/tasks": "path.role_code",
        "/api/v1/kinerja/x%00y": "path.office",
        "/api/v1/kinerja/x?sop=%00": "query.sop",
        f"/api/v1/cases?sop={'S' * 201}": "query.sop",
    }

    for path, field in asked.items():
        response = client.get(path)
        assert response.status_code == 422, path
        assert [error["field"] for error in response.json()["errors"]] == [field], path


def test_the_openapi_document_is_valid_openapi_3_1(client) -> None:  # type: ignore[no-untyped-def]
    document = client.get("/api/v1/openapi.json").json()

    validate(document)
    assert document["openapi"].startswith("3.1")
    assert {
        "/api/v1/cases",
        "/api/v1/cases/{case_id}/steps/{step}/complete",
        "/api/v1/cases/{case_id}/documents",
        "/api/v1/cases/{case_id}/documents/{document_id}/content",
        "/api/v1/cases/{case_id}/documents/{document_id}/versions",
        "/api/v1/lanes/{role_code}/tasks",
        "/api/v1/kinerja/{office}",
        "/api/v1/registry/applications/{application_id}",
        "/api/v1/registry/systems/{system_id}",
    } <= set(document["paths"])
    bodies = document["paths"]["/api/v1/cases"]["post"]["requestBody"]["content"]
    assert set(bodies) == {"application/json", "multipart/form-data"}


def test_a_read_answers_304_to_its_own_etag(world: SimpleNamespace, case: Case) -> None:
    client = api_client(world, "kabid.ti")
    first = client.get(f"/api/v1/cases/{case.pk}")

    again = client.get(f"/api/v1/cases/{case.pk}", headers={"If-None-Match": first["ETag"]})

    assert first.status_code == 200
    assert again.status_code == 304
