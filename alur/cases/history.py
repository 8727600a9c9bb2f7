"""The part of a case's history its page shows (``History``) and the reads of it: the newest
visits and events and the newest versions of each document, or the part before a given one.
Each is one query, whatever the length of the history; ``selectors.case_page`` puts them
together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from django.db.models import Count, F, Q, Subquery, Window
from django.db.models.functions import RowNumber

from alur.cases.due import Folded
from alur.cases.models import Case, Document, Event, Task


@dataclass(frozen=True)
class DocumentGroup:
    name: str
    versions: list[Document]
    """Its newest versions first: all of them, or the newest ``DOCUMENT_VERSIONS_SHOWN``."""
    count: int = 0
    """How many versions the document has."""

    @property
    def older_hidden(self) -> bool:
        return self.count > len(self.versions)


VISITS_SHOWN = 20
EVENTS_SHOWN = 20
DOCUMENT_VERSIONS_SHOWN = 3


@dataclass(frozen=True)
class History:
    """The part of a case's history its page shows, so that the page costs the same however
    long the history is: the newest visits and events, and the newest versions of each
    document. The rest stays reachable: the visits before a visit (``visits_before``, its id),
    the events before an event (``events_before``, its number in the record), every version of
    one document (``document``, its name). Older parts are asked for by where they end, not by
    a page number, so that the visits and events a completion adds to the page do not shift
    them."""

    visits_before: int | None = None
    events_before: int | None = None
    document: str = ""

    @classmethod
    def asked(cls, query: Mapping[str, str]) -> History:
        """The history a page's query asks for: ``?riwayat=41&peristiwa=120&dokumen=Nama``."""
        return cls(
            visits_before=_number(query.get("riwayat")),
            events_before=_number(query.get("peristiwa")),
            document=query.get("dokumen", "")[:300],
        )


def _number(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number < 2**31 else None


@dataclass(frozen=True, slots=True)
class Timing:
    """A visit's columns the case's due reads (``alur.cases.due.Timed``)."""

    step: int
    status: str
    due_at: dt.datetime | None
    changed_due_at: dt.datetime | None
    sop_version_id: int
    opened_at: dt.datetime
    pk: int

    @property
    def due(self) -> dt.datetime | None:
        return self.changed_due_at or self.due_at


def visit_rows(case: Case, before: int | None) -> tuple[list[Task], int | None]:
    """The newest ``VISITS_SHOWN`` visits (before the visit with id ``before``), oldest first;
    the newest part holds the open visits too, however old, and older parts leave the open
    visits out. Where the part begins, when older visits exist (the ``before`` of the next
    part)."""
    newest = Task.objects.filter(case=case).order_by("-opened_at", "-pk")
    if before is None:
        # One more than shown tells whether older visits exist, without counting them.
        wanted = Q(pk__in=newest.values("pk")[: VISITS_SHOWN + 1]) | Q(status=Task.Status.OPEN)
        rows = list(newest.filter(wanted).select_related("done_by"))
    else:
        mark = Subquery(Task.objects.filter(case=case, pk=before).values("opened_at")[:1])
        earlier = Q(opened_at__lt=mark) | Q(opened_at=mark, pk__lt=before)
        rows = list(newest.filter(earlier).select_related("done_by")[: VISITS_SHOWN + 1])
    window, beyond = rows[:VISITS_SHOWN], rows[VISITS_SHOWN:]
    # What the newest part reads beyond its window is older than all of the window.
    shown = window + [task for task in beyond if before is None and task.status == Task.Status.OPEN]
    if before is not None:
        shown = [task for task in shown if task.status != Task.Status.OPEN]
    return shown[::-1], (window[-1].pk if beyond else None)


def changed_visit_rows(case: Case, also: Collection[tuple[int, int]]) -> list[Task]:
    """The visits open now and those ``also`` names (step, visit), oldest first: what an
    action opened or closed, for the answer that replaces their rows on the page."""
    wanted = Q(status=Task.Status.OPEN)
    for step, visit in also:
        wanted |= Q(step=step, visit=visit)
    return list(
        Task.objects.filter(wanted, case=case).select_related("done_by").order_by("opened_at", "pk")
    )


def event_rows(case: Case, history: History | None, after: str) -> tuple[list[Event], int | None]:
    """The events to show, oldest first; where they begin, when older ones exist. With
    ``after`` (the hash of an event), the events written after it."""
    events = Event.objects.filter(case=case).select_related("actor")
    if after:
        seen = Event.objects.filter(case=case, hash=after).values("seq")[:1]
        return list(events.filter(seq__gt=Subquery(seen)).order_by("seq")), None
    if history is None:
        return list(events.order_by("seq")), None
    return earlier_events(case, before=history.events_before)


def earlier_events(case: Case, *, before: int | None) -> tuple[list[Event], int | None]:
    """The newest ``EVENTS_SHOWN`` events of the record (before the event numbered
    ``before``), oldest first; where they begin, when older ones exist."""
    events = Event.objects.filter(case=case).select_related("actor").order_by("-seq")
    if before is not None:
        events = events.filter(seq__lt=before)
    rows = list(events[: EVENTS_SHOWN + 1])
    window = rows[:EVENTS_SHOWN]
    return window[::-1], (window[-1].seq if len(rows) > EVENTS_SHOWN else None)


def document_groups(case: Case, history: History | None) -> list[DocumentGroup]:
    """The documents by name, newest version first: every version, or (with ``history``) the
    newest few of each and every version of the one the history names."""
    documents = Document.objects.filter(case=case).select_related("uploaded_by")
    if history is not None:
        documents = documents.annotate(
            newer=Window(RowNumber(), partition_by=[F("name")], order_by=F("version").desc()),
            versions=Window(Count("pk"), partition_by=[F("name")]),
        ).filter(Q(newer__lte=DOCUMENT_VERSIONS_SHOWN) | Q(name=history.document))
    groups: dict[str, list[Document]] = {}
    counts: dict[str, int] = {}
    for document in documents.order_by("name", "-version"):
        groups.setdefault(document.name, []).append(document)
        counts[document.name] = getattr(document, "versions", 0)
    return [
        DocumentGroup(name, versions, counts[name] or len(versions))
        for name, versions in groups.items()
    ]


def visit_times(case: Case, after: Folded | None = None) -> list[Timing]:
    """The visits' times, oldest first, read as plain values: every visit's, or only those
    after the visits ``after`` adds up (``alur.cases.due.Folded``)."""
    visits = Task.objects.filter(case=case)
    if after is not None:
        visits = visits.filter(
            Q(opened_at__gt=after.opened) | Q(opened_at=after.opened, pk__gt=after.pk)
        )
    return [
        Timing(*row)
        for row in visits.values_list(
            "step", "status", "due_at", "changed_due_at", "sop_version_id", "opened_at", "pk"
        ).order_by("opened_at", "pk")
    ]
