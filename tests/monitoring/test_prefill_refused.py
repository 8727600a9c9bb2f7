"""The monitoring form's proposal counts and names the requests a decision refused (ditolak)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from alur.cases import services
from alur.catalog.services import definition_of, sop_version_create
from alur.monitoring.prefill import propose
from tests.cases.casekit import WITA, pdf_bytes

pytestmark = pytest.mark.django_db

SOP = Path(__file__).resolve().parents[1] / "cases" / "sops" / "izin-ditolak.yaml"


def test_the_refused_requests_are_counted_at_the_step_that_refused_them(demo) -> None:
    version = sop_version_create(
        office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True
    )
    case = services.case_open(
        office=demo.sumbawa,
        sop_code="izin-aplikasi",
        requester=demo.people["opd.bappeda"],
        title="Izin penggunaan SIMPEG",
        uploads={"Surat Permohonan": (io.BytesIO(pdf_bytes("surat")), "surat.pdf")},
        at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA),
    )
    services.task_act(
        case=case,
        step=2,
        actor=demo.people["kabid.ti"],
        decision="tidak",
        note="Aplikasi tidak terdaftar dalam katalog aplikasi daerah.",
        at=dt.datetime(2026, 3, 2, 10, 0, tzinfo=WITA),
    )

    proposals = propose(
        version,
        definition_of(version),
        start=dt.datetime(2026, 1, 1, tzinfo=WITA),
        end=dt.datetime(2026, 7, 1, tzinfo=WITA),
        now=dt.datetime(2026, 7, 1, tzinfo=WITA),
    )

    [decision] = [p for p in proposals if p.step == 2]
    assert decision.note.endswith(
        f"Keputusan: 0 ya, 1 tidak. 1 permohonan ditolak ({case.number})."
    )
