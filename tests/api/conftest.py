"""The authorisation world (tests/authz) for the API: the same personas, case and answers."""

from __future__ import annotations

from types import SimpleNamespace

from django.test import Client

from alur.offices.models import ApiToken
from alur.offices.tokens import token_create
from tests.authz.conftest import case, world
from tests.authz.world import ANONYMOUS

__all__ = ["api_client", "case", "world"]


def api_client(
    world: SimpleNamespace, persona: str, scope: str = ApiToken.Scope.ACT, **headers: str
) -> Client:
    """A client sending a fresh token of ``persona`` (none for the anonymous)."""
    if persona == ANONYMOUS:
        return Client(headers=headers)
    _token, plain = token_create(owner=world.people[persona], name="tes", scope=scope, actor=None)
    return Client(headers={"Authorization": f"Bearer {plain}", **headers})
