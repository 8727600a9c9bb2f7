"""Sending the deliveries: what ``alur worker`` does every few seconds, safe in several workers
at once and in a worker that is killed.

    claim   one PENDING delivery whose time has come and whose lease is free: on PostgreSQL
            SELECT … FOR UPDATE SKIP LOCKED (workers never wait on, nor take, each other's
            row), on SQLite the transaction's write lock; then locked_until = now + LEASE
    send    POST the stored body, signed (Standard Webhooks), redirects not followed
    settle  the attempt logged; 2xx ─▶ DELIVERED, and the URL's other waiting deliveries are
                                        due at once: a receiver back up gets its backlog now
                                 else ─▶ tried again after a wait that doubles (plus jitter)
                                         ─▶ FAILED after MAX_TRIES (about a day); the URL's
                                         other deliveries wait for the next pass, so a receiver
                                         that is down costs one try per pass, not one per
                                         delivery

A worker claims a delivery by its lease alone and changes its state only when the attempt has
an outcome. A worker killed while sending leaves the row PENDING; when the lease runs out,
another pass sends it again with the same ``webhook-id``. So delivery is at least once, and a
receiver de-duplicates on that id.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import secrets
import time
from dataclasses import dataclass

import httpx
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks import Webhook

from alur.webhooks.hosts import url_problem
from alur.webhooks.models import Delivery, Subscription
from alur.webhooks.services import delivery_given_up

logger = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
"""A receiver answers quickly and does its work afterwards; one that does not is tried later."""
LEASE = dt.timedelta(seconds=60)
"""How long a claim holds: longer than any attempt can take (the timeout), so a live worker
never loses its delivery to another; a killed worker's delivery waits this long at most."""
FIRST_WAIT = dt.timedelta(seconds=30)
MAX_TRIES = 12
"""Waits of 30 s, 1, 2, 4 … 512 min between the tries: the 12th is some 17 to 21 hours after
the first, and then the delivery is given up."""
BATCH = 100
"""Deliveries one pass sends at most; the next pass takes the rest."""
USER_AGENT = "Alur-Webhooks/1"

_jitter = secrets.SystemRandom()


@dataclass(frozen=True)
class Pass:
    """What one pass did."""

    delivered: int = 0
    retrying: int = 0
    failed: int = 0


def retry_wait(tries: int) -> dt.timedelta:
    """The wait after the ``tries``-th failed try: ``FIRST_WAIT`` doubled each time, plus up to
    a quarter more at random, so receivers coming back are not all called at one moment.
    Each wait stays longer than the one before, jitter or not."""
    factor: float = 2 ** (tries - 1) * (1 + _jitter.random() / 4)
    return FIRST_WAIT * factor


def signature_headers(
    subscription: Subscription, delivery: Delivery, at: dt.datetime
) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt at ``at``. For a day after the secret was
    rotated, the old one signs too (two signatures, space-separated), so a receiver can move
    to the new secret without losing a delivery."""
    keys = [subscription.secret]
    until = subscription.previous_secret_until
    if subscription.previous_secret and until is not None and at < until:
        keys.append(subscription.previous_secret)
    signatures = " ".join(
        Webhook(key).sign(msg_id=delivery.message_id, timestamp=at, data=delivery.body)
        for key in keys
    )
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(math.floor(at.timestamp())),
        "webhook-signature": signatures,
    }


def deliveries_send(*, limit: int = BATCH) -> Pass:
    """Send the deliveries whose time has come, one claim at a time, until none is left or
    ``limit`` were tried. A subscription whose try failed is left alone for the rest of the
    pass: a receiver that is down (or never answers) holds the pass up once, not once per
    delivery waiting for it."""
    delivered = retrying = failed = 0
    resting: set[int] = set()
    with httpx.Client(timeout=TIMEOUT, follow_redirects=False) as client:
        for _number in range(limit):
            delivery = _claim(timezone.now(), resting)
            if delivery is None:
                break
            outcome = _attempt(client, delivery)
            if outcome != Delivery.State.DELIVERED:
                resting.add(delivery.subscription_id)
            delivered += outcome == Delivery.State.DELIVERED
            failed += outcome == Delivery.State.FAILED
            retrying += outcome == Delivery.State.PENDING
    return Pass(delivered=delivered, retrying=retrying, failed=failed)


def _claim(now: dt.datetime, resting: set[int] | None = None) -> Delivery | None:
    """Take the next due delivery of an active subscription not ``resting`` for ``LEASE``, or
    None."""
    with transaction.atomic():
        due = (
            Delivery.objects.filter(
                state=Delivery.State.PENDING,
                next_attempt_at__lte=now,
                subscription__is_active=True,
            )
            .exclude(subscription_id__in=resting or ())
            .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
            .select_related("subscription")
            .order_by("next_attempt_at", "pk")
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        delivery = due.first()
        if delivery is None:
            return None
        lease = now + LEASE
        Delivery.objects.filter(pk=delivery.pk).update(
            locked_until=lease, attempts=F("attempts") + 1, tries=F("tries") + 1
        )
    delivery.locked_until = lease
    delivery.attempts += 1
    delivery.tries += 1
    return delivery


def _attempt(client: httpx.Client, delivery: Delivery) -> str:
    """Send ``delivery`` once and settle it; its state after."""
    subscription = delivery.subscription
    at = timezone.now()
    started = time.perf_counter()
    status: int | None = None
    problem = url_problem(subscription.url)  # the allowed hosts may have changed since
    if problem is None:
        try:
            with client.stream(
                "POST",
                subscription.url,
                content=delivery.body.encode("utf-8"),
                headers=signature_headers(subscription, delivery, at),
            ) as response:
                status = response.status_code  # the answer's body is never read
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            problem = f"{type(error).__name__}: {error}".rstrip(": ")
        else:
            if 300 <= status < 400:
                problem = _("Jawaban %(status)s: pengalihan tidak diikuti.") % {"status": status}
            elif not 200 <= status < 300:
                problem = _("Jawaban %(status)s.") % {"status": status}
    duration = round((time.perf_counter() - started) * 1000)
    return _settle(delivery, at=at, status=status, problem=problem, duration=duration)


def _settle(
    delivery: Delivery, *, at: dt.datetime, status: int | None, problem: str | None, duration: int
) -> str:
    """Log the attempt and move the delivery on, if this worker's lease still holds it."""
    with transaction.atomic():
        delivery.log.create(
            at=at, status_code=status, error=(problem or "")[:2000], duration_ms=duration
        )
        mine = Delivery.objects.filter(
            pk=delivery.pk, state=Delivery.State.PENDING, locked_until=delivery.locked_until
        )
        if problem is None:
            mine.update(
                state=Delivery.State.DELIVERED,
                delivered_at=at,
                locked_until=None,
                last_status_code=status,
                last_error="",
            )
            # The receiver answers again: what waits for it need not wait out its backoff.
            Delivery.objects.filter(
                subscription_id=delivery.subscription_id,
                state=Delivery.State.PENDING,
                next_attempt_at__gt=at,
            ).update(next_attempt_at=at)
            return Delivery.State.DELIVERED
        fields = {"locked_until": None, "last_status_code": status, "last_error": problem[:2000]}
        if delivery.tries >= MAX_TRIES:
            if mine.update(state=Delivery.State.FAILED, **fields):
                delivery_given_up(delivery=delivery, at=at)
            logger.warning("Webhook %s: kiriman %s gagal", delivery.subscription.url, delivery.pk)
            return Delivery.State.FAILED
        mine.update(next_attempt_at=at + retry_wait(delivery.tries), **fields)
    return Delivery.State.PENDING
