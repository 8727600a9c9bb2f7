"""Fixtures for the webhook tests: the hosts the installation allows, a real receiver, an
office administrator's subscription, a desk acting as the demo people, and the clock moved on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from alur.webhooks import services
from alur.webhooks.models import EventType, Subscription
from tests.cases.casekit import WIB, Desk
from tests.clock import sitecustomize as clock
from tests.webhooks.receiver import Receiver

ALLOWED = ["127.0.0.1", ".contoh.go.id"]


@pytest.fixture(autouse=True)
def _media_and_hosts(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHECKPOINT_SIGNING_KEY_FILE = tmp_path / "checkpoint_signing_key.pem"
    settings.ALUR_WEBHOOK_ALLOWED_HOSTS = ALLOWED
    settings.ALUR_SITE_URL = "https://alur.contoh.go.id"


@pytest.fixture
def desk(demo: SimpleNamespace) -> Desk:
    return Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB))


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A receiver that is not listening yet: ``receiver.start()`` brings it up."""
    made = Receiver()
    yield made
    made.stop()


Subscribe = Callable[..., Subscription]


@pytest.fixture
def subscribe(demo: SimpleNamespace, receiver: Receiver) -> Subscribe:
    """Subscribe Batam's administrator to ``types`` (every type by default) at the receiver's
    URL; the receiver learns the secret."""

    def make(
        types: list[str] | None = None, *, url: str | None = None, office: Any = None
    ) -> Subscription:
        subscription, secret = services.subscription_create(
            office=office or demo.batam,
            actor=demo.people["admin.batam"],
            url=url or receiver.url,
            event_types=types or list(EventType.values),
        )
        receiver.secret = secret
        return subscription

    return make


@pytest.fixture
def later() -> Callable[[dt.timedelta], AbstractContextManager[None]]:
    """``with later(dt.timedelta(hours=1)):`` the clock stands that much further on (and
    processes started meanwhile follow it)."""

    def move(by: dt.timedelta) -> AbstractContextManager[None]:
        return clock.travelling(timezone.now() + by)

    return move
