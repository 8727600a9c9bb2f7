"""Acting on a step with its documents: the JSON body as the ``payload`` part of a multipart body,
each document in a part named as the SOP names it, judged by the step's form and done through
``StepForm.act`` as on the page. A refused action keeps no document; a stale version is 409
naming who acted."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace
from typing import Any

from alur.cases.models import Case, Document, Task
from alur.notifications.models import Kind, Notification
from tests.api.conftest import api_client
from tests.authz.world import DISPOSITION, LETTER, pdf_upload, snapshot


def _act(world: SimpleNamespace, case: Case, persona: str, scope: str = "act", **parts: Any) -> Any:
    return api_client(world, persona, scope=scope).post(
        f"/api/v1/cases/{case.pk}/steps/2/complete", parts
    )


def _payload(**values: object) -> str:
    return json.dumps(values)


def test_the_kadis_completes_step_2_with_the_disposition(
    world: SimpleNamespace, case: Case
) -> None:
    response = _act(
        world,
        case,
        "kadis.sumbawa",
        payload=_payload(version=case.version, note="Teruskan ke Kabid TI"),
        **{"disposisi dinas": pdf_upload("disposisi")},  # case and spacing do not matter
    )

    assert response.status_code == 200
    body = response.json()
    assert [s["no"] for s in body["steps"] if s["open"]] == [3]
    disposition = Document.objects.get(case=case, name=DISPOSITION)
    assert (disposition.version, disposition.step, disposition.original_name) == (
        1,
        2,
        "disposisi.pdf",
    )
    assert (DISPOSITION, 1) in [(d["name"], d["version"]) for d in body["documents"]]
    assert Task.objects.get(case=case, step=2).done_by == world.people["kadis.sumbawa"]


def test_a_stale_version_is_a_conflict_naming_who_acted_and_keeps_no_document(
    world: SimpleNamespace, case: Case
) -> None:
    seen = case.version
    first = _act(
        world,
        case,
        "kadis.sumbawa",
        payload=_payload(version=seen),
        **{DISPOSITION: pdf_upload("a")},
    )
    before = snapshot(case)

    late = _act(
        world, case, "plh.sumbawa", payload=_payload(version=seen), **{DISPOSITION: pdf_upload("b")}
    )

    assert first.status_code == 200
    assert late.status_code == 409
    assert late.json()["detail"].startswith(
        f"Langkah 2 sudah dikerjakan oleh {world.people['kadis.sumbawa']}"
    )
    assert snapshot(case) == before


def test_a_part_the_step_does_not_take_is_refused_by_name(
    world: SimpleNamespace, case: Case
) -> None:
    before = snapshot(case)

    response = _act(
        world,
        case,
        "kadis.sumbawa",
        payload=_payload(version=case.version, fields={"tidak-ada": "x"}),
        catatan="lepas",
        **{"Surat Lain": pdf_upload("lain"), DISPOSITION: [pdf_upload("1"), pdf_upload("2")]},
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "body.catatan",
            "detail": "Bagian ini tidak dikenal: isian dikirim dalam bagian payload, dokumen "
            "sebagai berkas.",
        },
        {
            "field": "body.documents.Surat Lain",
            "detail": "Dokumen ini tidak diminta pada langkah ini.",
        },
        {
            "field": f"body.documents.{DISPOSITION}",
            "detail": "Kirim satu berkas untuk dokumen ini.",
        },
        {"field": "body.payload.fields.tidak-ada", "detail": "Isian ini tidak ada di langkah ini."},
    ]
    assert snapshot(case) == before


def test_a_payload_that_is_not_json_or_lacks_the_version_is_refused_field_by_field(
    world: SimpleNamespace, case: Case
) -> None:
    broken = _act(
        world, case, "kadis.sumbawa", payload="{version: 1", **{DISPOSITION: pdf_upload("d")}
    )
    missing = _act(world, case, "kadis.sumbawa", **{DISPOSITION: pdf_upload("d")})

    assert broken.status_code == missing.status_code == 422
    assert [e["field"] for e in broken.json()["errors"]] == ["body.payload"]
    assert [e["field"] for e in missing.json()["errors"]] == ["body.payload.version"]
    assert not Document.objects.filter(case=case, name=DISPOSITION).exists()


def test_a_file_the_case_would_not_keep_refuses_the_action(
    world: SimpleNamespace, case: Case
) -> None:
    empty = io.BytesIO(b"")
    empty.name = "kosong.pdf"
    page = io.BytesIO(b"<html><body>disposisi</body></html>")
    page.name = "disposisi.html"
    before = snapshot(case)

    nothing = _act(
        world, case, "kadis.sumbawa", payload=_payload(version=case.version), **{DISPOSITION: empty}
    )
    html = _act(
        world, case, "kadis.sumbawa", payload=_payload(version=case.version), **{DISPOSITION: page}
    )

    assert nothing.status_code == html.status_code == 422
    assert [e["field"] for e in nothing.json()["errors"]] == [f"body.documents.{DISPOSITION}"]
    assert html.json()["detail"].startswith("Jenis berkas disposisi.html (text/html) tidak")
    assert snapshot(case) == before


def test_a_read_token_or_someone_outside_the_lane_keeps_nothing(
    world: SimpleNamespace, case: Case
) -> None:
    before = snapshot(case)
    parts = {"payload": _payload(version=case.version), DISPOSITION: pdf_upload("d")}

    read = _act(world, case, "kadis.sumbawa", scope="read", **parts)
    parts[DISPOSITION] = pdf_upload("d")
    outsider = _act(world, case, "kabid.ti", **parts)
    parts[DISPOSITION] = pdf_upload("d")
    requester = _act(world, case, "opd.bappeda", **parts)

    assert (read.status_code, outsider.status_code, requester.status_code) == (403, 403, 403)
    assert snapshot(case) == before
    assert LETTER not in read.content.decode()


def test_a_step_completed_through_the_api_is_news_to_the_next_lane_and_the_requester(
    world: SimpleNamespace, case: Case
) -> None:
    earlier = list(Notification.objects.values_list("pk", flat=True))  # of step 2's opening
    response = _act(
        world,
        case,
        "kadis.sumbawa",
        payload=_payload(version=case.version),
        **{DISPOSITION: pdf_upload("disposisi")},
    )

    assert response.status_code == 200
    told = Notification.objects.exclude(pk__in=earlier)
    assert sorted(told.values_list("kind", "recipient__username")) == [
        (Kind.STEP_OPENED, "kabid.ti"),
        (Kind.STEP_DONE, "opd.bappeda"),
    ]
