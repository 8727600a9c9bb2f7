"""The slots of a scheduled SOP (``jadwal_mulai``): the moments the office's calendar opens a case.

    setiap: hari    every working day at ``pukul``
    setiap: minggu  the named weekday at ``pukul``; on a day the office is closed, the next
                    working day (two weeks' slots that land on one day are one slot)
    setiap: bulan   the month's first (or last) working day at ``pukul``

A slot is a moment in the office's time zone; two slots never share a day. Moving a weekly
slot rather than skipping it keeps the routine (a backup check after a holiday week is the one
that matters most); a month's first working day is working by definition.

Nothing here reads the clock: every question is asked about a moment the caller gives.
The vocabulary is six words, so plain date arithmetic serves better than a recurrence library
(an RRULE knows no office holidays, and would still need the move to the next working day).
"""

from __future__ import annotations

import datetime as dt

from alur.sop._definition.model import MONTH_DAYS, TITLE_FIELDS, WEEKDAYS, Every, StartSchedule
from alur.sop._runtime.calendar import OfficeCalendar

_SEARCH_DAYS = 800
"""How far to look for a slot: over two years, beyond any run of days off an office has."""

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def _next_working(calendar: OfficeCalendar, day: dt.date) -> dt.date | None:
    for offset in range(_SEARCH_DAYS):
        candidate = day + dt.timedelta(days=offset)
        if calendar.is_working_day(candidate):
            return candidate
    return None


def _month_working_day(calendar: OfficeCalendar, year: int, month: int, last: bool) -> dt.date:
    first = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    days = [first + dt.timedelta(days=n) for n in range((following - first).days)]
    working = [d for d in days if calendar.is_working_day(d)]
    if not working:
        return dt.date.min  # a month without a working day has no slot
    return working[-1] if last else working[0]


def slot_day(schedule: StartSchedule, calendar: OfficeCalendar, day: dt.date) -> dt.date | None:
    """The day of the slot that ``day`` is the nominal day of (a weekly slot moved past a day
    off), or None when ``day`` begins no slot."""
    if schedule.setiap is Every.HARI:
        return day if calendar.is_working_day(day) else None
    if schedule.setiap is Every.MINGGU:
        if schedule.hari not in WEEKDAYS or day.weekday() != WEEKDAYS.index(schedule.hari):
            return None
        return _next_working(calendar, day)
    if schedule.hari not in MONTH_DAYS:
        return None
    last = schedule.hari == MONTH_DAYS[1]
    found = _month_working_day(calendar, day.year, day.month, last)
    return found if found == day else None


def _moment(schedule: StartSchedule, calendar: OfficeCalendar, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, schedule.time, tzinfo=calendar.zone)


def _days_around(schedule: StartSchedule, calendar: OfficeCalendar, day: dt.date) -> list[dt.date]:
    """The slot days whose nominal day lies within a week (a month for a monthly schedule) of
    ``day``, sorted and each once."""
    reach = 62 if schedule.setiap is Every.BULAN else 21
    nominal = (day + dt.timedelta(days=n) for n in range(-reach, reach + 1))
    return sorted({d for d in (slot_day(schedule, calendar, n) for n in nominal) if d})


def slot_at_or_before(
    schedule: StartSchedule, calendar: OfficeCalendar, moment: dt.datetime
) -> dt.datetime | None:
    """The latest slot at or before ``moment`` (an aware datetime), or None if there is none in
    the two years before it."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    day = moment.astimezone(calendar.zone).date()
    searched = 0
    while searched < _SEARCH_DAYS:
        slots = [_moment(schedule, calendar, d) for d in _days_around(schedule, calendar, day)]
        earlier = [s for s in slots if s <= moment]
        if earlier:
            return earlier[-1]
        day -= dt.timedelta(days=28)
        searched += 28
    return None


def slot_after(
    schedule: StartSchedule, calendar: OfficeCalendar, moment: dt.datetime
) -> dt.datetime | None:
    """The first slot after ``moment`` (an aware datetime), or None if there is none in the
    two years after it."""
    if moment.tzinfo is None:
        raise ValueError("moment must be timezone-aware")
    day = moment.astimezone(calendar.zone).date()
    searched = 0
    while searched < _SEARCH_DAYS:
        slots = [_moment(schedule, calendar, d) for d in _days_around(schedule, calendar, day)]
        later = [s for s in slots if s > moment]
        if later:
            return later[0]
        day += dt.timedelta(days=28)
        searched += 28
    return None


def slot_title(schedule: StartSchedule, sop_name: str, day: dt.date) -> str:
    """The title of the case opened by the slot of ``day`` (the office's date): ``judul`` with
    its fields filled in, else the SOP's name and the date."""
    values = {
        "tanggal": f"{day.day} {MONTHS[day.month - 1]} {day.year}",
        "bulan": f"{MONTHS[day.month - 1]} {day.year}",
        "tahun": str(day.year),
    }
    if schedule.judul is None:
        return f"{sop_name} {values['tanggal']}"
    text = schedule.judul
    for name in TITLE_FIELDS:
        text = text.replace("{" + name + "}", values[name])
    return text
