"""Fixtures for the monitoring tests: uploads under the test's own directory, and the
hand-built half-year of ``halfyear``."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.monitoring.halfyear import half_year_build


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHECKPOINT_SIGNING_KEY_FILE = tmp_path / "checkpoint_signing_key.pem"


@pytest.fixture
def half_year(demo: SimpleNamespace) -> SimpleNamespace:
    return half_year_build(demo)
