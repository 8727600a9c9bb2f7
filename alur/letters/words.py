"""Dates and numbers written the way Tata Naskah Dinas writes them in letters.

Babel gives the month and day names ("23 November 2026", "Senin"); num2words gives the numbers
in words ("dua puluh tiga", "dua ribu dua puluh enam"). Its Indonesian output was checked for
every day of a month and the years a letter is dated in (tests/letters/test_words.py), so no
correction is applied.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from num2words import num2words


def number_words(n: int) -> str:
    """``23`` -> ``dua puluh tiga``."""
    return str(num2words(n, lang="id"))


def date_text(day: dt.date) -> str:
    """``23 November 2026``."""
    return str(format_date(day, "d MMMM y", locale="id"))


def place_and_date(place: str, day: dt.date) -> str:
    """``Batam, 23 November 2026``: the line above a letter's signature."""
    return f"{place}, {date_text(day)}"


def date_in_words(day: dt.date) -> str:
    """``Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam``: how a Berita
    Acara opens ("Pada hari ini ...")."""
    weekday = format_date(day, "EEEE", locale="id")
    month = format_date(day, "MMMM", locale="id")
    return f"{weekday} tanggal {number_words(day.day)} bulan {month} tahun {number_words(day.year)}"


def count_text(n: int) -> str:
    """``2 (dua)``: a count as letters write it."""
    return f"{n} ({number_words(n)})"
