"""A file asked through a step's own field (``jenis: berkas``) is kept through a refused form
like a document's: shown back beside its field, sent again, removable, and a document of the
case only once the request is filed."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html

from alur.cases.models import Case, Document, StepDraft
from alur.catalog.services import sop_version_create
from tests.cases.casekit import pdf_bytes

pytestmark = pytest.mark.django_db

SOP = Path(__file__).parents[1] / "cases" / "sops" / "berkas-isian.yaml"
PAGE = "/permohonan/baru/izin-keramaian/"
PLAN = "Denah lokasi"


@pytest.fixture(autouse=True)
def _sop(demo: SimpleNamespace, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)


def _plan(label: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{label}.pdf", pdf_bytes(label), "application/pdf")


def _kept_beside_the_field(content: bytes) -> str:
    """The file the page shows kept beside the plan's field, or "" when none."""
    page = html.fromstring(content)
    (field,) = page.xpath("//div[.//input[@name='field-denah']]")
    kept = field.xpath(".//p[@class='draft-file']/@data-draft")
    return kept[0] if kept else ""


def test_a_refused_request_keeps_the_fields_file_and_sending_again_files_it(client_for) -> None:
    client = client_for("opd.bappeda")

    refused = client.post(
        PAGE,
        {"title": "Pentas seni", "field-tanggal": "2026-02-31", "field-denah": _plan("denah")},
    )

    assert refused.status_code == 422
    assert _kept_beside_the_field(refused.content) == "denah.pdf"
    assert StepDraft.objects.get().name == PLAN
    assert not Case.objects.filter(sop_version__sop__code="izin-keramaian").exists()
    assert _kept_beside_the_field(client.get(PAGE).content) == "denah.pdf"

    filed = client.post(PAGE, {"title": "Pentas seni", "field-tanggal": "2026-04-02"})

    assert filed.status_code == 302
    case = Case.objects.get(sop_version__sop__code="izin-keramaian")
    plan = Document.objects.get(case=case, name=PLAN)
    assert plan.sha256 == hashlib.sha256(pdf_bytes("denah")).hexdigest()
    assert not StepDraft.objects.exists()


def test_a_removed_file_of_a_field_is_not_sent(client_for) -> None:
    client = client_for("opd.bappeda")
    client.post(
        PAGE,
        {"title": "Pentas seni", "field-tanggal": "31-31-2026", "field-denah": _plan("denah")},
    )
    assert StepDraft.objects.count() == 1

    removed = client.post(
        PAGE, {"title": "Pentas seni", "field-tanggal": "2026-04-02", "hapus-field-denah": "1"}
    )

    assert removed.status_code == 422
    assert PLAN in removed.content.decode()
    assert _kept_beside_the_field(removed.content) == ""
    assert not StepDraft.objects.exists()
    assert not Case.objects.filter(sop_version__sop__code="izin-keramaian").exists()
