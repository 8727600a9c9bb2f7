"""The case record as a hash chain, per case: it verifies as written, and a changed or removed
event is caught at its place."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from casekit import SOP5_DOCS, Desk, record_writable, sop2_opened, sop5_opened

from alur.cases import audit
from alur.cases.models import Case, Event


@pytest.fixture(autouse=True)
def _as_database_owner(demo: SimpleNamespace) -> Iterator[None]:
    """These tests change the record as its database's owner could (casekit.record_writable)."""
    with record_writable():
        yield


@pytest.fixture
def two_cases(demo, desk: Desk) -> tuple[Case, Case]:
    """A Sumbawa request two steps in, and a Batam hosting request just sent."""
    request = sop5_opened(desk, demo.sumbawa)
    desk.act(request, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])
    desk.act(request, 3, "kabid.ti", docs=SOP5_DOCS[3])
    return request, sop2_opened(desk, demo.batam)


def test_every_chain_verifies_as_written(two_cases) -> None:
    request, hosting = two_cases

    assert list(audit.verify_all()) == []
    assert (audit.verify_case(request), audit.verify_case(hosting)) == (None, None)


def test_each_case_has_a_chain_of_its_own(two_cases) -> None:
    request, hosting = two_cases

    for case in two_cases:
        events = list(Event.objects.filter(case=case).order_by("seq"))
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        assert events[0].prev_hash == audit.GENESIS
        assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
        assert Case.objects.get(pk=case.pk).last_event_hash == events[-1].hash
    assert list(Event.objects.filter(case=request).values_list("kind", "step")) == [
        ("case.opened", None),
        ("case.started", None),
        ("step.opened", 1),
        ("document.added", 1),
        ("step.completed", 1),
        ("step.opened", 2),
        ("document.added", 2),
        ("step.completed", 2),
        ("step.opened", 3),
        ("document.added", 3),
        ("step.completed", 3),
        ("step.opened", 4),
    ]
    assert Event.objects.filter(case=hosting, kind="document.added").count() == 4


def test_a_changed_note_is_caught_at_that_event(two_cases) -> None:
    request, hosting = two_cases
    completed = Event.objects.get(case=request, kind="step.completed", step=2)

    Event.objects.filter(pk=completed.pk).update(note="Disetujui tanpa disposisi.")

    assert list(audit.verify_all()) == [
        audit.BrokenLink(request.pk, request.number, completed.seq, "hash")
    ]
    assert audit.verify_case(hosting) is None


def test_a_changed_actor_is_caught_too(demo, two_cases) -> None:
    request, _hosting = two_cases
    completed = Event.objects.get(case=request, kind="step.completed", step=3)

    Event.objects.filter(pk=completed.pk).update(actor=demo.people["kadis.sumbawa"])

    assert audit.verify_case(request) == audit.BrokenLink(
        request.pk, request.number, completed.seq, "hash"
    )


def test_a_removed_event_is_caught_where_it_was(two_cases) -> None:
    request, _hosting = two_cases
    removed = Event.objects.get(case=request, kind="step.completed", step=2)

    removed.delete()

    assert list(audit.verify_all()) == [
        audit.BrokenLink(request.pk, request.number, removed.seq, "missing")
    ]


def test_a_removed_event_with_the_rest_renumbered_is_caught_by_the_broken_link(two_cases) -> None:
    request, _hosting = two_cases
    removed = Event.objects.get(case=request, kind="step.completed", step=2)
    removed.delete()
    for event in Event.objects.filter(case=request, seq__gt=removed.seq).order_by("seq"):
        Event.objects.filter(pk=event.pk).update(seq=event.seq - 1)

    assert audit.verify_case(request) == audit.BrokenLink(
        request.pk, request.number, removed.seq, "prev_hash"
    )


def test_a_removed_last_event_is_caught_by_the_case_head(two_cases) -> None:
    request, _hosting = two_cases
    last = Event.objects.filter(case=request).order_by("-seq").first()

    last.delete()

    assert audit.verify_case(request) == audit.BrokenLink(
        request.pk, request.number, last.seq, "last"
    )


def test_a_changed_time_is_caught_at_that_event(two_cases) -> None:
    request, _hosting = two_cases
    completed = Event.objects.get(case=request, kind="step.completed", step=2)

    Event.objects.filter(pk=completed.pk).update(at=completed.at - dt.timedelta(days=3))

    assert audit.verify_case(request) == audit.BrokenLink(
        request.pk, request.number, completed.seq, "hash"
    )


def test_two_events_swapped_are_caught_where_the_order_changed(two_cases) -> None:
    request, _hosting = two_cases
    first, second = Event.objects.filter(case=request, step=2).order_by("seq")[:2]

    Event.objects.filter(pk=first.pk).update(seq=1000)
    Event.objects.filter(pk=second.pk).update(seq=first.seq)
    Event.objects.filter(pk=first.pk).update(seq=second.seq)

    assert audit.verify_case(request) == audit.BrokenLink(
        request.pk, request.number, first.seq, "prev_hash"
    )


def test_an_event_added_by_hand_without_the_key_is_caught(demo, two_cases) -> None:
    """Appended at the end, chained to the head and hashed as well as one can without the key:
    plain SHA-256 after keyed events, or a key id the installation does not hold."""
    request, _hosting = two_cases
    head = Event.objects.filter(case=request).order_by("-seq").first()
    assert head is not None
    for key_id, reason in (("", "unkeyed"), ("palsu", "key")):
        forged = Event(
            case=request,
            seq=head.seq + 1,
            kind="step.completed",
            at=head.at + dt.timedelta(hours=1),
            actor=demo.people["kabid.ti"],
            step=4,
            visit=1,
            data={},
            key_id=key_id,
            prev_hash=head.hash,
        )
        forged.hash = hashlib.sha256(
            head.hash.encode() + b"\n" + audit.canonical(forged)
        ).hexdigest()
        forged.save()
        Case.objects.filter(pk=request.pk).update(last_event_hash=forged.hash)

        assert audit.verify_case(Case.objects.get(pk=request.pk)) == audit.BrokenLink(
            request.pk, request.number, forged.seq, reason
        )
        forged.delete()


