"""Case numbers in the office's pattern, with a sequence per office and year."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Protocol

from django.db import IntegrityError, models, transaction
from django.db.models import F

from alur.cases.models import CaseSequence
from alur.offices.models import Office

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


class YearSequence(Protocol):
    """A table of one counter per office and year (``office``, ``year``, ``last``), unique on
    (``office``, ``year``): case numbers, letter numbers."""

    objects: ClassVar[models.Manager[Any]]


def take_next(sequences: type[YearSequence], office: Office, year: int) -> int:
    """Take the next number of ``office`` in ``year`` from ``sequences``; call inside a
    transaction. The counter is raised in the database (``F``), never read and written back, so
    two requests at once get two numbers."""
    for _attempt in range(3):
        counters = sequences.objects.filter(office=office, year=year)
        if counters.update(last=F("last") + 1):
            last: int = counters.values_list("last", flat=True).get()
            return last
        try:
            with transaction.atomic():
                sequences.objects.create(office=office, year=year, last=1)
            return 1
        except IntegrityError:
            continue  # another request created the year's row first: take the next number
    raise RuntimeError(f"could not take a number from {sequences.__name__}")


def next_sequence(office: Office, year: int) -> int:
    """Take the next case number of ``office`` in ``year``; call inside a transaction."""
    return take_next(CaseSequence, office, year)


def format_number(pattern: str, *, office: Office, sop_code: str, seq: int, on: dt.date) -> str:
    return pattern.format(
        seq=seq,
        sop=sop_code.upper(),
        unit=office.code.upper(),
        month=on.month,
        month_roman=ROMAN_MONTHS[on.month - 1],
        year=on.year,
    )
