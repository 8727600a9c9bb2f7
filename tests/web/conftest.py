"""Personas for the pages: Sumbawa's Kadis and Kabid TI, Bappeda and Dikbud as requesters,
and Batam's people as the other office."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from alur.cases import services
from alur.cases.models import Case

WITA = ZoneInfo("Asia/Makassar")
SOP5 = "permohonan-pembuatan-aplikasi"
LETTER = "Surat Permohonan Pembuatan Aplikasi"


@pytest.fixture
def client_for(demo: SimpleNamespace) -> Callable[[str], Client]:
    """A test client signed in as one of the demo people."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(demo.people[username])
        return client

    return make


@pytest.fixture
def sop5_case(demo: SimpleNamespace, pdf: Callable[[str], tuple[object, str]]) -> Case:
    """A Bappeda request for SOP 5, opened now: step 2 waits for the Kadis."""
    return services.case_open(
        office=demo.sumbawa,
        sop_code=SOP5,
        requester=demo.people["opd.bappeda"],
        title="Aplikasi e-Perencanaan",
        uploads={LETTER: pdf("surat")},
    )


@pytest.fixture
def late_sop5_case(demo: SimpleNamespace, pdf: Callable[[str], tuple[object, str]]) -> Case:
    """The same request opened on 14 August 2026: step 2 was due on 18 August at 10.00 WITA."""
    return services.case_open(
        office=demo.sumbawa,
        sop_code=SOP5,
        requester=demo.people["opd.bappeda"],
        title="Aplikasi e-Perencanaan",
        uploads={LETTER: pdf("surat")},
        at=dt.datetime(2026, 8, 14, 10, 0, tzinfo=WITA),
    )
