"""The office administrator's SOP pages: Sumbawa's administrator and SOP 5 (the seed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client

from alur.catalog.models import Sop

SOP5_TEXT = (
    Path(__file__).resolve().parents[2] / "sops" / "05-permohonan-pembuatan-aplikasi.yaml"
).read_text(encoding="utf-8")


@pytest.fixture
def client_for(demo: SimpleNamespace) -> Callable[[str], Client]:
    """A test client signed in as one of the demo people."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(demo.people[username])
        return client

    return make


@pytest.fixture
def sop5(demo: SimpleNamespace) -> Sop:
    return Sop.objects.get(office=demo.sumbawa, code="permohonan-pembuatan-aplikasi")
