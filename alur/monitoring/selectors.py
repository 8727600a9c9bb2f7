"""Reads for the monitoring pages and the auditor's timeline of one case.

Only the office's heads (``permissions.is_office_head``) get a form or a timeline; callers get
``None`` for another office's SOP or case (404) and check ``may_assess`` for the office's own
(403). The timeline is built on ``alur.cases.selectors.case_page``: the same visits, working
times and documents as the case page, grouped per visit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from alur.cases import selectors as case_selectors
from alur.cases.filled import FilledForm, filled_forms, forms_filled_at
from alur.cases.models import Case, Document, Event
from alur.cases.permissions import is_office_head
from alur.catalog.models import Sop
from alur.catalog.services import definition_of
from alur.common import formatting
from alur.monitoring.models import MonitoringEvent, MonitoringRecord, MonitoringRow
from alur.monitoring.periods import period_text
from alur.offices.calendar import calendar_for
from alur.offices.models import Office, User
from alur.sop import EventKind, Step


def may_assess(user: User, office: Office, *, now: dt.datetime) -> bool:
    if user.office_id != office.pk:
        return False
    # The person's office is ``office``: its day, without reading the person's office again.
    return is_office_head(user, office, now.astimezone(calendar_for(office).zone).date())


def sop_for(user: User, pk: int) -> Sop | None:
    """One of the person's office's SOPs."""
    if user.office_id is None:
        return None
    return Sop.objects.select_related("office").filter(pk=pk, office_id=user.office_id).first()


def records_of(sop: Sop) -> QuerySet[MonitoringRecord]:
    """Every version of every period's form of ``sop``, newest period and version first."""
    return (
        MonitoringRecord.objects.filter(sop=sop)
        .select_related("assessor")
        .order_by("-year", "-half", "-version")
    )


def record_for(user: User, pk: int) -> MonitoringRecord | None:
    """The form with ``pk`` if it belongs to the person's office."""
    if user.office_id is None:
        return None
    return (
        MonitoringRecord.objects.select_related("sop__office", "sop_version", "assessor", "revises")
        .filter(pk=pk, sop__office_id=user.office_id)
        .first()
    )


@dataclass(frozen=True)
class RecordPage:
    record: MonitoringRecord
    rows: list[MonitoringRow]
    events: list[MonitoringEvent]
    versions: list[MonitoringRecord]
    """Every version of this period's form, oldest first."""

    @property
    def latest(self) -> bool:
        return self.versions[-1].pk == self.record.pk


def record_page(record: MonitoringRecord) -> RecordPage:
    versions = MonitoringRecord.objects.filter(
        sop_id=record.sop_id, year=record.year, half=record.half
    ).order_by("version")
    return RecordPage(
        record=record,
        rows=list(record.rows.order_by("no")),
        events=list(record.events.select_related("actor").order_by("at", "pk")),
        versions=list(versions),
    )


def initials(name: str) -> str:
    """What stands for the assessor's paraf in each row: ``Kepala DKISP Sumbawa`` -> ``KDS``."""
    return "".join(word[0] for word in name.split() if word[0].isalpha()).upper()


def form_context(record: MonitoringRecord, rows: Sequence[MonitoringRow]) -> dict[str, Any]:
    """What the form shows, on the page, in the PDF and in the spreadsheet."""
    definition = definition_of(record.sop_version)
    office = record.sop.office
    signed_on = None
    if record.signed_at is not None:
        signed_on = formatting.date_text(record.signed_at.astimezone(_zone(office)).date())
    return {
        "record": record,
        "rows": list(rows),
        "identity": definition.identitas,
        "office": office,
        "period": period_text(record.year, record.half),
        "signed_on": signed_on,
        "paraf": initials(record.assessor_name) if record.signed else "",
    }


def _zone(office: Office) -> dt.tzinfo:
    return calendar_for(office).zone


# --- the auditor's timeline of one case -------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    visit: case_selectors.Visit
    step: Step | None
    documents: list[Document]
    """The documents added at this step while this visit was open."""
    events: list[Event]
    forms: tuple[FilledForm, ...] = ()
    """The SOP forms as this visit's actions recorded them."""


@dataclass(frozen=True)
class Timeline:
    page: case_selectors.CasePage
    entries: list[TimelineEntry]
    other_documents: list[Document]
    """Documents not added during any visit (none, unless added outside a step)."""
    taken_minutes: int
    """Working time from the request to its end (or to now while it runs)."""

    @property
    def case(self) -> Case:
        return self.page.case


ACTED = frozenset({EventKind.STEP_COMPLETED.value, EventKind.STEP_CONFIRMED.value})


def _forms(page: case_selectors.CasePage, step: int, events: list[Event]) -> tuple[FilledForm, ...]:
    """The forms filled at ``step`` with what the visit's actions recorded (later ones win)."""
    recorded: dict[str, object] = {}
    for event in events:
        if event.kind in ACTED:
            recorded.update(event.data)
    return filled_forms(page.definition, forms_filled_at(page.definition, step), recorded)


def timeline(case: Case, user: User, *, now: dt.datetime) -> Timeline:
    page = case_selectors.case_page(case, user, now=now)
    by_step: dict[int | None, list[Document]] = defaultdict(list)
    for group in page.documents:
        for doc in group.versions:
            by_step[doc.step].append(doc)
    for docs in by_step.values():
        docs.sort(key=lambda doc: (doc.uploaded_at, doc.pk))
    by_visit: dict[tuple[int | None, int | None], list[Event]] = defaultdict(list)
    for event in page.events:
        by_visit[event.step, event.visit].append(event)
    placed: set[int] = set()
    steps = page.definition.steps
    entries = []
    for visit in page.visits:
        task = visit.task
        end = task.done_at or now
        own = [
            doc
            for doc in by_step[task.step]
            if doc.pk not in placed and task.opened_at <= doc.uploaded_at <= end
        ]
        placed |= {doc.pk for doc in own}
        events = by_visit[task.step, task.visit]
        entries.append(
            TimelineEntry(visit, steps.get(task.step), own, events, _forms(page, task.step, events))
        )
    others = [doc for docs in by_step.values() for doc in docs if doc.pk not in placed]
    end = case.closed_at or now
    return Timeline(
        page=page,
        entries=entries,
        other_documents=sorted(others, key=lambda doc: (doc.uploaded_at, doc.pk)),
        taken_minutes=page.calendar.elapsed_minutes(case.opened_at, end),
    )