def _rechain(case: Case, *, key_id: str) -> None:
    """What someone with the database but not the key can do: hash the chain again, with the
    app's own function, under a key id of their choosing."""
    prev = audit.GENESIS
    for event in Event.objects.filter(case=case).order_by("seq"):
        event.prev_hash, event.key_id = prev, key_id
        event.hash = audit.chain_hash(prev, event)
        Event.objects.filter(pk=event.pk).update(prev_hash=prev, key_id=key_id, hash=event.hash)
        prev = event.hash
    Case.objects.filter(pk=case.pk).update(last_event_hash=prev)


def test_events_are_hashed_with_the_current_key(two_cases, settings) -> None:
    request, _hosting = two_cases

    assert set(Event.objects.filter(case=request).values_list("key_id", flat=True)) == {
        settings.RECORD_KEY_ID
    }
    first = Event.objects.get(case=request, seq=1)
    key = settings.RECORD_KEYS[settings.RECORD_KEY_ID]
    message = audit.GENESIS.encode() + b"\n" + audit.canonical(first)
    assert first.hash == hmac.new(key, message, hashlib.sha256).hexdigest()
    assert first.hash != hashlib.sha256(message).hexdigest()


def test_a_chain_rewritten_with_another_key_is_caught_at_its_first_event(
    two_cases, settings
) -> None:
    request, _hosting = two_cases
    Event.objects.filter(case=request, seq=3).update(note="Disetujui.")
    settings.RECORD_KEYS = {**settings.RECORD_KEYS, "palsu": b"k" * 32}
    _rechain(request, key_id="palsu")
    settings.RECORD_KEYS = {
        key_id: key for key_id, key in settings.RECORD_KEYS.items() if key_id != "palsu"
    }

    assert audit.verify_case(request) == audit.BrokenLink(request.pk, request.number, 1, "key")


def test_keyed_events_turned_plain_sha256_are_caught_where_the_key_is_still_needed(
    two_cases,
) -> None:
    """Without the key, the rewriter can make the first events plain SHA-256, not the rest."""
    request, _hosting = two_cases
    prev = audit.GENESIS
    for event in Event.objects.filter(case=request, seq__lte=4).order_by("seq"):
        event.prev_hash, event.key_id, event.note = prev, "", "diubah"
        event.hash = audit.chain_hash(prev, event)
        Event.objects.filter(pk=event.pk).update(
            prev_hash=prev, key_id="", note="diubah", hash=event.hash
        )
        prev = event.hash

    assert audit.verify_case(request) == audit.BrokenLink(
        request.pk, request.number, 5, "prev_hash"
    )


def test_an_unkeyed_event_after_a_keyed_one_is_refused_even_when_its_hash_holds(
    two_cases,
) -> None:
    request, _hosting = two_cases
    last = Event.objects.filter(case=request).order_by("-seq").first()
    last.key_id = ""
    last.hash = audit.chain_hash(last.prev_hash, last)
    Event.objects.filter(pk=last.pk).update(key_id="", hash=last.hash)
    Case.objects.filter(pk=request.pk).update(last_event_hash=last.hash)

    assert audit.verify_case(request) == audit.BrokenLink(
        request.pk, request.number, last.seq, "unkeyed"
    )


def test_events_written_before_keying_verify_as_plain_sha256(two_cases) -> None:
    request, _hosting = two_cases
    _rechain(request, key_id="")

    assert audit.verify_case(Case.objects.get(pk=request.pk)) is None


def test_after_a_key_rotation_old_events_verify_with_their_old_key(
    two_cases, desk: Desk, settings
) -> None:
    request, _hosting = two_cases
    old_id = settings.RECORD_KEY_ID
    settings.RECORD_KEYS = {**settings.RECORD_KEYS, "2027a": b"r" * 32}
    settings.RECORD_KEY_ID = "2027a"

    desk.act(request, 4, "kasi.aplikasi")

    keys = list(Event.objects.filter(case=request).order_by("seq").values_list("key_id", flat=True))
    assert keys[:12] == [old_id] * 12
    assert set(keys[12:]) == {"2027a"}
    assert audit.verify_case(Case.objects.get(pk=request.pk)) is None


def test_the_rows_read_in_one_pass_are_those_read_case_by_case(demo, desk: Desk) -> None:
    """``verify_rows_all`` pairs each case with its own events and visits, a case left with
    neither included: a mismatch in the middle case is named on that case only."""
    first = sop5_opened(desk, demo.sumbawa)
    middle = sop2_opened(desk, demo.batam)
    last = sop2_opened(desk, demo.batam)
    Event.objects.filter(case=first).delete()  # a case with no events and no visits left
    first.tasks.all().delete()
    middle.tasks.filter(step=1).update(done_by=demo.people["dev.sumbawa"], status="done")

    one_pass = list(audit.verify_rows_all())

    assert one_pass == [f for case in (first, middle, last) for f in audit.verify_rows(case)]
    assert {f.case_number for f in one_pass} == {middle.number}
    assert [f.reason for f in one_pass if f.case_number == middle.number] == ["task_done"]
