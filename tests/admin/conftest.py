"""The admin as a superuser sees it, over the demo installation; documents under tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from alur.cases import services
from alur.cases.models import Case

SOP5 = "permohonan-pembuatan-aplikasi"
SOP5_FILE = Path(__file__).resolve().parents[2] / "sops" / "05-permohonan-pembuatan-aplikasi.yaml"
LETTER = "Surat Permohonan Pembuatan Aplikasi"


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sop5_text() -> str:
    return SOP5_FILE.read_text(encoding="utf-8")


@pytest.fixture
def open_sop5(
    demo: SimpleNamespace, pdf: Callable[[str], tuple[object, str]]
) -> Callable[[], Case]:
    """Open a Bappeda request for SOP 5 on whatever version is published."""

    def make() -> Case:
        return services.case_open(
            office=demo.sumbawa,
            sop_code=SOP5,
            requester=demo.people["opd.bappeda"],
            title="Aplikasi e-Perencanaan",
            uploads={LETTER: pdf("surat")},
        )

    return make
