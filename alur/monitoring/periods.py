"""Half-year periods of the monitoring form, on the office's own clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _


def period_bounds(year: int, half: int, zone: str) -> tuple[dt.datetime, dt.datetime]:
    """From midnight of 1 January (half 1) or 1 July (half 2) in the office's zone, to the
    midnight that ends the period (excluded)."""
    tz = ZoneInfo(zone)
    start = dt.datetime(year, 1 if half == 1 else 7, 1, tzinfo=tz)
    end = (
        dt.datetime(year, 7, 1, tzinfo=tz) if half == 1 else dt.datetime(year + 1, 1, 1, tzinfo=tz)
    )
    return start, end


def period_of(moment: dt.datetime, zone: str) -> tuple[int, int]:
    """The (year, half) ``moment`` falls in, on the office's clock."""
    local = moment.astimezone(ZoneInfo(zone))
    return local.year, 1 if local.month <= 6 else 2


def period_text(year: int, half: int) -> str:
    """``Semester I (Januari–Juni) 2026``."""
    if half == 1:
        return _("Semester I (Januari–Juni) %(year)d") % {"year": year}
    return _("Semester II (Juli–Desember) %(year)d") % {"year": year}
