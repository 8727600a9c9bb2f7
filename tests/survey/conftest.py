"""Fixtures for the survey: uploads under the test's own directory, the SOP of
``surveykit`` published in Sumbawa, and a desk (``casekit``) acting from two days before the
suite's moment, so the links it makes are still good then."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from alur.catalog.services import sop_version_create
from tests.survey.surveykit import SOP, Desk


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def desk(demo: SimpleNamespace) -> Desk:
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)
    return Desk(demo.people, timezone.now() - dt.timedelta(days=2))
