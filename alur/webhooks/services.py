"""The one door for an office's webhooks: subscribe, enable and disable, rotate the secret,
delete, send a delivery again; and the giving up that disables a subscription whose URL
accepted nothing for about a day, telling the office's administrators.

Every change made by an administrator is written to the office's settings log
(``record_change``) in its transaction, under the subject ``Webhook <url>``; the secret never
is. The pages call these with the administrator's own office's rows only (``office_admin`` and
the selectors).
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alur.common.errors import Invalid
from alur.common.text import name_problem
from alur.notifications.models import Kind
from alur.notifications.services import notify
from alur.offices.changes import record_change
from alur.offices.models import Office, User
from alur.webhooks.hosts import url_problem
from alur.webhooks.models import Attempt, Delivery, EventType, Subscription

ROTATION_GRACE = dt.timedelta(hours=24)
"""After a rotation the old secret signs beside the new one this long (docs/webhooks.md)."""
URL_MAX = 500
DESCRIPTION_MAX = 200


class FieldInvalid(Invalid):
    """Refused because of one field's value: the page shows the message beside that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def secret_new() -> str:
    """A signing secret in the Standard Webhooks form: ``whsec_`` and 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def _subject(subscription: Subscription) -> str:
    return f"Webhook {subscription.url}"


def _locked(subscription: Subscription) -> Subscription:
    return Subscription.objects.select_for_update().get(pk=subscription.pk)


def subscription_create(
    *,
    office: Office,
    actor: User | None,
    url: str,
    event_types: Iterable[str],
    description: str = "",
    at: dt.datetime | None = None,
) -> tuple[Subscription, str]:
    """A new active subscription of ``office`` and its secret, to be shown this once."""
    at = at or timezone.now()
    url = url.strip()
    description = description.strip()
    chosen = sorted(set(event_types))
    if not url:
        raise FieldInvalid("url", _("URL: wajib diisi."))
    if (problem := name_problem("URL", url, URL_MAX) or url_problem(url)) is not None:
        raise FieldInvalid("url", problem)
    if not chosen:
        raise FieldInvalid("event_types", _("Pilih paling sedikit satu jenis peristiwa."))
    if unknown := set(chosen) - set(EventType.values):
        raise FieldInvalid(
            "event_types",
            _("Jenis peristiwa tidak dikenal: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))},
        )
    if (problem := name_problem(_("Keterangan"), description, DESCRIPTION_MAX)) is not None:
        raise FieldInvalid("description", problem)
    secret = secret_new()
    with transaction.atomic():
        subscription = Subscription.objects.create(
            office=office,
            url=url,
            description=description,
            event_types=chosen,
            secret=secret,
            created_by=actor,
            created_at=at,
        )
        record_change(
            office=office,
            actor=actor,
            subject=_subject(subscription),
            action="dibuat",
            after={"url": url, "event_types": chosen, "description": description},
            at=at,
        )
    return subscription, secret


def subscription_active_set(
    *, subscription: Subscription, actor: User | None, active: bool, at: dt.datetime | None = None
) -> bool:
    """Enable or disable ``subscription``; whether it changed. Enabled again, its deliveries
    still waiting are sent at once, each with its tries counted afresh; while disabled, the
    office's changes write no delivery for it."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _locked(subscription)
        if locked.is_active == active:
            return False
        if active and (problem := url_problem(locked.url)) is not None:
            raise Invalid(problem)
        before = {"is_active": locked.is_active}
        locked.is_active = active
        locked.disabled_at = None if active else at
        locked.disabled_reason = "" if active else _("Dinonaktifkan oleh admin kantor.")
        locked.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
        if active:
            Delivery.objects.filter(subscription=locked, state=Delivery.State.PENDING).update(
                tries=0, next_attempt_at=at
            )
        record_change(
            office=locked.office,
            actor=actor,
            subject=_subject(locked),
            action="diaktifkan" if active else "dinonaktifkan",
            before=before,
            after={"is_active": active},
            at=at,
        )
    subscription.refresh_from_db()
    return True


