"""Case numbers in the office's pattern, with a sequence per office and year."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F

from alur.cases.models import CaseSequence
from alur.offices.models import Office

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def next_sequence(office: Office, year: int) -> int:
    """Take the next number of ``office`` in ``year``; call inside a transaction."""
    for _attempt in range(3):
        updated = CaseSequence.objects.filter(office=office, year=year).update(last=F("last") + 1)
        if updated:
            return CaseSequence.objects.get(office=office, year=year).last
        try:
            with transaction.atomic():
                CaseSequence.objects.create(office=office, year=year, last=1)
            return 1
        except IntegrityError:
            continue  # another request created the year's row first: take the next number
    raise RuntimeError("could not take a case number")


def format_number(pattern: str, *, office: Office, sop_code: str, seq: int, on: dt.date) -> str:
    return pattern.format(
        seq=seq,
        sop=sop_code.upper(),
        unit=office.code.upper(),
        month=on.month,
        month_roman=ROMAN_MONTHS[on.month - 1],
        year=on.year,
    )
