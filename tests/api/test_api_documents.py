"""A case's documents over the API: every version of each, a version's bytes streamed from the
storage backend (checked against its SHA-256, with its type, a Content-Disposition and its
digest as ETag), and a new version through ``services.document_add``: refused to a read token,
to a case the caller may not see, and for a file the case would not keep, keeping nothing."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.http import FileResponse

from alur.cases.models import Case, Document
from tests.api.conftest import api_client
from tests.authz.world import LETTER, pdf_upload, snapshot
from tests.conftest import PDF


def _content(response: Any) -> bytes:
    """The streamed bytes, read to the end: the test client closes the file then."""
    assert isinstance(response, FileResponse)
    return b"".join(response.streaming_content)  # type: ignore[arg-type]


def test_the_list_holds_each_document_with_every_version_newest_first(
    world: SimpleNamespace, case: Case
) -> None:
    client = api_client(world, "kabid.ti")
    new = client.post(
        f"/api/v1/cases/{case.pk}/documents/{world.letter.pk}/versions",
        {"file": pdf_upload("surat-baru")},
    )

    groups = client.get(f"/api/v1/cases/{case.pk}/documents").json()

    assert new.status_code == 201
    assert [(g["name"], [v["version"] for v in g["versions"]]) for g in groups] == [
        (LETTER, [2, 1])
    ]
    newest = groups[0]["versions"][0]
    assert (newest["original_name"], newest["uploaded_by"], newest["step"]) == (
        "surat-baru.pdf",
        str(world.people["kabid.ti"]),
        None,
    )
    assert newest["download"] == f"/api/v1/cases/{case.pk}/documents/{newest['id']}/content"


def test_a_version_is_streamed_with_its_type_name_and_digest(
    world: SimpleNamespace, case: Case
) -> None:
    client = api_client(world, "opd.bappeda", scope="read")
    url = f"/api/v1/cases/{case.pk}/documents/{world.letter.pk}/content"

    response = client.get(url)
    again = client.get(url, headers={"If-None-Match": response["ETag"]})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="surat.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["ETag"] == f'"{world.letter.sha256}"'
    assert _content(response) == PDF
    assert again.status_code == 304


def test_bytes_changed_in_storage_are_refused_as_a_problem(
    world: SimpleNamespace, case: Case
) -> None:
    stored = Path(world.letter.file.path)
    kept = stored.read_bytes()
    stored.write_bytes(kept + b"% diubah\n")
    try:
        response = api_client(world, "kabid.ti").get(
            f"/api/v1/cases/{case.pk}/documents/{world.letter.pk}/content"
        )
    finally:
        stored.write_bytes(kept)

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert "SHA-256 tidak cocok" in response.json()["detail"]


def test_documents_follow_the_storage_backend(
    world: SimpleNamespace, case: Case, settings: Any
) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    client = api_client(world, "kadis.sumbawa")
    text = io.BytesIO(b"Catatan disposisi: segera ditindaklanjuti.\n")
    text.name = "catatan.txt"

    added = client.post(
        f"/api/v1/cases/{case.pk}/documents/{world.letter.pk}/versions", {"file": text}
    ).json()
    response = client.get(added["download"])

    assert (added["version"], added["content_type"]) == (2, "text/plain")
    assert _content(response) == b"Catatan disposisi: segera ditindaklanjuti.\n"
    assert not (Path(settings.MEDIA_ROOT) / Document.objects.get(pk=added["id"]).file.name).exists()


@pytest.mark.parametrize("persona", ["opd.dikbud", "kadis.batam", "opd.disdukcapil"])
def test_another_opds_or_offices_documents_do_not_exist(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    client = api_client(world, persona)
    base = f"/api/v1/cases/{case.pk}/documents"
    before = snapshot(case)

    answers = [
        client.get(base),
        client.get(f"{base}/{world.letter.pk}/content"),
        client.post(f"{base}/{world.letter.pk}/versions", {"file": pdf_upload("x")}),
    ]

    assert [answer.status_code for answer in answers] == [404, 404, 404]
    assert all(case.number not in answer.content.decode() for answer in answers)
    assert snapshot(case) == before


def test_a_read_token_uploads_nothing(world: SimpleNamespace, case: Case) -> None:
    before = snapshot(case)

    response = api_client(world, "kadis.sumbawa", scope="read").post(
        f"/api/v1/cases/{case.pk}/documents/{world.letter.pk}/versions",
        {"file": pdf_upload("baru")},
    )

    assert response.status_code == 403
    assert "cakupan act" in response.json()["detail"]
    assert snapshot(case) == before


def test_a_file_the_case_would_not_keep_is_refused_beside_the_file(
    world: SimpleNamespace, case: Case
) -> None:
    page = io.BytesIO(b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    page.name = "surat.html"
    client = api_client(world, "kadis.sumbawa")
    url = f"/api/v1/cases/{case.pk}/documents/{world.letter.pk}/versions"
    before = snapshot(case)

    html = client.post(url, {"file": page})
    nothing = client.post(url, {})

    assert html.status_code == nothing.status_code == 422
    assert html.json()["errors"] == [
        {
            "field": "body.file",
            "detail": "Jenis berkas surat.html (text/html) tidak diterima. Yang diterima: PDF, "
            "gambar PNG/JPEG, ZIP, dokumen Word/Excel/ODT, atau teks.",
        }
    ]
    assert [e["field"] for e in nothing.json()["errors"]] == ["body.file"]
    assert snapshot(case) == before
