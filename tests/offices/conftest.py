from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client


@pytest.fixture
def client_for(demo: SimpleNamespace) -> Callable[[str], Client]:
    """A test client signed in as one of the demo people."""

    def make(username: str) -> Client:
        client = Client()
        client.force_login(demo.people[username])
        return client

    return make


@pytest.fixture
def admin(client_for: Callable[[str], Client]) -> Client:
    """Batam's office administrator, signed in."""
    return client_for("admin.batam")
