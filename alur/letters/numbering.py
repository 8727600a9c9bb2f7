"""Letter numbers in the office's pattern, with a sequence per office and year.

The pattern is the office's setting (``Letterhead.number_pattern``): classification code,
sequence, processing unit, month (also in Roman numerals) and year, e.g.
``{klasifikasi}/{seq:03d}/{unit}/{month_roman}/{year}`` -> ``000.1/007/KOMINFO/XI/2026``.
"""

from __future__ import annotations

import datetime as dt

from alur.cases.numbering import ROMAN_MONTHS, take_next
from alur.letters.models import Letterhead, LetterSequence
from alur.offices.models import Office


class PatternInvalid(ValueError):
    """The office's letter-number pattern names a part that does not exist or is malformed."""


def next_letter_sequence(office: Office, year: int) -> int:
    """Take the next letter number of ``office`` in ``year``; call inside a transaction."""
    return take_next(LetterSequence, office, year)


def format_letter_number(
    letterhead: Letterhead, *, classification: str, seq: int, on: dt.date
) -> str:
    try:
        return letterhead.number_pattern.format(
            klasifikasi=classification,
            seq=seq,
            unit=letterhead.unit_code,
            month=on.month,
            month_roman=ROMAN_MONTHS[on.month - 1],
            year=on.year,
        )
    except (KeyError, IndexError, ValueError) as error:
        raise PatternInvalid(str(error)) from None
