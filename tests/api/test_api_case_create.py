"""Filing a request over the API: the SOP's first step with its fields and documents in one
multipart request, judged by the new-request page's form and filed through ``RequestForm.file``
(``services.case_open``), wholly or not at all: a refused request keeps no case, no document,
no event and no number."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

from alur.cases.models import Case, CaseSequence, Document, Event, Task
from tests.api.conftest import api_client
from tests.authz.world import LETTER, SOP5, pdf_upload
from tests.conftest import PDF


def _everything() -> dict[str, object]:
    return {
        "cases": Case.objects.count(),
        "documents": Document.objects.count(),
        "events": Event.objects.count(),
        "tasks": Task.objects.count(),
        "numbers": list(CaseSequence.objects.order_by("pk").values_list("last", flat=True)),
    }


def _file(world: SimpleNamespace, persona: str, scope: str = "act", **parts: Any) -> Any:
    headers = parts.pop("headers", {})
    return api_client(world, persona, scope=scope, **headers).post("/api/v1/cases", parts)


def _payload(**values: object) -> str:
    return json.dumps({"sop": SOP5, "title": "Aplikasi Dapodik Daerah", **values})


def test_an_opd_files_a_request_with_its_letter(world: SimpleNamespace, case: Case) -> None:
    response = _file(
        world,
        "opd.dikbud",
        payload=_payload(note="Mohon segera"),
        **{LETTER: pdf_upload("surat-dikbud")},
    )

    assert response.status_code == 201
    body = response.json()
    opened = Case.objects.get(pk=body["id"])
    assert response["Location"] == f"/api/v1/cases/{opened.pk}"
    assert (body["number"], body["title"], body["status"]) == (
        opened.number,
        "Aplikasi Dapodik Daerah",
        "berjalan",
    )
    assert (opened.requester.username, opened.requester_unit) == (
        "opd.dikbud",
        world.people["opd.dikbud"].unit,
    )
    assert [(d["name"], d["version"], d["step"]) for d in body["documents"]] == [(LETTER, 1, 1)]
    assert [s["no"] for s in body["steps"] if s["open"]] == [2]
    letter = api_client(world, "opd.dikbud").get(body["documents"][0]["download"])
    assert b"".join(letter.streaming_content) == PDF


def test_a_request_missing_its_letter_keeps_nothing(world: SimpleNamespace, case: Case) -> None:
    before = _everything()

    multipart = _file(world, "opd.bappeda", payload=_payload())
    english = _file(world, "opd.bappeda", payload=_payload(), headers={"Accept-Language": "en"})

    assert multipart.status_code == english.status_code == 422
    assert multipart.json()["detail"] == (
        "Berkas untuk langkah 1 belum lengkap: Surat Permohonan Pembuatan Aplikasi. Lampirkan "
        "berkas tersebut, lalu ulangi."
    )
    assert english.json()["detail"] == (
        "Documents for step 1 are incomplete: Surat Permohonan Pembuatan Aplikasi. Attach them "
        "and try again."
    )
    assert _everything() == before


def test_a_json_request_is_judged_the_same(world: SimpleNamespace, case: Case) -> None:
    before = _everything()

    response = api_client(world, "opd.bappeda").post(
        "/api/v1/cases", _payload(), content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["detail"].startswith("Berkas untuk langkah 1 belum lengkap")
    assert _everything() == before


def test_wrong_inputs_are_named_field_by_field_and_keep_nothing(
    world: SimpleNamespace, case: Case
) -> None:
    before = _everything()

    unknown = _file(
        world,
        "opd.bappeda",
        payload=_payload(fields={"anggaran": "1"}, forms={"f9": {"x": "y"}}),
        **{LETTER: pdf_upload("surat"), "Lampiran Lain": pdf_upload("lain")},
    )
    shapeless = _file(world, "opd.bappeda", payload=json.dumps({"title": 7}))

    assert unknown.status_code == shapeless.status_code == 422
    assert [(e["field"], e["detail"]) for e in unknown.json()["errors"]] == [
        ("body.documents.Lampiran Lain", "Dokumen ini tidak diminta pada langkah ini."),
        ("body.payload.forms.f9", "Formulir ini tidak diisi pada langkah ini."),
        ("body.payload.fields.anggaran", "Isian ini tidak ada di langkah ini."),
    ]
    assert [e["field"] for e in shapeless.json()["errors"]] == [
        "body.payload.sop",
        "body.payload.title",
    ]
    assert _everything() == before


def test_a_title_with_an_invisible_character_is_refused(world: SimpleNamespace, case: Case) -> None:
    before = _everything()

    response = _file(
        world,
        "opd.bappeda",
        payload=_payload(title="Aplikasi\u200b Dapodik"),
        **{LETTER: pdf_upload("surat")},
    )

    assert response.status_code == 422
    assert "Perihal" in response.json()["detail"]
    assert _everything() == before


@pytest.mark.parametrize(
    ("persona", "sop"),
    [
        ("kabid.ti", SOP5),  # an officer: SOP 5 starts in the requester's lane
        ("opd.disdukcapil", SOP5),  # another office's OPD: not one of its SOPs
        ("opd.bappeda", "layanan-hosting-aplikasi"),  # Batam's SOP
        ("opd.bappeda", "tidak-ada"),
    ],
)
def test_an_sop_the_caller_cannot_start_is_refused_beside_the_code(
    world: SimpleNamespace, case: Case, persona: str, sop: str
) -> None:
    before = _everything()

    response = _file(world, persona, payload=_payload(sop=sop), **{LETTER: pdf_upload("surat")})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body.payload.sop"]
    assert _everything() == before


def test_a_read_token_files_nothing(world: SimpleNamespace, case: Case) -> None:
    before = _everything()

    response = _file(
        world, "opd.bappeda", scope="read", payload=_payload(), **{LETTER: pdf_upload("surat")}
    )

    assert response.status_code == 403
    assert _everything() == before
