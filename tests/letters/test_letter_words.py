"""Dates and numbers in words as a Berita Acara writes them, and letter numbers in the
office's pattern."""

from __future__ import annotations

import datetime as dt

import pytest

from alur.letters import words
from alur.letters.models import Letterhead
from alur.letters.numbering import PatternInvalid, format_letter_number


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (12, "dua belas"),
        (19, "sembilan belas"),
        (20, "dua puluh"),
        (23, "dua puluh tiga"),
        (31, "tiga puluh satu"),
        (2011, "dua ribu sebelas"),
        (2026, "dua ribu dua puluh enam"),
        (2030, "dua ribu tiga puluh"),
        (2100, "dua ribu seratus"),
    ],
)
def test_numbers_are_written_in_indonesian_words(number: int, text: str) -> None:
    assert words.number_words(number) == text


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (
            dt.date(2026, 11, 23),
            "Senin tanggal dua puluh tiga bulan November tahun dua ribu dua puluh enam",
        ),
        (dt.date(2027, 1, 1), "Jumat tanggal satu bulan Januari tahun dua ribu dua puluh tujuh"),
        (
            dt.date(2026, 8, 11),
            "Selasa tanggal sebelas bulan Agustus tahun dua ribu dua puluh enam",
        ),
    ],
)
def test_a_date_is_written_in_words_with_its_day(day: dt.date, text: str) -> None:
    assert words.date_in_words(day) == text


def test_the_place_and_date_line_and_counts() -> None:
    assert words.place_and_date("Batam", dt.date(2026, 11, 23)) == "Batam, 23 November 2026"
    assert words.place_and_date("Sumbawa Besar", dt.date(2021, 12, 2)) == (
        "Sumbawa Besar, 2 Desember 2021"
    )
    assert words.count_text(2) == "2 (dua)"


@pytest.mark.parametrize(
    ("pattern", "on", "number"),
    [
        ("{klasifikasi}/{seq:03d}/{unit}/{month_roman}/{year}", dt.date(2026, 11, 23),
         "000.1/007/KOMINFO/XI/2026"),
        ("{klasifikasi}/{seq}/{unit}/{year}", dt.date(2026, 4, 1), "000.1/7/KOMINFO/2026"),
        ("{seq:02d}/{unit}-{month:02d}/{year}", dt.date(2026, 4, 1), "07/KOMINFO-04/2026"),
    ],
)  # fmt: skip
def test_a_letter_number_follows_the_offices_pattern(
    pattern: str, on: dt.date, number: str
) -> None:
    letterhead = Letterhead(number_pattern=pattern, unit_code="KOMINFO")

    assert format_letter_number(letterhead, classification="000.1", seq=7, on=on) == number


@pytest.mark.parametrize("pattern", ["{nomor}/{year}", "{seq:d}/{unit:x}", "{klasifikasi"])
def test_a_pattern_that_cannot_be_used_is_refused(pattern: str) -> None:
    letterhead = Letterhead(number_pattern=pattern, unit_code="KOMINFO")

    with pytest.raises(PatternInvalid):
        format_letter_number(letterhead, classification="000.1", seq=7, on=dt.date(2026, 1, 5))
