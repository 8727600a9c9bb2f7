"""Files sent with a refused form are kept as the person's drafts: shown back, sent again, and
made a document only by the action that completes the step; never a version before that."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alur.cases import drafts
from alur.cases.models import Case, Document, StepDraft
from tests.cases.casekit import SOP2, SOP2_DOCS, WIB, Desk, pdf_bytes

INSTALLATION = "Dokumentasi instalasi"
STEP_8_FILE = "doc-0"  # step 8's one file: its output Dokumentasi instalasi


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def at_step_8(demo: SimpleNamespace) -> Case:
    """A hosting request (SOP 2) with server capacity: step 8 (documenting the application)
    waits for the Kasi PA."""
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB))
    case = desk.open(demo.batam, SOP2, "opd.disdukcapil", docs=SOP2_DOCS[1], title="Hosting")
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])
    desk.act(case, 3, "kabid.pe", decision="ya")
    desk.act(case, 4, "kasi.pa", decision="ya")
    return desk.act(case, 7, "kasi.pa")


def _file(label: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{label}.pdf", pdf_bytes(label), "application/pdf")


def _step_8(case: Case, **more: object) -> dict[str, object]:
    case.refresh_from_db()
    return {"version": case.version, "field-nama_aplikasi": "SIMPUS", **more}


def test_a_bad_value_keeps_the_file_as_a_draft_and_sending_again_completes_the_step(
    client_for: Callable[[str], Client], at_step_8: Case
) -> None:
    client = client_for("kasi.pa")
    url = f"/permohonan/{at_step_8.pk}/langkah/8/"

    refused = client.post(
        url, _step_8(at_step_8, **{"field-url": "bukan alamat", STEP_8_FILE: _file("dokumentasi")})
    )

    html = refused.content.decode()
    assert refused.status_code == 422
    assert 'value="bukan alamat"' in html
    assert "sudah diunggah: <strong>dokumentasi.pdf</strong>" in html
    assert 'name="hapus-doc-0"' in html
    assert not Document.objects.filter(case=at_step_8, name=INSTALLATION).exists()
    draft = StepDraft.objects.get()
    assert (draft.person.username, draft.case_id, draft.step, draft.name) == (
        "kasi.pa",
        at_step_8.pk,
        8,
        INSTALLATION,
    )
    assert default_storage.exists(draft.path)
    assert draft.path.startswith("draf/")

    done = client.post(url, _step_8(at_step_8, **{"field-url": "simpus.batam.go.id"}))

    assert done.status_code == 302
    document = Document.objects.get(case=at_step_8, name=INSTALLATION)
    assert (document.version, document.step, document.original_name) == (1, 8, "dokumentasi.pdf")
    assert document.sha256 == hashlib.sha256(pdf_bytes("dokumentasi")).hexdigest()
    assert StepDraft.objects.count() == 0
    assert not default_storage.exists(draft.path)


def test_a_new_file_replaces_the_draft_and_hapus_removes_it(
    client_for: Callable[[str], Client], at_step_8: Case
) -> None:
    client = client_for("kasi.pa")
    url = f"/permohonan/{at_step_8.pk}/langkah/8/"
    client.post(url, _step_8(at_step_8, **{"field-url": "x y", STEP_8_FILE: _file("pertama")}))

    client.post(url, _step_8(at_step_8, **{"field-url": "x y", STEP_8_FILE: _file("kedua")}))
    replaced = StepDraft.objects.get()
    removed = client.post(url, _step_8(at_step_8, **{"hapus-doc-0": "1"}))

    assert replaced.original_name == "kedua.pdf"
    assert removed.status_code == 422
    assert "Dokumentasi instalasi" in removed.content.decode()
    assert "sudah diunggah" not in removed.content.decode()
    assert StepDraft.objects.count() == 0
    assert not Document.objects.filter(case=at_step_8, name=INSTALLATION).exists()


def test_a_person_of_another_lane_gets_no_draft(
    client_for: Callable[[str], Client], at_step_8: Case
) -> None:
    response = client_for("kabid.pe").post(
        f"/permohonan/{at_step_8.pk}/langkah/8/",
        _step_8(at_step_8, **{"field-url": "x y", STEP_8_FILE: _file("dokumentasi")}),
    )

    assert response.status_code == 422
    assert StepDraft.objects.count() == 0


def test_the_scan_removes_drafts_of_steps_done_or_kept_too_long(
    client_for: Callable[[str], Client], demo: SimpleNamespace, at_step_8: Case
) -> None:
    client = client_for("kasi.pa")
    url = f"/permohonan/{at_step_8.pk}/langkah/8/"
    client.post(url, _step_8(at_step_8, **{"field-url": "x y", STEP_8_FILE: _file("satu")}))
    draft = StepDraft.objects.get()

    kept = drafts.drafts_expire(now=draft.kept_at + drafts.KEPT - dt.timedelta(minutes=1))
    expired = drafts.drafts_expire(now=draft.kept_at + drafts.KEPT + dt.timedelta(minutes=1))

    assert (kept, expired) == (0, 1)
    assert not default_storage.exists(draft.path)

    client.post(url, _step_8(at_step_8, **{"field-url": "x y", STEP_8_FILE: _file("dua")}))
    Desk(demo.people, dt.datetime(2026, 3, 4, 8, 0, tzinfo=WIB)).act(
        at_step_8, 8, "kasi.pa", docs=SOP2_DOCS[8], data={"nama_aplikasi": "SIMPUS"}
    )
    assert drafts.drafts_expire(now=StepDraft.objects.get().kept_at) == 1
    assert StepDraft.objects.count() == 0


def test_a_refused_new_request_keeps_its_files_and_files_them_when_sent_again(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for("opd.disdukcapil")
    url = f"/permohonan/baru/{SOP2}/"
    page = client.get(url).content.decode()
    inputs = {name: f"doc-{i}" for i, name in enumerate(SOP2_DOCS[1])}
    assert f'name="{inputs[SOP2_DOCS[1][0]]}"' in page

    refused = client.post(url, {"title": "x" * 301, inputs[SOP2_DOCS[1][0]]: _file("rekomendasi")})

    assert refused.status_code == 422
    assert "sudah diunggah: <strong>rekomendasi.pdf</strong>" in refused.content.decode()
    assert Case.objects.count() == 0

    files = {inputs[name]: _file(f"berkas-{i}") for i, name in enumerate(SOP2_DOCS[1][1:], 1)}
    filed = client.post(url, {"title": "Hosting SIMPUS", **files})

    assert filed.status_code == 302, filed.content.decode()
    case = Case.objects.get()
    kept = Document.objects.get(case=case, name=SOP2_DOCS[1][0])
    assert kept.sha256 == hashlib.sha256(pdf_bytes("rekomendasi")).hexdigest()
    assert StepDraft.objects.count() == 0
