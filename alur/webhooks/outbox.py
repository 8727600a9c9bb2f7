"""The outbox: a change of a case writes its webhook deliveries in its own transaction.

``deliveries_queue`` follows the record's events (``alur.cases.recording.subscribe``, from
``apps.py``) and runs inside the transaction of the change, after the event is written. So a
committed change always has its deliveries and a refused or rolled-back one has none; the
worker sends them afterwards (``alur.webhooks.delivery``), however long the receiver is down.

An office with no active subscription costs a completion one small query (its subscriptions,
read once per request however many events the completion writes: ``alur.common.reuse``).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.crypto import get_random_string

from alur.cases.recording import Recorded
from alur.common.reuse import remembered
from alur.webhooks.models import Delivery, Subscription
from alur.webhooks.payloads import body, payload, types_of

Chosen = list[tuple[int, frozenset[str]]]


def message_id_new() -> str:
    """A delivery's ``webhook-id``: random, so it tells a receiver nothing but itself."""
    return f"msg_{get_random_string(27)}"


def _subscriptions(office_id: int) -> Chosen:
    """The office's active subscriptions with the types each chose."""

    def read() -> Chosen:
        rows = Subscription.objects.filter(office_id=office_id, is_active=True)
        return [(pk, frozenset(types)) for pk, types in rows.values_list("pk", "event_types")]

    return remembered(("webhooks.subscriptions", office_id), read)


def deliveries_queue(recorded: Recorded) -> None:
    """One delivery per active subscription of the case's office that chose the event's type."""
    case, event = recorded.case, recorded.event
    subscriptions = _subscriptions(case.office_id)
    if not subscriptions:
        return
    now = timezone.now()
    bodies: dict[str, str] = {}
    rows = []
    for type_ in types_of(case, event):
        for pk, chosen in subscriptions:
            if type_ not in chosen:
                continue
            if type_ not in bodies:
                bodies[type_] = body(payload(type_, case, event))
            rows.append(
                Delivery(
                    subscription_id=pk,
                    event=event,
                    message_id=message_id_new(),
                    type=type_,
                    body=bodies[type_],
                    next_attempt_at=now,
                    created_at=now,
                )
            )
    Delivery.objects.bulk_create(rows)
