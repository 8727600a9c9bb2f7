"""Personas for the notification pages: the demo people, signed in."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client


@pytest.fixture
def client_for(demo: SimpleNamespace) -> Callable[[str], Client]:
    def make(username: str) -> Client:
        client = Client()
        client.force_login(demo.people[username])
        return client

    return make
