"""Every upload field says before the upload which types and what size it takes, from the
settings the upload checks read, and its file picker offers those types only: a step, a new
request, a public request, a letter's SRIKANDI reference."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from alur.catalog.services import sop_version_create
from tests.cases.casekit import SOP2, WITA, Desk, sop5_opened

LIMITS = "Jenis berkas: PDF, PNG; paling besar 5,0 MB per berkas."
ACCEPT = "application/pdf,.pdf,image/png,.png"
PUBLIC_SOP = (
    Path(__file__).resolve().parents[2] / "sops" / "contoh" / "rekomendasi-menara-publik.yaml"
)


@pytest.fixture(autouse=True)
def _limits(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ALUR_UPLOAD_TYPES = ["application/pdf", "image/png"]
    settings.ALUR_UPLOAD_MAX_BYTES = 5 * 1024 * 1024


def _file_inputs(html: str) -> list[str]:
    return re.findall(r'<input type="file"[^>]*>', html)


def _said_before_each_upload(html: str) -> None:
    """Each file input of a step or request filters by the allowed types and is described by
    the limits' line (a letter's inputs are the letter's: PDF only, below)."""
    inputs = [tag for tag in _file_inputs(html) if re.search(r'name="(doc|field|form)-', tag)]
    assert inputs
    for tag in inputs:
        assert f'accept="{ACCEPT}"' in tag
        [described] = re.findall(r'aria-describedby="([^"]+)"', tag)
        assert f'<p class="help" id="{described}">{LIMITS}</p>' in html


def test_a_steps_uploads_say_their_types_and_size(
    client_for: Callable[[str], Client], demo: SimpleNamespace
) -> None:
    case = sop5_opened(Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA)), demo.sumbawa)

    html = client_for("kadis.sumbawa").get(f"/permohonan/{case.pk}/").content.decode()

    _said_before_each_upload(html)


def test_a_new_requests_uploads_say_their_types_and_size(
    client_for: Callable[[str], Client],
) -> None:
    html = client_for("opd.disdukcapil").get(f"/permohonan/baru/{SOP2}/").content.decode()

    _said_before_each_upload(html)


def test_a_public_requests_uploads_say_their_types_and_size(demo: SimpleNamespace) -> None:
    sop_version_create(
        office=demo.sumbawa, text=PUBLIC_SOP.read_text(encoding="utf-8"), publish=True
    )

    html = Client().get("/layanan/dkisp-sumbawa/rekomendasi-publik/").content.decode()

    _said_before_each_upload(html)


def test_the_srikandi_reference_takes_a_pdf_and_says_so(
    client_for: Callable[[str], Client], demo: SimpleNamespace
) -> None:
    case = sop5_opened(Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA)), demo.sumbawa)

    html = client_for("kadis.sumbawa").get(reverse("case_detail", args=[case.pk])).content.decode()

    [tag] = [tag for tag in _file_inputs(html) if 'name="srikandi2-berkas"' in tag]
    assert 'accept="application/pdf,.pdf"' in tag
    [described] = re.findall(r'aria-describedby="([^"]+)"', tag)
    assert (
        f'<p class="help" id="{described}">Jenis berkas: PDF; paling besar 5,0 MB per berkas.</p>'
        in html
    )
