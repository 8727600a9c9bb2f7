"""What the API answers and takes, as pydantic models: the OpenAPI document is made from them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field


class Links(Schema):
    page: str
    print_html: str | None = None
    """The printed SOP-AP document with its flow chart (SVG in HTML)."""
    print_pdf: str | None = None
    bpmn: str | None = None


class SopOut(Schema):
    id: int
    code: str
    name: str
    version: int | None
    """The version in force today, if any."""
    links: Links


class SopDetailOut(SopOut):
    checksum: str
    in_force_from: dt.date | None
    definition: dict[str, Any]
    """The SOP's definition (the format of docs/sop-format.md) as JSON."""


class DueOut(Schema):
    state: Literal["tepat", "segera", "terlambat", "tanpa"]
    due: dt.datetime | None


class CaseOut(Schema):
    id: int
    number: str
    title: str
    sop: str
    sop_version: int
    status: str
    version: int
    """Send it back when acting: a stale one answers 409."""
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    requester_unit: str
    service: DueOut
    url: str


class CasePageOut(Schema):
    items: list[CaseOut]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null on the last page."
    )


class VisitOut(Schema):
    step: int
    visit: int
    lanes: list[str]
    status: str
    opened_at: dt.datetime
    done_at: dt.datetime | None
    done_by: str | None
    due: DueOut


class StepOut(Schema):
    no: int
    name: str
    lanes: list[str]
    open: bool
    mine: bool
    """Open, and the caller holds one of its lanes today."""


class DocumentOut(Schema):
    id: int
    name: str
    version: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    step: int | None
    uploaded_at: dt.datetime
    download: str


class CaseDetailOut(CaseOut):
    data: dict[str, Any]
    steps: list[StepOut]
    visits: list[VisitOut]
    documents: list[DocumentOut]
    due: dt.datetime | None


class TaskOut(Schema):
    case: int
    case_number: str
    case_version: int
    sop: str
    step: int
    step_name: str
    visit: int
    lanes: list[str]
    opened_at: dt.datetime
    due: DueOut
    act: str
    """POST here to complete the step."""


class TaskPageOut(Schema):
    items: list[TaskOut]
    page: int
    pages: int


class EventOut(Schema):
    seq: int
    kind: str
    at: dt.datetime
    actor: str | None
    step: int | None
    visit: int | None
    lane: str
    decision: str
    note: str
    data: dict[str, Any]
    prev_hash: str
    hash: str


class ActIn(Schema):
    version: int = Field(description="The case's version as last read: a stale one answers 409.")
    decision: Literal["ya", "tidak"] | None = None
    note: str = ""
    fields: dict[str, Any] = Field(default_factory=dict, description="The step's fields by id.")
    forms: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="The SOP forms filled at the step: form id -> fields."
    )


class ProblemOut(Schema):
    """RFC 9457 problem details (application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] = Field(default_factory=list)
