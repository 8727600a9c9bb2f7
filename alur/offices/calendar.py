"""The working-day calendar of an office, built from its settings and its own days."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from typing import Literal

from alur.common.reuse import remembered
from alur.offices.models import Office, OfficeDay
from alur.sop import OfficeCalendar


@dataclass(frozen=True)
class _Settings:
    zone: str
    opens: dt.time
    closes: dt.time
    workdays: tuple[int, ...]
    national_holidays: bool
    bare_day_unit: Literal["working", "calendar"]
    days: tuple[tuple[dt.date, str, str], ...]


def calendar_for(office: Office) -> OfficeCalendar:
    """The office's calendar; rebuilt only when its settings or its days change. Its days are
    read once per request (``alur.common.reuse``), so a new holiday counts from the next one."""
    return _build(_settings(office))


def calendar_key(office: Office) -> str:
    """A short digest of everything the office's calendar is built from (its settings, its
    days, the national holidays' release): equal keys, equal calendars. What was counted by
    the calendar and kept (``alur.cases.due.Folded``) holds while the key is the same."""
    return _key(_settings(office))


def _settings(office: Office) -> _Settings:
    days = remembered(("offices.days", office.pk), lambda: _days(office))
    unit: Literal["working", "calendar"] = (
        "calendar" if office.bare_day_unit == "calendar" else "working"
    )
    return _Settings(
        zone=office.zone,
        opens=office.opens,
        closes=office.closes,
        workdays=office.workday_numbers,
        national_holidays=office.national_holidays,
        bare_day_unit=unit,
        days=days,
    )


_HOLIDAYS = version("holidays")
"""The national holidays' release: a new one may add or move a day."""


@lru_cache(maxsize=64)
def _key(settings: _Settings) -> str:
    text = f"{settings!r} holidays {_HOLIDAYS}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _days(office: Office) -> tuple[tuple[dt.date, str, str], ...]:
    return tuple(
        OfficeDay.objects.filter(office=office).order_by("date").values_list("date", "kind", "name")
    )


@lru_cache(maxsize=64)
def _build(settings: _Settings) -> OfficeCalendar:
    return OfficeCalendar(
        zone=settings.zone,
        opens=settings.opens,
        closes=settings.closes,
        workdays=settings.workdays,
        national_holidays=settings.national_holidays,
        bare_day_unit=settings.bare_day_unit,
        days_off={d: name for d, kind, name in settings.days if kind == OfficeDay.Kind.DAY_OFF},
        extra_working_days=[d for d, kind, _ in settings.days if kind == OfficeDay.Kind.WORKING],
    )
