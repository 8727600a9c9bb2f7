"""The suite's clock, and shared fixtures: the demo installation and its people, as personas.

The whole session, and each test from its start, runs at one moment (``tests/clock``):
``ALUR_TEST_NOW`` (ISO 8601 with its offset) when set, else ``clock.DEFAULT``; pytest's
header names it, to run a failure again at the same moment. The processes the tests start run
at the same moment too. A test whose fixed history must be over first (a step due on 18 August
2026 is late) is marked ``not_before(ISO moment)`` and runs then when the moment is earlier.

Batam (WIB): kadis.batam, kabid.pe, kasi.pa, kasi.infratek, tatakelola.batam, subkoor.pa,
sandiman.batam, dev.batam, analis.batam; requesters opd.disdukcapil, opd.dinkes.
Sumbawa (WITA): kadis.sumbawa, kabid.ti, kasi.aplikasi, dev.sumbawa; requesters opd.bappeda,
opd.dikbud.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from types import SimpleNamespace
from typing import Any

import pytest

from tests.clock import sitecustomize as clock

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SESSION_CLOCK = pytest.StashKey[ExitStack]()


def pytest_configure(config: pytest.Config) -> None:
    """The session travels to the moment, and the processes it starts will follow it."""
    try:
        moment = clock.moment()
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None
    config.addinivalue_line(
        "markers", "not_before(moment): run at this ISO moment when the suite's is earlier"
    )
    config.addinivalue_line(
        "markers",
        "once: a process, server or API-document test that make test runs at its first moment"
        " only (tests/run_at_moments.py)",
    )
    config.stash[SESSION_CLOCK] = stack = ExitStack()
    environment = pytest.MonkeyPatch()
    stack.callback(environment.undo)
    environment.setenv("PYTHONPATH", str(clock.FOLDER), prepend=os.pathsep)
    stack.enter_context(clock.travelling(moment))
    # The suite's heads and administrators sign in with their password alone, here and in the
    # servers it starts; the tests of two-factor sign-in turn the requirement on
    # (tests/offices/test_two_factor.py).
    environment.setenv("ALUR_TWO_FACTOR_REQUIRED", "0")
    from django.conf import settings

    settings.ALUR_TWO_FACTOR_REQUIRED = False


def pytest_unconfigure(config: pytest.Config) -> None:
    if SESSION_CLOCK in config.stash:
        config.stash[SESSION_CLOCK].close()


def pytest_report_header() -> str:
    return f"clock: {clock.moment_described(clock.moment())}"


@pytest.fixture
def migrated_again() -> Iterator[None]:
    """For a test that migrates back and forth: the database is whole again after it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture(scope="module", autouse=True)
def _module_at_the_moment() -> Iterator[None]:
    """What a module builds once for its tests (the world of ``tests/authz``) is built at the
    moment too, not minutes after it."""
    with clock.travelling(clock.moment()):
        yield


@pytest.fixture(autouse=True)
def _at_the_moment(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts at the moment itself, however long the tests before it took; a test
    marked ``not_before`` at that moment when the suite's is earlier."""
    moment = clock.moment()
    if marker := request.node.get_closest_marker("not_before"):
        moment = max(moment, clock.moment_read(*marker.args))
    with clock.travelling(moment):
        yield


@pytest.fixture(autouse=True)
def _in_indonesian() -> Iterator[None]:
    """Each test starts and ends in the office's language. A page asked for in English leaves
    English active in the thread (the language middleware activates the chosen language for
    each request and nothing deactivates it), and the next test must not read its messages in
    English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is what offices get; tests need no strong hash, only a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db: None) -> SimpleNamespace:
    """The demo offices, SOPs and people; ``demo.people['kabid.ti']`` and ``demo.batam``."""
    from alur.demo import demo_load
    from alur.offices.models import Office, User

    demo_load()
    people = {u.username: u for u in User.objects.select_related("office", "unit")}
    return SimpleNamespace(
        batam=Office.objects.get(code="diskominfo-batam"),
        sumbawa=Office.objects.get(code="dkisp-sumbawa"),
        people=people,
    )


@pytest.fixture
def pdf() -> Callable[[str], tuple[io.BytesIO, str]]:
    """A small real PDF to upload: ``pdf("surat")`` -> (file, "surat.pdf")."""

    def make(name: str) -> tuple[io.BytesIO, str]:
        return io.BytesIO(PDF), f"{name}.pdf"

    return make
