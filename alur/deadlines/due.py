"""Due states: on time, due soon, late or without a deadline, in the office's working time.

Pure computation over an ``OfficeCalendar``: no queries. The share of the allowed time that
makes a step "due soon" is the office's setting (``DeadlinePolicy.soon_percent``).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from alur.sop import OfficeCalendar

SOON_FRACTION = 0.25
"""The default: a step is due soon when less than this part of its allowed time is left."""


class DueState(StrEnum):
    TEPAT = "tepat"
    SEGERA = "segera"
    TERLAMBAT = "terlambat"
    TANPA = "tanpa"


def due_state(
    calendar: OfficeCalendar,
    *,
    opened: dt.datetime,
    due: dt.datetime | None,
    now: dt.datetime,
    done: dt.datetime | None = None,
    soon_fraction: float = SOON_FRACTION,
) -> DueState:
    """On time, due soon, late or without a deadline, measured in the office's working time."""
    if due is None:
        return DueState.TANPA
    moment = done or now
    if moment > due:
        return DueState.TERLAMBAT
    if done is not None:
        return DueState.TEPAT
    allowed = calendar.elapsed_minutes(opened, due)
    left = calendar.elapsed_minutes(now, due)
    if allowed <= 0:  # a deadline outside office hours: measure the wall clock instead
        allowed = int((due - opened).total_seconds() // 60)
        left = int((due - now).total_seconds() // 60)
    return DueState.SEGERA if left < allowed * soon_fraction else DueState.TEPAT


def in_office_hours(calendar: OfficeCalendar, moment: dt.datetime) -> bool:
    """Whether the office is open at ``moment``: a working day, between opening and closing."""
    local = moment.astimezone(calendar.zone)
    return (
        calendar.is_working_day(local.date()) and calendar.opens <= local.time() < calendar.closes
    )
