"""Fixtures for the deadline tests: a hosting request (SOP 2, Diskominfo Batam, WIB) brought to
step 3, the Kepala Bidang PE's check (1 hari), at a moment the test chooses.

Step 3's lane is the Kabid PE (kabid.pe); the head of that role is the Kadis (kadis.batam).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from alur.cases import services
from alur.cases.models import Case, Task

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")

HOSTING_REQUEST = (
    "Rekomendasi penyediaan layanan hosting aplikasi yang dikeluarkan oleh Tim Teknis "
    "Diskominfo Batam",
    "Surat penunjukan pegawai OPD sebagai pengelola/administrator aplikasi",
    "Petunjuk Instalasi Aplikasi",
    "Surat Permohonan",
)


def pdf_bytes(label: str) -> bytes:
    return b"%PDF-1.4\n% " + label.encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def uploads(names: tuple[str, ...]) -> dict[str, tuple[io.BytesIO, str]]:
    return {name: (io.BytesIO(pdf_bytes(name)), f"berkas-{i}.pdf") for i, name in enumerate(names)}


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


StepThree = Callable[[dt.datetime], tuple[Case, Task]]


@pytest.fixture
def hosting_at_step_3(demo: SimpleNamespace) -> StepThree:
    """A hosting request whose step 3 opens at ``at`` (sent and dispositioned an hour before)."""

    def make(at: dt.datetime) -> tuple[Case, Task]:
        case = services.case_open(
            office=demo.batam,
            sop_code="layanan-hosting-aplikasi",
            requester=demo.people["opd.disdukcapil"],
            title="Hosting aplikasi antrean",
            uploads=uploads(HOSTING_REQUEST),
            at=at - dt.timedelta(hours=1),
        )
        services.task_act(
            case=case,
            step=2,
            actor=demo.people["kadis.batam"],
            uploads=uploads(("Surat Disposisi",)),
            at=at,
        )
        return case, Task.objects.get(case=case, step=3)

    return make
