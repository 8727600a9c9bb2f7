"""Personas for the settings pages: Batam's office administrator (Alice), Batam's Kadis, a
developer and an OPD requester (Bob's kind: signed in, but not the office's administrator),
and Sumbawa's administrator (Charlie: an administrator of another office)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def client_for(demo: SimpleNamespace) -> Callable[[str], Client]:
    def make(username: str) -> Client:
        client = Client()
        client.force_login(demo.people[username])
        return client

    return make


@pytest.fixture
def admin_batam(client_for: Callable[[str], Client]) -> Client:
    return client_for("admin.batam")
