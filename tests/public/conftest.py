"""The public pages' tests: Sumbawa's example service that takes the public
(``sops/contoh/rekomendasi-menara-publik.yaml``), published; files stored under the test's own
folder; and, for the tests that ask it, the clock held at a Monday morning in WITA."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine

from alur.catalog.models import SopVersion
from alur.catalog.services import sop_version_create

SOP = Path(__file__).resolve().parents[2] / "sops" / "contoh" / "rekomendasi-menara-publik.yaml"
WITA = dt.timezone(dt.timedelta(hours=8))
AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
PAGE = "/layanan/dkisp-sumbawa/rekomendasi-publik/"


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def at_filing_day() -> Iterator[None]:
    """The clock held at ``AT``."""
    with time_machine.travel(AT, tick=False):
        yield


@pytest.fixture
def version(demo: SimpleNamespace) -> SopVersion:
    """The example public service of the Sumbawa office, in force."""
    return sop_version_create(
        office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True
    )
