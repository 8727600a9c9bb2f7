"""The worker's delivery pass against a real receiver that checks every signature with
``standardwebhooks``: a receiver down for a while (not listening, then answering 503) gets every
event once it is back, each webhook-id once after de-duplication; the waits between tries grow;
a redirect is a failure, never followed; a host the installation does not allow is refused when
subscribing and again before every delivery.

The clock moves by travelling (``later``), never by waiting: what is checked is the schedule
the deliveries keep, not how long anything took.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from types import SimpleNamespace
from typing import Any

import pytest
from django.db.models import Min
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from alur.webhooks import services
from alur.webhooks.delivery import FIRST_WAIT, LEASE, deliveries_send, signature_headers
from alur.webhooks.delivery import _claim as claim
from alur.webhooks.hosts import host_allowed
from alur.webhooks.models import Attempt, Delivery, EventType
from tests.cases.casekit import SOP2_DOCS, Desk, sop2_opened
from tests.webhooks.conftest import Subscribe
from tests.webhooks.receiver import DOWN, REDIRECT, UP, Receiver, payloads

pytestmark = pytest.mark.django_db

Later = Callable[[dt.timedelta], AbstractContextManager[None]]


def _next_due(stack: ExitStack, later: Later) -> None:
    """Move the clock on to the next try of a waiting delivery (none moves it)."""
    soonest = Delivery.objects.filter(state=Delivery.State.PENDING).aggregate(
        at=Min("next_attempt_at")
    )["at"]
    if soonest is not None and soonest > timezone.now():
        stack.enter_context(later(soonest - timezone.now() + dt.timedelta(seconds=1)))


def test_a_receiver_down_for_a_while_gets_every_event_once_it_is_back(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe, receiver: Receiver, later: Later
) -> None:
    subscribe()
    case = sop2_opened(desk, demo.batam)
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])
    expected = {row.message_id: (row.type, row.event.seq) for row in Delivery.objects.all()}
    assert len(expected) > 5
    outcomes = []

    with ExitStack() as stack:
        # Nobody listens at first; then the receiver answers 503 for a while; then it is up.
        for mode in (None, None, DOWN, DOWN, DOWN, DOWN, UP):
            if mode is not None:
                receiver.mode = mode
                if receiver._server is None:
                    receiver.start()
            outcomes.append(deliveries_send())
            _next_due(stack, later)

    # While it is down, each pass tries it once and leaves the rest for the next pass; the
    # first delivery it takes again brings everything waiting for it along.
    assert [(sent.delivered, sent.retrying, sent.failed) for sent in outcomes] == [
        *[(0, 1, 0)] * 6,
        (len(expected), 0, 0),
    ]
    assert set(Delivery.objects.values_list("state", flat=True)) == {Delivery.State.DELIVERED}
    # Every event reached the receiver, each webhook-id once, every signature good.
    assert receiver.forged == 0
    assert sorted(receiver.ids()) == sorted(expected)
    received = {(item["type"], item["data"]["event"]["seq"]) for item in payloads(receiver)}
    assert received == set(expected.values())
    assert [
        status
        for status, _error in Attempt.objects.order_by("at", "pk").values_list(
            "status_code", "error"
        )
    ][:6] == [None, None, 503, 503, 503, 503]
    assert Attempt.objects.order_by("at", "pk").first().error.startswith("ConnectError")


def test_the_waits_between_tries_grow(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe, receiver: Receiver, later: Later
) -> None:
    subscribe([EventType.CASE_OPENED])
    sop2_opened(desk, demo.batam)
    receiver.mode = DOWN
    receiver.start()
    waits = []

    with ExitStack() as stack:
        for _try in range(5):
            assert deliveries_send().retrying == 1
            delivery = Delivery.objects.get()
            waits.append(delivery.next_attempt_at - delivery.log.first().at)
            _next_due(stack, later)
        receiver.mode = UP
        assert deliveries_send().delivered == 1

    for tries, wait in enumerate(waits, start=1):
        assert FIRST_WAIT * 2 ** (tries - 1) <= wait <= FIRST_WAIT * 2 ** (tries - 1) * 1.25
    assert all(before < after for before, after in itertools.pairwise(waits))
    delivery = Delivery.objects.get()
    assert list(delivery.log.order_by("at").values_list("status_code", flat=True)) == [
        *[503] * 5,
        204,
    ]
    assert (delivery.attempts, delivery.last_status_code, delivery.last_error) == (6, 204, "")


def test_the_same_delivery_tried_again_keeps_its_id_and_body(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe, receiver: Receiver, later: Later
) -> None:
    """At least once: a receiver that took a delivery but whose answer was lost gets it again
    with the same webhook-id, and keeps it once."""
    subscribe([EventType.CASE_OPENED])
    sop2_opened(desk, demo.batam)
    receiver.start()
    deliveries_send()
    delivery = Delivery.objects.get()
    services.delivery_redeliver(delivery=delivery, actor=None)

    deliveries_send()

    assert receiver.ids() == [delivery.message_id] * 2
    first, second = (item["headers"] for item in receiver.accepted)
    assert first["webhook-id"] == second["webhook-id"]
    assert len(payloads(receiver)) == 1


def test_a_redirect_is_a_failure_and_is_not_followed(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe, receiver: Receiver
) -> None:
    subscribe([EventType.CASE_OPENED])
    sop2_opened(desk, demo.batam)
    receiver.mode = REDIRECT
    receiver.start()

    sent = deliveries_send()

    assert (sent.delivered, sent.retrying) == (0, 1)
    assert [path for path, _id in receiver.calls] == ["/hook"]
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.last_status_code) == (Delivery.State.PENDING, 302)
    assert "pengalihan tidak diikuti" in delivery.last_error


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("127.0.0.1", True),
        ("sistem.contoh.go.id", True),
        ("contoh.go.id", True),
        ("contoh.go.id.example.com", False),
        ("xcontoh.go.id", False),
        ("localhost", False),
        ("10.0.0.1", False),
        ("", False),
    ],
)
def test_the_allowed_hosts_are_names_and_leading_dot_domains(host: str, allowed: bool) -> None:
    assert host_allowed(host) is allowed


def test_a_url_on_a_host_not_allowed_is_refused_when_subscribing(
    demo: SimpleNamespace, subscribe: Subscribe
) -> None:
    for url in (
        "https://evil.example.com/hook",
        "http://10.0.0.1/hook",
        "ftp://sistem.contoh.go.id/hook",
        "https://pengguna:sandi@sistem.contoh.go.id/hook",
        "sistem.contoh.go.id/hook",
        "https://sistem.contoh.go.id:port/hook",
    ):
        with pytest.raises(services.FieldInvalid) as refused:
            subscribe(url=url)
        assert refused.value.field == "url", url
    assert subscribe(url="https://sistem.contoh.go.id/hook").is_active


def test_a_url_in_the_allowed_hosts_is_a_mistake_the_settings_refuse() -> None:
    env = {**os.environ, "ALUR_WEBHOOK_ALLOWED_HOSTS": "https://sistem.batam.go.id/webhook"}

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "alur.settings"},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.returncode != 0
    assert "ALUR_WEBHOOK_ALLOWED_HOSTS holds host names" in result.stderr


def test_no_webhook_may_be_subscribed_while_no_host_is_allowed(
    demo: SimpleNamespace, subscribe: Subscribe, settings: Any
) -> None:
    settings.ALUR_WEBHOOK_ALLOWED_HOSTS = []

    with pytest.raises(services.FieldInvalid) as refused:
        subscribe(url="https://sistem.contoh.go.id/hook")

    assert "ALUR_WEBHOOK_ALLOWED_HOSTS" in refused.value.message


def test_a_host_taken_off_the_list_gets_nothing_more(
    demo: SimpleNamespace,
    desk: Desk,
    subscribe: Subscribe,
    receiver: Receiver,
    settings: Any,
) -> None:
    subscribe([EventType.CASE_OPENED])
    sop2_opened(desk, demo.batam)
    receiver.start()
    settings.ALUR_WEBHOOK_ALLOWED_HOSTS = [".contoh.go.id"]

    sent = deliveries_send()

    assert (sent.delivered, sent.retrying) == (0, 1)
    assert receiver.calls == []
    [attempt] = Attempt.objects.all()
    assert attempt.status_code is None
    assert "tidak diizinkan" in attempt.error


def test_after_a_rotation_both_secrets_sign_for_a_day(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe, receiver: Receiver, later: Later
) -> None:
    subscription = subscribe([EventType.CASE_OPENED])
    old = receiver.secret
    sop2_opened(desk, demo.batam)
    new = services.subscription_secret_rotate(subscription=subscription, actor=None)
    delivery = Delivery.objects.select_related("subscription").get()

    def verifies(secret: str) -> bool:
        headers = signature_headers(delivery.subscription, delivery, timezone.now())
        try:
            Webhook(secret).verify(delivery.body, headers)
        except WebhookVerificationError:
            return False
        return True

    assert new != old
    assert (verifies(new), verifies(old)) == (True, True)
    with later(services.ROTATION_GRACE + dt.timedelta(seconds=1)):
        assert (verifies(new), verifies(old)) == (True, False)


def test_a_delivery_held_by_another_worker_waits_for_its_lease_to_run_out(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe, receiver: Receiver, later: Later
) -> None:
    """What a worker killed while sending leaves: a claim (a lease) and nothing else. Another
    pass leaves it alone while the lease holds and sends it once it has run out."""
    subscribe([EventType.CASE_OPENED])
    sop2_opened(desk, demo.batam)
    receiver.start()
    held = claim(timezone.now())
    assert held is not None

    assert deliveries_send().delivered == 0
    with later(LEASE + dt.timedelta(seconds=1)):
        assert deliveries_send().delivered == 1

    assert receiver.ids() == [held.message_id]
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.log.count()) == (
        Delivery.State.DELIVERED,
        2,
        1,
    )
