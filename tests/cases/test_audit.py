"""The case record as a hash chain, per case: it verifies as written, and a changed or removed
event is caught at its place."""

from __future__ import annotations

import pytest
from casekit import SOP5_DOCS, Desk, sop2_opened, sop5_opened

from alur.cases import audit
from alur.cases.models import Case, Event


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
