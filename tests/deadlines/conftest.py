"""Fixtures for the deadline tests (helpers in ``deadlinekit``): uploads under a directory of
the test's own, and a hosting request brought to step 3 at a moment the test chooses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from deadlinekit import HOSTING_REQUEST, StepThree, uploads

from alur.cases import services
from alur.cases.models import Case, Task


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHECKPOINT_SIGNING_KEY_FILE = tmp_path / "checkpoint_signing_key.pem"


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
