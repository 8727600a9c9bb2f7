"""One world for the whole authorisation matrix, built once per module and rolled back after it.

Building the demo installation costs about a second; the matrix has some two hundred cells.
The world is built once inside a module-wide transaction; each test still runs in its own
savepoint (the ``db`` fixture), so a test that changes the case leaves the next one the same
world, and nothing is left behind for other modules.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction
from django.test import override_settings

from alur.cases.models import Case
from tests.authz.world import world_build


@pytest.fixture(scope="module")
def world(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SimpleNamespace]:
    media = tmp_path_factory.mktemp("media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        yield world_build()
        transaction.set_rollback(True)


@pytest.fixture
def case(world: SimpleNamespace, db: None) -> Case:
    """The world's request as the database has it now: the world keeps only its pk and number,
    so a service that refreshes the case it is given cannot leave a later test a stale copy."""
    return Case.objects.get(pk=world.case_pk)
