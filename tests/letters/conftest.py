"""Fixtures for the letters: uploads under the test's own directory, the demo people with NIP
and rank, the offices' letterheads, and a desk (``casekit``) that drives cases to the steps
whose letters are tested. Letters are dated Monday 23 November 2026."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "cases"))

from casekit import WIB, WITA, Desk

from alur.letters.models import Letterhead

MONDAY_WIB = dt.datetime(2026, 11, 23, 8, 0, tzinfo=WIB)
MONDAY_WITA = dt.datetime(2026, 11, 23, 8, 0, tzinfo=WITA)


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(demo: SimpleNamespace) -> SimpleNamespace:
    """The demo people, with the NIP and rank a letter prints."""
    official = {
        "kadis.batam": ("197001012000031001", "Pembina Utama Muda (IV/c)"),
        "kadis.sumbawa": ("197105052001121002", "Pembina Utama Muda (IV/c)"),
        "kabid.ti": ("198003032005011003", "Pembina (IV/a)"),
        "opd.bappeda": ("198204042006042004", "Penata Tingkat I (III/d)"),
        "dev.sumbawa": ("199001012015031005", "Penata Muda (III/a)"),
    }
    for username, (nip, rank) in official.items():
        person = demo.people[username]
        person.nip, person.rank = nip, rank
        person.save(update_fields=["nip", "rank"])
    return demo


@pytest.fixture
def letterheads(people: SimpleNamespace) -> SimpleNamespace:
    # The demo made both letterheads; the tests' own values replace them.
    Letterhead.objects.update_or_create(
        office=people.batam,
        defaults={
            "government": "Pemerintah Kota Batam",
            "name": "Dinas Komunikasi dan Informatika",
            "address": "Jl. Engku Putri No. 1, Batam Centre",
            "contact": "Telp. (0778) 462050",
            "number_pattern": "{klasifikasi}/{seq:03d}/{unit}/{month_roman}/{year}",
            "unit_code": "KOMINFO",
            "reply_classification": "500.12.2.3",
            "head_name": "Rudi Sakyakirti",
            "head_position": "Kepala Dinas Komunikasi dan Informatika",
            "head_rank": "Pembina Utama Muda (IV/c)",
            "head_nip": "197001012000031001",
        },
    )
    Letterhead.objects.update_or_create(
        office=people.sumbawa,
        defaults={
            "government": "Pemerintah Kabupaten Sumbawa",
            "name": "Dinas Komunikasi Informatika Statistik dan Persandian",
            "address": "Jl. Garuda No. 1, Sumbawa Besar",
            "number_pattern": "{klasifikasi}/{seq:03d}/{unit}/{year}",
            "unit_code": "DKIST",
            "minutes_classification": "000.5.2",
            "head_name": "Lalu Suharmaji",
            "head_position": "Kepala Dinas Komunikasi Informatika Statistik dan Persandian",
            "head_rank": "Pembina Utama Muda (IV/c)",
            "head_nip": "197105052001121002",
        },
    )
    return people


@pytest.fixture
def batam_desk(letterheads: SimpleNamespace) -> Desk:
    return Desk(letterheads.people, MONDAY_WIB)


@pytest.fixture
def sumbawa_desk(letterheads: SimpleNamespace) -> Desk:
    return Desk(letterheads.people, MONDAY_WITA)
