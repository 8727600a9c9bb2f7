"""Waktu: the time a step is allowed, as written in the flow table.

"60 mnt", "120 menit"          minutes of office time
"3 jam"                        hours of office time
"1 hari", "1 Hari Kerja"       working days (a bare "hari" is a working day)
"30 hari kalender"             calendar days
"Maksimal 35 Hari Kerja"       the same units, written as a maximum
"Sesuai jadwal"                due at a date recorded at an earlier step
"—", "-", "" or no value       no deadline: the time taken is still measured
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class Unit(StrEnum):
    NONE = "none"
    MINUTES = "minutes"
    HOURS = "hours"
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    SCHEDULED = "scheduled"


@dataclass(frozen=True, slots=True)
class Duration:
    unit: Unit
    amount: int = 0
    maximum: bool = False
    text: str = ""
    bare_day: bool = False
    """A bare "hari": a working day unless the office counts calendar days."""

    @property
    def has_deadline(self) -> bool:
        return self.unit is not Unit.NONE

    @property
    def office_minutes(self) -> int:
        """Minutes of office time for the minute and hour units (0 for the others)."""
        if self.unit is Unit.MINUTES:
            return self.amount
        if self.unit is Unit.HOURS:
            return self.amount * 60
        return 0


NONE = Duration(Unit.NONE)

_NONE_TEXTS = {"", "-", "—", "–", "--"}
_UNITS: dict[str, Unit] = {
    "mnt": Unit.MINUTES,
    "menit": Unit.MINUTES,
    "jam": Unit.HOURS,
    "hari": Unit.WORKING_DAYS,
    "hari kerja": Unit.WORKING_DAYS,
    "hk": Unit.WORKING_DAYS,
    "hari kalender": Unit.CALENDAR_DAYS,
}
_PATTERN = re.compile(
    r"^(?:(?P<max>maksimal|maks\.?|paling lama)\s+)?(?P<amount>\d{1,5})\s*"
    r"(?P<unit>mnt|menit|jam|hari\s+kerja|hari\s+kalender|hari|hk)$"
)
_SCHEDULED = re.compile(r"^sesuai\s+jadwal$")


@lru_cache(maxsize=1024)
def parse_duration(text: str | None) -> Duration:
    """Parse a ``waktu`` cell. Raises ``ValueError`` when the text is not a known duration.

    Remembered per text (a ``Duration`` is immutable): a step's ``duration`` is asked for on
    every visit a case's due adds up."""
    if text is None:
        return NONE
    raw = " ".join(text.split())
    low = raw.lower()
    if low in _NONE_TEXTS:
        return Duration(Unit.NONE, text=raw)
    if _SCHEDULED.match(low):
        return Duration(Unit.SCHEDULED, text=raw)
    match = _PATTERN.match(low)
    if match is None:
        raise ValueError(raw)
    amount = int(match["amount"])
    if amount == 0:
        raise ValueError(raw)
    unit_text = " ".join(match["unit"].split())
    return Duration(
        _UNITS[unit_text],
        amount,
        maximum=match["max"] is not None,
        text=raw,
        bare_day=unit_text == "hari",
    )
