"""What the API answers and takes, as pydantic models: the OpenAPI document is made from them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import Field

RowId = Annotated[int, Field(ge=1, le=2**63 - 1)]
"""The id of a row in a path: what the database's keys can hold (a bigger number is refused
as a wrong field, not looked up)."""
StepNumber = Annotated[int, Field(ge=1, le=10_000)]
Code = Annotated[str, Field(max_length=200, pattern=r"^[^\x00]*$")]
"""A code or a filter in a path or a query: no NUL character (no database text can hold one, and
PostgreSQL refuses the query) and no longer than any code or date the office writes. Notes and
titles in a body are judged by the pages' own forms, which refuse the same."""


class Links(Schema):
    page: str
    print_html: str | None = None
    """The printed SOP-AP document with its flow chart (SVG in HTML)."""
    print_pdf: str | None = None
    bpmn: str | None = None
    chart_svg: str | None = None
    """The flow chart alone, as SVG (``GET /api/v1/sop/{id}/chart.svg``)."""


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
    """The step it was sent with, if any."""
    uploaded_at: dt.datetime
    uploaded_by: str
    download: str
    """GET here for its bytes."""


class DocumentGroupOut(Schema):
    name: str
    """As the SOP names the document; a new upload of the same name is its next version."""
    versions: list[DocumentOut]
    """Newest first."""


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


class WithdrawIn(Schema):
    reason: str = Field(
        description="Why the requester withdraws the request (required); the office is told "
        "and the record keeps it."
    )


class CommentIn(Schema):
    text: str = Field(description="The requester's comment to the office (required).")


class CaseIn(Schema):
    sop: Code = Field(
        description="The code of an SOP in force whose first step the caller acts in."
    )
    title: str = Field(description="The request's subject (perihal).")
    note: str = ""
    fields: dict[str, Any] = Field(
        default_factory=dict, description="The first step's fields by id."
    )
    forms: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="The SOP forms filled at the first step: form id -> fields.",
    )


class CaseCountsOut(Schema):
    opened: int
    closed: int
    finished: int
    returned: int
    stopped: int
    refused: int
    lapsed: int
    withdrawn: int
    open: int
    service_met: int
    """Closed by the service deadline (the SOP's batas_waktu, as extended)."""
    service_missed: int
    """Closed after it."""


class StepKinerjaOut(Schema):
    step: int
    description: str
    lanes: str
    target: str
    """The step's time as the SOP writes it ("1 Hari Kerja")."""
    target_minutes: int | None
    """The same in office minutes, for units that count office time."""
    finished: int
    """Visits finished in the period."""
    with_target: int
    on_time: int
    on_time_rate: float | None
    """on_time / with_target: the realisation against the target."""
    median_minutes: float | None
    """Working minutes a finished visit took (approximate, within 2.5%)."""
    p90_minutes: float | None
    longest_minutes: int | None
    working_minutes: int
    revisits: int
    declined: int
    returned: int
    open_now: int
    escalations: int


class SopKinerjaOut(Schema):
    code: str
    name: str
    counts: CaseCountsOut
    steps: list[StepKinerjaOut]


class KinerjaOut(Schema):
    office: str
    first: dt.date
    last: dt.date
    """The period, both days included, on the office's calendar."""
    minutes_per_day: int
    counts: CaseCountsOut
    sops: list[SopKinerjaOut]


class CaseRefOut(Schema):
    id: int
    number: str
    url: str


class ApplicationOut(Schema):
    id: int
    name: str
    description: str
    kind: str
    """umum, khusus, or empty."""
    owner: str | None
    """The requesting OPD that owns it."""
    url: str
    server: str
    status: str
    """aktif or nonaktif."""
    case: CaseRefOut | None
    """The request that last wrote the record."""
    updated_at: dt.datetime


class ApplicationPageOut(Schema):
    items: list[ApplicationOut]
    page: int
    pages: int


class SystemOut(Schema):
    id: int
    name: str
    owner: str | None
    registration_number: str
    """Nomor TDPSE."""
    registered_on: dt.date | None
    url: str
    case: CaseRefOut | None
    updated_at: dt.datetime


class SystemPageOut(Schema):
    items: list[SystemOut]
    page: int
    pages: int


class ProblemOut(Schema):
    """RFC 9457 problem details (application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[dict[str, str]] = Field(default_factory=list)
