"""Kinerja: the office's target against realisation per SOP and per step over a period, for
those who may see the report on its page (``alur.reports.asked``: the office's heads, on their
own office only), read from the same rollups as the page and its exports."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import ValidationError
from pydantic import Field

from alur.api.auth import caller
from alur.api.schemas import (
    CaseCountsOut,
    Code,
    KinerjaOut,
    ProblemOut,
    SopKinerjaOut,
    StepKinerjaOut,
)
from alur.common.errors import NotAllowed
from alur.reports.asked import NotAHead, report_asked, report_office
from alur.reports.selectors import CaseCounts, SopReport, StepRow

router = Router(tags=["kinerja"])


class KinerjaFilters(Schema):
    dari: Code = Field("", description="The first day, dd-mm-yyyy or yyyy-mm-dd")
    sampai: Code = Field("", description="The last day; both empty: the last twelve months")
    sop: Code = Field("", description="One SOP's code; empty: every SOP in force")


def _counts(counts: CaseCounts) -> CaseCountsOut:
    return CaseCountsOut(
        opened=counts.opened,
        closed=counts.closed,
        finished=counts.finished,
        returned=counts.returned,
        stopped=counts.stopped,
        refused=counts.refused,
        lapsed=counts.lapsed,
        withdrawn=counts.withdrawn,
        open=counts.open,
        service_met=counts.service_met,
        service_missed=counts.service_missed,
    )


def _step(row: StepRow) -> StepKinerjaOut:
    times = row.times
    return StepKinerjaOut(
        step=row.step,
        description=row.description,
        lanes=row.lanes,
        target=row.target_text,
        target_minutes=row.target_minutes,
        finished=row.finished,
        with_target=row.with_target,
        on_time=row.on_time,
        on_time_rate=row.on_time_rate,
        median_minutes=None if times is None else times.median,
        p90_minutes=None if times is None else times.p90,
        longest_minutes=None if times is None else times.longest,
        working_minutes=row.working_minutes,
        revisits=row.revisits,
        declined=row.declined,
        returned=row.returned,
        open_now=row.open_now,
        escalations=row.escalations,
    )


def _sop(report: SopReport) -> SopKinerjaOut:
    return SopKinerjaOut(
        code=report.code,
        name=report.name,
        counts=_counts(report.counts),
        steps=[_step(row) for row in report.steps],
    )


@router.get(
    "/kinerja/{office}",
    response={200: KinerjaOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    summary="Target against realisation per SOP and per step over a period",
)
def kinerja(request: HttpRequest, office: Code, filters: Query[KinerjaFilters]) -> KinerjaOut:
    try:
        place = report_office(caller(request), office)
    except NotAHead:
        raise NotAllowed(_("Laporan kinerja hanya untuk pimpinan kantor.")) from None
    if place is None:
        raise Http404
    form, board = report_asked(place, filters.model_dump())
    if board is None:
        raise ValidationError(
            [
                {"loc": ("query",) if name == "__all__" else ("query", name), "msg": message}
                for name, messages in form.errors.items()
                for message in messages
            ]
        )
    return KinerjaOut(
        office=place.code,
        first=board.period.first,
        last=board.period.last,
        minutes_per_day=board.minutes_per_day,
        counts=_counts(board.counts),
        sops=[_sop(report) for report in board.sops],
    )
