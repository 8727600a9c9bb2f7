"""Fixtures for the service tests (helpers in ``casekit``): uploads under a directory of the
test's own, and a desk acting as the demo people from Monday 2 March 2026, 08.00 WIB."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from casekit import WIB, Desk


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHECKPOINT_SIGNING_KEY_FILE = tmp_path / "checkpoint_signing_key.pem"


@pytest.fixture
def desk(demo: SimpleNamespace) -> Desk:
    return Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB))
