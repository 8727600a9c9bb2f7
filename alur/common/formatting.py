"""Dates, times and durations as an Indonesian office writes them: "18 Agustus 2026 10.00 WITA".

English is written the same way with English month names and a colon in the time.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import translation
from django.utils.translation import ngettext

MONTHS_ID = (
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
MONTHS_ID_SHORT = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def _english() -> bool:
    return (translation.get_language() or "id").startswith("en")


def date_text(day: dt.date, *, short: bool = False) -> str:
    """``23 November 2026`` (``23 Nov 2026`` when short)."""
    if _english():
        month = MONTHS_EN[day.month - 1]
        month = month[:3] if short else month
    else:
        month = (MONTHS_ID_SHORT if short else MONTHS_ID)[day.month - 1]
    return f"{day.day} {month} {day.year}"


def day_text(day: dt.date) -> str:
    """``Sabtu, 5 Desember 2026``: the date with its day of the week."""
    names = DAYS_EN if _english() else DAYS_ID
    return f"{names[day.weekday()]}, {date_text(day)}"


def datetime_text(moment: dt.datetime, zone: str, *, short: bool = False) -> str:
    """``18 Agustus 2026 10.00 WITA``: the moment on the office's clock, with its zone."""
    local = moment.astimezone(ZoneInfo(zone))
    separator = ":" if _english() else "."
    clock = f"{local.hour:02d}{separator}{local.minute:02d}"
    zone_name = ZONE_NAMES.get(zone) or local.strftime("%Z")
    return f"{date_text(local.date(), short=short)} {clock} {zone_name}"


def duration_text(minutes: int, minutes_per_day: int) -> str:
    """Working time in office days, hours and minutes: ``1 hari 2 jam``, ``45 menit``."""
    days, rest = divmod(max(minutes, 0), minutes_per_day)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(n)d hari", "%(n)d hari", days) % {"n": days})
    if hours:
        parts.append(ngettext("%(n)d jam", "%(n)d jam", hours) % {"n": hours})
    if mins or not parts:
        parts.append(ngettext("%(n)d menit", "%(n)d menit", mins) % {"n": mins})
    return " ".join(parts)


def wait_text(seconds: int) -> str:
    """A wait in words, rounded up: ``30 detik``, ``4 menit``, ``1 jam 5 menit``."""
    if seconds < 60:
        return ngettext("%(n)d detik", "%(n)d detik", max(seconds, 1)) % {"n": max(seconds, 1)}
    return duration_text(-(-seconds // 60), 24 * 60)


def size_text(size: int) -> str:
    """``12,5 KB``: file sizes with the Indonesian decimal comma."""
    if size < 1024:
        return f"{size} B"
    value = size / 1024
    unit = "KB"
    for larger in ("MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, larger
    text = f"{value:.1f}"
    return f"{text if _english() else text.replace('.', ',')} {unit}"
