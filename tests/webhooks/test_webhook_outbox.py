"""The outbox: a change of a case writes, in its own transaction, one delivery per active
subscription of the case's office that chose the event's type, and a refused change writes
none. The payload names the case and what happened, never who."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction

from alur.cases import services as case_services
from alur.cases.models import Case, Event
from alur.cases.requesting import case_withdraw
from alur.webhooks.models import Delivery, EventType
from tests.cases.casekit import SOP2_DOCS, Desk, sop2_opened
from tests.webhooks.conftest import Subscribe

pytestmark = pytest.mark.django_db


def _delivered(subscription: Any) -> list[tuple[str, str, int | None]]:
    """(type, event kind, step) of the subscription's deliveries, oldest first."""
    rows = Delivery.objects.filter(subscription=subscription).order_by("pk")
    return [(row.type, row.event.kind, row.event.step) for row in rows.select_related("event")]


def test_completing_a_step_writes_the_deliveries_of_matching_subscriptions_only(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe
) -> None:
    completions = subscribe([EventType.STEP_COMPLETED])
    everything = subscribe()
    paused = subscribe([EventType.STEP_COMPLETED])
    paused.is_active = False
    paused.save()
    elsewhere = subscribe([EventType.STEP_COMPLETED], office=demo.sumbawa)
    case = sop2_opened(desk, demo.batam)
    opened = Delivery.objects.filter(subscription=everything).count()

    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])

    # The opening sends the request with its documents and completes the requester's step 1.
    assert _delivered(completions) == [
        ("step.completed", "step.completed", 1),
        ("step.completed", "step.completed", 2),
    ]
    assert _delivered(everything)[opened:] == [
        ("document.added", "document.added", 2),
        ("step.completed", "step.completed", 2),
        ("step.opened", "step.opened", 3),
    ]
    assert _delivered(everything)[:opened] == [
        ("case.opened", "case.opened", None),
        ("step.opened", "step.opened", 1),
        *[("document.added", "document.added", 1)] * 4,
        ("step.completed", "step.completed", 1),
        ("step.opened", "step.opened", 2),
    ]
    assert _delivered(paused) == []
    assert _delivered(elsewhere) == []
    # Each delivery has its own stable id; all are waiting for the worker.
    rows = Delivery.objects.all()
    assert len({row.message_id for row in rows}) == rows.count()
    assert {row.state for row in rows} == {Delivery.State.PENDING}


def test_a_refused_completion_writes_no_delivery(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe
) -> None:
    subscribe()
    case = sop2_opened(desk, demo.batam)
    before = Delivery.objects.count()

    with pytest.raises(case_services.NotAllowed):
        desk.act(case, 2, "kabid.pe", docs=SOP2_DOCS[2])  # not the Kadis
    with pytest.raises(case_services.Invalid):
        desk.act(case, 2, "kadis.batam")  # without its document

    assert Delivery.objects.count() == before


def test_a_change_rolled_back_after_its_events_leaves_no_delivery(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe
) -> None:
    """The deliveries are written in the transaction of the change: when something after the
    events fails and the transaction rolls back, they go with the events."""
    subscribe()
    case = sop2_opened(desk, demo.batam)
    events, deliveries = Event.objects.count(), Delivery.objects.count()

    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])
        assert Delivery.objects.count() > deliveries  # written with the events, inside
        raise Refused

    assert (Event.objects.count(), Delivery.objects.count()) == (events, deliveries)


def test_returns_and_endings_are_their_own_types(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe
) -> None:
    subscription = subscribe([EventType.CASE_RETURNED, EventType.CASE_ENDED])
    case = sop2_opened(desk, demo.batam)
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])

    desk.act(case, 3, "kabid.pe", decision="tidak", note="Rekomendasi belum dilampirkan.")

    assert _delivered(subscription) == [
        ("case.ended", "case.ended", 3),
        ("case.returned", "case.ended", 3),
    ]
    returned = json.loads(Delivery.objects.get(type="case.returned").body)
    assert returned["data"]["to"] == "requester"
    assert returned["data"]["case"]["status"] == Case.Status.RETURNED


def test_the_payload_has_a_stable_shape_and_no_personal_data(
    demo: SimpleNamespace, desk: Desk, subscribe: Subscribe
) -> None:
    subscribe([EventType.STEP_COMPLETED])
    case = sop2_opened(desk, demo.batam)
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2], note="Segera, Pak Budi.")
    event = Event.objects.get(case=case, kind="step.completed", step=2)

    payload = json.loads(Delivery.objects.get(event=event).body)

    assert payload == {
        "type": "step.completed",
        "timestamp": event.at.astimezone(dt.UTC).isoformat(),
        "data": {
            "case": {
                "id": case.pk,
                "number": case.number,
                "sop": "layanan-hosting-aplikasi",
                "status": "berjalan",
                "url": f"https://alur.contoh.go.id/api/v1/cases/{case.pk}",
            },
            "office": "diskominfo-batam",
            "step": 2,
            "visit": 1,
            "event": {"seq": event.seq, "kind": "step.completed", "hash": event.hash},
            "decision": None,
        },
    }
    text = Delivery.objects.get(event=event).body
    kadis = demo.people["kadis.batam"]
    for personal in ("Budi", kadis.username, kadis.get_full_name(), case.title):
        assert personal not in text


def test_a_withdrawal_is_an_ending(demo: SimpleNamespace, desk: Desk, subscribe: Subscribe) -> None:
    subscription = subscribe([EventType.CASE_RETURNED, EventType.CASE_ENDED])
    case = sop2_opened(desk, demo.batam)

    case_withdraw(case=case, actor=demo.people["opd.disdukcapil"], reason="Batal.")

    assert _delivered(subscription) == [("case.ended", "case.withdrawn", None)]
    ended = json.loads(Delivery.objects.get(type="case.ended").body)
    assert ended["data"]["case"]["status"] == Case.Status.WITHDRAWN
    assert "Batal." not in Delivery.objects.get(type="case.ended").body
