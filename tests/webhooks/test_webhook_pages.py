"""The office administrator's webhook pages: a new subscription shows its secret once and never
again; a delivery is sent again from its page; a subscription is disabled and enabled again,
its secret rotated, and deleted; every change in the office's settings log, none with the
secret; the settings home links to the pages."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from alur.offices.models import SettingChange
from alur.webhooks.delivery import deliveries_send
from alur.webhooks.models import Delivery, Subscription
from tests.cases.casekit import Desk, sop2_opened
from tests.webhooks.conftest import Subscribe
from tests.webhooks.receiver import DOWN, UP, Receiver

pytestmark = pytest.mark.django_db

URL = "https://simpeg.contoh.go.id/webhook/alur"


@pytest.fixture
def admin(demo: SimpleNamespace) -> Client:
    client = Client()
    client.force_login(demo.people["admin.batam"])
    return client


def _secret(html: str) -> str:
    [secret] = re.findall(r"whsec_[A-Za-z0-9+/=]+", html)
    return secret


def test_a_new_webhook_shows_its_secret_once(demo: SimpleNamespace, admin: Client) -> None:
    form = admin.get(reverse("webhook_new"))
    assert form.status_code == 200
    assert 'name="event_types" value="step.completed"' in form.content.decode()

    created = admin.post(
        reverse("webhook_new"),
        {"url": URL, "event_types": ["case.opened", "case.ended"], "description": "SIMPEG"},
    )

    assert created.status_code == 200
    assert created.headers["Cache-Control"].startswith("max-age=0")
    subscription = Subscription.objects.get(office=demo.batam)
    secret = _secret(created.content.decode())
    assert secret == subscription.secret
    assert (subscription.url, subscription.event_types, subscription.is_active) == (
        URL,
        ["case.ended", "case.opened"],
        True,
    )
    for page in (reverse("webhook_list"), reverse("webhook_detail", args=[subscription.pk])):
        shown = admin.get(page)
        assert shown.status_code == 200
        assert URL in shown.content.decode()
        assert secret not in shown.content.decode()
    change = SettingChange.objects.get(office=demo.batam, action="dibuat")
    assert change.subject == f"Webhook {URL}"
    assert secret not in str(change.after)


def test_a_url_on_a_host_not_allowed_is_refused_beside_its_field(
    demo: SimpleNamespace, admin: Client
) -> None:
    refused = admin.post(
        reverse("webhook_new"),
        {"url": "https://evil.example.com/hook", "event_types": ["case.opened"]},
    )

    assert refused.status_code == 422
    assert "evil.example.com tidak diizinkan" in refused.content.decode()
    assert not Subscription.objects.exists()


def test_a_delivery_is_sent_again_from_its_page(
    demo: SimpleNamespace,
    desk: Desk,
    admin: Client,
    subscribe: Subscribe,
    receiver: Receiver,
) -> None:
    subscription = subscribe(["case.opened"])
    sop2_opened(desk, demo.batam)
    receiver.mode = DOWN
    receiver.start()
    deliveries_send()
    delivery = Delivery.objects.get()
    detail = admin.get(reverse("webhook_detail", args=[subscription.pk]))
    assert delivery.message_id in detail.content.decode()
    page = admin.get(reverse("webhook_delivery", args=[subscription.pk, delivery.pk]))
    assert page.status_code == 200
    assert "503" in page.content.decode()

    sent = admin.post(reverse("webhook_redeliver", args=[subscription.pk, delivery.pk]))

    assert sent.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.state, delivery.tries) == (Delivery.State.PENDING, 0)
    receiver.mode = UP
    assert deliveries_send().delivered == 1
    assert SettingChange.objects.filter(office=demo.batam, action="dikirim ulang").count() == 1


def test_a_webhook_is_disabled_enabled_rotated_and_deleted(
    demo: SimpleNamespace, desk: Desk, admin: Client, subscribe: Subscribe
) -> None:
    subscription = subscribe(["case.opened"])
    old = subscription.secret

    disabled = admin.post(reverse("webhook_active", args=[subscription.pk]), {"aktif": "0"})
    sop2_opened(desk, demo.batam)

    assert disabled.status_code == 302
    subscription.refresh_from_db()
    assert not subscription.is_active
    assert not Delivery.objects.exists()  # nothing is queued for a disabled webhook

    admin.post(reverse("webhook_active", args=[subscription.pk]), {"aktif": "1"})
    sop2_opened(desk, demo.batam)
    assert Delivery.objects.count() == 1

    rotated = admin.post(reverse("webhook_rotate", args=[subscription.pk]))
    assert rotated.status_code == 200
    subscription.refresh_from_db()
    assert _secret(rotated.content.decode()) == subscription.secret != old
    assert subscription.previous_secret == old

    deleted = admin.post(reverse("webhook_delete", args=[subscription.pk]))
    assert deleted.status_code == 302
    assert not Subscription.objects.exists()
    assert not Delivery.objects.exists()
    actions = list(
        SettingChange.objects.filter(office=demo.batam, subject__startswith="Webhook")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["dibuat", "dinonaktifkan", "diaktifkan", "rahasia diganti", "dihapus"]


def test_the_settings_home_links_to_the_webhooks(demo: SimpleNamespace, admin: Client) -> None:
    home = admin.get(reverse("settings_home")).content.decode()

    assert f'href="{reverse("webhook_list")}"' in home
    assert 'id="bagian-webhook"' in home
