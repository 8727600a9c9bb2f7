"""Kalender kerja: the office's working days and hours, and the deadlines counted on them.

Which days are hari kerja (working days), in order of precedence:

    extra_working_days   the office works (a Saturday made a working day, a holiday worked)
    days_off             the office is closed (local holidays, a holiday moved by decree)
    national holidays    hari libur nasional and cuti bersama, from ``holidays`` ("ID",
                         categories public and government: cuti bersama live only in the latter)
    workdays             the normal week, Monday to Friday by default

How time is counted (one convention for adding and for measuring, so that
``elapsed(start, due(start, d)) == d`` for working-time units):

    office clock         a moment's place on the office's clock: on a working day between
                         opening and closing it is itself; before opening, after closing or on a
                         day off it is the next opening (``next_opening``)
    N hari kerja         the same office-clock time on the Nth following working day
    N menit / N jam      office minutes only; the count rolls over closing to the next opening,
                         and a count that ends exactly at closing stays at closing
    N hari kalender      the same wall-clock time N days later in the office zone
    Sesuai jadwal        closing time of the scheduled date

The working days of whole years are indexed once (a sorted tuple of the working days, and per
calendar day the count of working days before it), and the index grows by whole years when a
date outside it is asked for. Adding N working days or measuring elapsed office time is then two
tuple lookups and some arithmetic, whatever N is: no day-by-day loop.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal, assert_never
from zoneinfo import ZoneInfo

import holidays

from alur.sop._definition.duration import Duration, Unit

BareDayUnit = Literal["working", "calendar"]

OFFICE_DAY_OFF_NAME = "Libur kantor"
"""The name of an office day off given without a name of its own."""

_MICROSECONDS_PER_MINUTE = 60_000_000
_NATIONAL_CATEGORIES = ("public", "government")


@dataclass(frozen=True, slots=True)
class _WorkingDayIndex:
    """Every working day of the years ``first_year`` to ``last_year``.

    ``rank`` holds, for each calendar day from 1 January of ``first_year``, how many working days
    come before it: the position of that day, or of the next working day, in ``ordinals``. Never
    changed once built: a longer index replaces it, so a reader holding one sees positions that
    stay consistent while another thread extends the calendar.
    """

    first_year: int
    last_year: int
    ordinals: tuple[int, ...]
    days: tuple[date, ...]  # the same days as dates, so a result needs no conversion
    rank: tuple[int, ...]
    first_ordinal: int
    national_holidays: Mapping[date, str]

    @classmethod
    def of_years(
        cls, first: int, last: int, ordinals: list[int], national: Mapping[date, str]
    ) -> _WorkingDayIndex:
        first_ordinal = _new_year(first)
        rank: list[int] = []
        position = 0
        for ordinal in range(first_ordinal, _new_year(last + 1)):
            rank.append(position)
            if position < len(ordinals) and ordinals[position] == ordinal:
                position += 1
        days = tuple(date.fromordinal(o) for o in ordinals)
        return cls(first, last, tuple(ordinals), days, tuple(rank), first_ordinal, national)

    @property
    def is_empty(self) -> bool:
        return self.last_year < self.first_year

    def position(self, ordinal: int, ahead: int) -> int | None:
        """The position of the first working day on or after the day ``ordinal``, if that day
        is indexed and at least ``ahead`` more working days are indexed after it."""
        since_first = ordinal - self.first_ordinal
        if 0 <= since_first < len(self.rank):
            position = self.rank[since_first]
            if position + ahead < len(self.ordinals):
                return position
        return None


_EMPTY_INDEX = _WorkingDayIndex(1, 0, (), (), (), first_ordinal=1, national_holidays={})


class OfficeCalendar:
    """The working days and office hours of one office, in its time zone."""

    def __init__(
        self,
        *,
        zone: str = "Asia/Jakarta",
        workdays: Iterable[int] = (0, 1, 2, 3, 4),
        opens: time = time(8, 0),
        closes: time = time(16, 0),
        national_holidays: bool = True,
        days_off: Iterable[date] | Mapping[date, str] = (),
        extra_working_days: Iterable[date] = (),
        bare_day_unit: BareDayUnit = "working",
    ) -> None:
        """``workdays`` counts Monday as 0; ``opens`` and ``closes`` are wall-clock times in
        ``zone``. ``days_off`` may map each date to its name, shown by ``holiday_name``.

        A calendar does not change once made (its index depends on every argument): when an
        office changes its days, make a new one.
        """
        self._zone = ZoneInfo(zone)
        self._workdays = frozenset(workdays)
        if not self._workdays or not self._workdays <= set(range(7)):
            raise ValueError(f"workdays must be weekdays 0 (Monday) to 6, got {sorted(workdays)}")
        for name, moment in (("opens", opens), ("closes", closes)):
            if moment.tzinfo is not None or moment.second or moment.microsecond:
                raise ValueError(f"{name} must be a wall-clock time in whole minutes: {moment}")
        if closes <= opens:
            raise ValueError(f"the office must close after it opens: {opens} to {closes}")
        self._opens = opens
        self._closes = closes
        self._national_holidays = national_holidays
        self._bare_day_unit: BareDayUnit = bare_day_unit
        self._days_off: dict[date, str | None] = (
            dict(days_off) if isinstance(days_off, Mapping) else dict.fromkeys(days_off)
        )
        self._extra_working_days = frozenset(extra_working_days)
        clash = self._extra_working_days & self._days_off.keys()
        if clash:
            raise ValueError(f"both a day off and an extra working day: {sorted(clash)}")
        self._opens_us = _clock_microseconds(opens)
        self._day_us = _clock_microseconds(closes) - self._opens_us
        self._index = _EMPTY_INDEX
        self._extending = threading.Lock()

    @property
    def zone(self) -> ZoneInfo:
        return self._zone

    @property
    def workdays(self) -> frozenset[int]:
        return self._workdays

    @property
    def opens(self) -> time:
        return self._opens

    @property
    def closes(self) -> time:
        return self._closes

    @property
    def national_holidays(self) -> bool:
        return self._national_holidays

    @property
    def bare_day_unit(self) -> BareDayUnit:
        return self._bare_day_unit

    @property
    def minutes_per_day(self) -> int:
        """Office minutes in one working day (480 for 08:00 to 16:00)."""
        return self._day_us // _MICROSECONDS_PER_MINUTE

    # Days

    def is_working_day(self, day: date) -> bool:
        index, position = self._locate(day.toordinal())
        return index.ordinals[position] == day.toordinal()

    def holiday_name(self, day: date) -> str | None:
        """Why the office is closed on ``day`` other than the weekend, in Indonesian.

        None on ordinary days, weekends and extra working days; the office's own name for its
        days off, else the national name (e.g. "Cuti Bersama Hari Raya Idul Fitri").
        """
        if day in self._extra_working_days:
            return None
        index, _ = self._locate(day.toordinal())
        national = index.national_holidays.get(day) if self._national_holidays else None
        if day in self._days_off:
            return self._days_off[day] or national or OFFICE_DAY_OFF_NAME
        return national

    def end_of_day(self, day: date) -> datetime:
        """Closing time on ``day``, working day or not: the deadline of a "Sesuai jadwal" step."""
        return datetime.combine(day, self._closes, tzinfo=self._zone)

    # Adding time

    def next_opening(self, moment: datetime) -> datetime:
        """``moment`` itself during office hours on a working day, else the next opening."""
        return self.add_working_days(moment, 0)

    def add_working_days(self, start: datetime, n: int) -> datetime:
        # The hot path of every deadline: _local and _locate are inlined for the common case, a
        # start in the office zone on an indexed day, which halves the cost of a call.
        local = start if start.tzinfo is self._zone else self._local(start)
        if n < 0:
            raise _negative_amount(n)
        ordinal = local.toordinal()
        index = self._index
        since_first = ordinal - index.first_ordinal
        # n + 1 working days ahead: a start after closing counts from the next working day
        if 0 <= since_first < len(index.rank) and index.rank[since_first] + n + 1 < len(index.days):
            position = index.rank[since_first]
        else:
            index, position = self._locate(ordinal, ahead=n + 1)
        clock = local.time()
        if index.ordinals[position] != ordinal or clock < self._opens:
            clock = self._opens
        elif clock >= self._closes:
            position, clock = position + 1, self._opens
        # tzinfo passed by position: the keyword form is measurably slower on this hot path
        return datetime.combine(index.days[position + n], clock, self._zone)

    def add_office_minutes(self, start: datetime, minutes: int) -> datetime:
        local = self._local(start)
        if minutes < 0:
            raise _negative_amount(minutes)
        if minutes == 0:
            return self.next_opening(local)
        added_us = minutes * _MICROSECONDS_PER_MINUTE
        index, _ = self._locate(local.toordinal(), ahead=added_us // self._day_us + 1)
        position, offset = divmod(self._office_clock(index, local) + added_us, self._day_us)
        if offset == 0:
            # the count ends at a closing time, which is also the next day's opening: stay
            # at closing, so an hour's task opened at 15:00 is due at 16:00 the same day
            position, offset = position - 1, self._day_us
        opening = datetime.combine(index.days[position], self._opens, self._zone)
        # aware + timedelta is wall-clock arithmetic, which is how office hours are written
        return opening + timedelta(microseconds=offset)

    def add_calendar_days(self, start: datetime, n: int) -> datetime:
        if n < 0:
            raise _negative_amount(n)
        return self._local(start) + timedelta(days=n)

    def due(
        self, start: datetime, duration: Duration, scheduled: date | None = None
    ) -> datetime | None:
        """When a step opened at ``start`` with time allowed ``duration`` is due; None if never.

        ``scheduled`` is the date recorded at an earlier step, for "Sesuai jadwal".
        """
        self._local(start)
        match duration.unit:
            case Unit.NONE:
                return None
            case Unit.MINUTES | Unit.HOURS:
                return self.add_office_minutes(start, duration.office_minutes)
            case Unit.WORKING_DAYS if duration.bare_day and self._bare_day_unit == "calendar":
                return self.add_calendar_days(start, duration.amount)
            case Unit.WORKING_DAYS:
                return self.add_working_days(start, duration.amount)
            case Unit.CALENDAR_DAYS:
                return self.add_calendar_days(start, duration.amount)
            case Unit.SCHEDULED:
                if scheduled is None:
                    raise ValueError(f"{duration.text or 'Sesuai jadwal'}: no scheduled date given")
                return self.end_of_day(scheduled)
            case unknown:
                assert_never(unknown)

    # Measuring time

    def elapsed_minutes(self, start: datetime, end: datetime) -> int:
        """Whole office minutes from ``start`` to ``end`` (0 if ``end`` is not later)."""
        start_local, end_local = self._local(start), self._local(end)
        if end_local <= start_local:
            return 0
        self._locate(end_local.toordinal())
        # the index covering the earlier day also covers the later one: indexes only grow
        index, _ = self._locate(start_local.toordinal())
        elapsed_us = self._office_clock(index, end_local) - self._office_clock(index, start_local)
        return elapsed_us // _MICROSECONDS_PER_MINUTE

    def elapsed_working_days(self, start: datetime, end: datetime) -> float:
        """Office time from ``start`` to ``end`` in working days of ``minutes_per_day``."""
        return self.elapsed_minutes(start, end) / self.minutes_per_day

    # The working-day index

    def _local(self, moment: datetime) -> datetime:
        if moment.tzinfo is self._zone:
            return moment  # the common case, and this method is on every hot path
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"a naive datetime has no time zone: {moment.isoformat()}")
        return moment.astimezone(self._zone)

    def _office_clock(self, index: _WorkingDayIndex, local: datetime) -> int:
        """Microseconds of office time from the first indexed opening to ``local``.

        Outside office hours this is the value at the next opening: a closing time and the
        next working day's opening share one value, so no time passes between them.
        """
        ordinal = local.toordinal()
        position = index.rank[ordinal - index.first_ordinal]
        if index.ordinals[position] != ordinal:
            return position * self._day_us
        into_day = _clock_microseconds(local.time()) - self._opens_us
        return position * self._day_us + min(max(into_day, 0), self._day_us)

    def _locate(self, ordinal: int, ahead: int = 0) -> tuple[_WorkingDayIndex, int]:
        """An index covering the day ``ordinal``, and the position in it of the first working
        day on or after that day, with at least ``ahead`` more working days indexed after it."""
        index = self._index
        position = index.position(ordinal, ahead)
        while position is None:
            index = self._extend(ordinal, ahead)
            position = index.position(ordinal, ahead)
        return index, position

    def _extend(self, ordinal: int, ahead: int) -> _WorkingDayIndex:
        """Index more whole years: back to the year of ``ordinal``, or forward far enough to
        hold it and, as far as a year of normal weeks goes, ``ahead`` more working days."""
        with self._extending:
            index = self._index
            if index.position(ordinal, ahead) is not None:
                return index  # another thread has just extended it
            year = date.fromordinal(ordinal).year
            years_ahead = -(-ahead // (len(self._workdays) * 52))
            if index.is_empty:
                first, last = year - 1, year + 1 + years_ahead
            elif year < index.first_year:
                first, last = year, index.last_year
            else:
                first, last = index.first_year, max(year + years_ahead, index.last_year + 1)
            self._index = self._indexed(index, first, last)
            return self._index

    def _indexed(self, index: _WorkingDayIndex, first: int, last: int) -> _WorkingDayIndex:
        if index.is_empty:
            years_before, years_after = range(first, last + 1), range(0)
        else:
            years_before = range(first, index.first_year)
            years_after = range(index.last_year + 1, last + 1)
        national = dict(index.national_holidays)
        found: Mapping[date, str] = holidays.country_holidays(
            "ID",
            years=[*years_before, *years_after],
            categories=_NATIONAL_CATEGORIES,
            language="id",
        )
        national.update(found)
        before = [o for y in years_before for o in self._working_ordinals(y, national)]
        after = [o for y in years_after for o in self._working_ordinals(y, national)]
        return _WorkingDayIndex.of_years(first, last, [*before, *index.ordinals, *after], national)

    def _working_ordinals(self, year: int, national: Mapping[date, str]) -> list[int]:
        """The year's working days, the one place the precedence of the rules is decided."""
        days = (date.fromordinal(o) for o in range(_new_year(year), _new_year(year + 1)))
        return [
            day.toordinal()
            for day in days
            if day in self._extra_working_days
            or (
                day not in self._days_off
                and day.weekday() in self._workdays
                and not (self._national_holidays and day in national)
            )
        ]


def _new_year(year: int) -> int:
    """The ordinal of 1 January of ``year``."""
    return date(year, 1, 1).toordinal()


def _clock_microseconds(clock: time) -> int:
    seconds = clock.hour * 3600 + clock.minute * 60 + clock.second
    return seconds * 1_000_000 + clock.microsecond


def _negative_amount(amount: int) -> ValueError:
    return ValueError(f"a deadline cannot be before its start: {amount}")