def subscription_secret_rotate(
    *, subscription: Subscription, actor: User | None, at: dt.datetime | None = None
) -> str:
    """A new secret for ``subscription``, to be shown this once. The old one goes on signing
    beside it for ``ROTATION_GRACE``, so the receiver can change over without losing a
    delivery."""
    at = at or timezone.now()
    secret = secret_new()
    with transaction.atomic():
        locked = _locked(subscription)
        locked.previous_secret = locked.secret
        locked.previous_secret_until = at + ROTATION_GRACE
        locked.secret = secret
        locked.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
        record_change(
            office=locked.office,
            actor=actor,
            subject=_subject(locked),
            action="rahasia diganti",
            after={"previous_secret_until": locked.previous_secret_until},
            at=at,
        )
    subscription.refresh_from_db()
    return secret


def subscription_delete(
    *, subscription: Subscription, actor: User | None, at: dt.datetime | None = None
) -> None:
    """Remove ``subscription`` with its deliveries and their log."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = _locked(subscription)
        record_change(
            office=locked.office,
            actor=actor,
            subject=_subject(locked),
            action="dihapus",
            before={
                "url": locked.url,
                "event_types": locked.event_types,
                "description": locked.description,
            },
            at=at,
        )
        locked.delete()


def delivery_redeliver(
    *, delivery: Delivery, actor: User | None, at: dt.datetime | None = None
) -> None:
    """Send ``delivery`` again at the worker's next pass, with the same ``webhook-id`` and
    body, and the full run of tries should it fail again (delivered or given up before)."""
    at = at or timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.PENDING, tries=0, next_attempt_at=at, delivered_at=None
        )
        record_change(
            office=delivery.subscription.office,
            actor=actor,
            subject=_subject(delivery.subscription),
            action="dikirim ulang",
            after={"webhook-id": delivery.message_id, "type": delivery.type},
            at=at,
        )
    delivery.refresh_from_db()


def delivery_given_up(*, delivery: Delivery, at: dt.datetime) -> bool:
    """``delivery`` failed its last try (the worker, in the transaction that marks it FAILED).
    When its URL accepted nothing since the delivery's first try, about a day, the
    subscription is disabled and the office's administrators are told which URL and why;
    whether it was. A URL that took other deliveries meanwhile stays on: this one delivery
    is left failed, to be sent again from its page."""
    subscription = _locked(delivery.subscription)
    if not subscription.is_active:
        return False
    first = delivery.log.order_by("at").values_list("at", flat=True).first() or at
    accepted = Attempt.objects.filter(
        delivery__subscription=subscription, at__gte=first, status_code__gte=200
    ).filter(status_code__lt=300)
    if accepted.exists():
        return False
    case = delivery.event.case
    office = subscription.office
    reason = _(
        "Tidak ada kiriman yang diterima sejak %(since)s: kiriman %(type)s permohonan "
        "%(number)s gagal %(tries)s kali, terakhir: %(error)s"
    ) % {
        "since": first.astimezone(ZoneInfo(office.zone)).strftime("%d-%m-%Y %H:%M"),
        "type": delivery.type,
        "number": case.number,
        "tries": delivery.tries,
        "error": Delivery.objects.values_list("last_error", flat=True).get(pk=delivery.pk),
    }
    subscription.is_active = False
    subscription.disabled_at = at
    subscription.disabled_reason = reason
    subscription.save(update_fields=["is_active", "disabled_at", "disabled_reason"])
    record_change(
        office=office,
        actor=None,
        subject=_subject(subscription),
        action="dinonaktifkan",
        before={"is_active": True},
        after={"is_active": False, "disabled_reason": reason},
        at=at,
    )
    admins = User.objects.filter(office=office, is_office_admin=True, is_active=True)
    notify(
        recipients=list(admins),
        kind=Kind.WEBHOOK,
        title=_("Webhook ke %(url)s dinonaktifkan") % {"url": subscription.url},
        body=reason,
        url=reverse("webhook_detail", args=[subscription.pk]),
        at=at,
    )
    return True
