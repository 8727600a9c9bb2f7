"""A URL that accepts nothing for about a day: its delivery is given up after its last try,
the subscription is disabled, and the office's administrators are told which URL and why, in
the app and by e-mail, and the settings log says so. A URL that took other deliveries meanwhile
stays on, with the one delivery left failed to be sent again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from types import SimpleNamespace

import pytest
from django.urls import reverse

from alur.notifications.models import Kind, Mail, Notification
from alur.offices.models import SettingChange
from alur.webhooks import services
from alur.webhooks.delivery import MAX_TRIES, deliveries_send
from alur.webhooks.models import Delivery, EventType, Subscription
from tests.cases.casekit import Desk, sop2_opened
from tests.webhooks.conftest import Subscribe
from tests.webhooks.receiver import DOWN, Receiver

pytestmark = pytest.mark.django_db

Later = Callable[[dt.timedelta], AbstractContextManager[None]]


def _until_settled(later: Later) -> int:
    """Passes, the clock moved on to each waiting delivery's next try, until none waits."""
    passes = 0
    with ExitStack() as stack:
        while Delivery.objects.filter(state=Delivery.State.PENDING).exists():
            assert passes <= MAX_TRIES, "a delivery is tried more than MAX_TRIES times"
            deliveries_send()
            passes += 1
            waiting = Delivery.objects.filter(state=Delivery.State.PENDING).first()
            if waiting is not None:
                stack.enter_context(later(waiting.next_attempt_at - waiting.log.first().at))
    return passes


def test_a_url_that_accepts_nothing_for_a_day_is_disabled_and_the_admins_are_told(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe, receiver: Receiver, later: Later
) -> None:
    subscription = subscribe([EventType.CASE_OPENED])
    case = sop2_opened(desk, demo.batam)
    receiver.mode = DOWN
    receiver.start()

    assert _until_settled(later) == MAX_TRIES

    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == (Delivery.State.FAILED, MAX_TRIES)
    log = list(delivery.log.order_by("at").values_list("at", flat=True))
    assert dt.timedelta(hours=12) < log[-1] - log[0] < dt.timedelta(hours=24)
    subscription.refresh_from_db()
    assert not subscription.is_active
    assert case.number in subscription.disabled_reason
    assert "Jawaban 503" in subscription.disabled_reason
    # Batam's administrator (its only one) is told, in the app and by e-mail; no one else.
    [notice] = Notification.objects.filter(kind=Kind.WEBHOOK)
    admin = demo.people["admin.batam"]
    assert notice.recipient == admin
    assert receiver.url in notice.title
    assert notice.body == subscription.disabled_reason
    assert notice.url == reverse("webhook_detail", args=[subscription.pk])
    assert Mail.objects.filter(to=admin.email, subject__contains=receiver.url).count() == 1
    change = SettingChange.objects.get(office=demo.batam, action="dinonaktifkan")
    assert (change.actor, change.subject) == (None, f"Webhook {receiver.url}")
    # A disabled subscription gets no new delivery, and nothing more is sent.
    sop2_opened(desk, demo.batam)
    assert Delivery.objects.count() == 1
    assert deliveries_send().delivered == 0


def test_a_url_that_takes_other_deliveries_stays_on(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe, receiver: Receiver, later: Later
) -> None:
    subscription = subscribe([EventType.CASE_OPENED])
    sop2_opened(desk, demo.batam)
    refused = Delivery.objects.get()
    receiver.refuse.add(refused.message_id)
    receiver.start()
    deliveries_send()
    sop2_opened(desk, demo.batam)  # a second request, whose delivery the URL takes

    _until_settled(later)

    states = dict(Delivery.objects.values_list("message_id", "state"))
    assert states.pop(refused.message_id) == Delivery.State.FAILED
    assert set(states.values()) == {Delivery.State.DELIVERED}
    assert Subscription.objects.get(pk=subscription.pk).is_active
    assert not Notification.objects.filter(kind=Kind.WEBHOOK).exists()
    # Sent again by hand, once the receiver takes it, it is delivered.
    receiver.refuse.clear()
    services.delivery_redeliver(delivery=refused, actor=demo.people["admin.batam"])
    assert deliveries_send().delivered == 1
    assert Delivery.objects.get(pk=refused.pk).state == Delivery.State.DELIVERED
