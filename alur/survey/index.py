"""The satisfaction index as Permenpan RB 14/2017 computes it, and the sample it asks for.

    NRR per element   the average of the element's answers (each 1..4)
    weighted NRR      NRR x 1/9: the nine elements weigh the same
    IKM               (sum of weighted NRR) x 25, so between 25 and 100
    grade             by the regulation's intervals of the converted value:
                      A 88,31-100 sangat baik · B 76,61-88,30 baik
                      C 65,00-76,60 kurang baik · D 25,00-64,99 tidak baik

The weight is kept as the fraction 1/9, not the 0,111 the annex rounds it to for a table
written by hand (with 0,111 nine answers of 4 give 99,9 rather than 100). Figures are exact
fractions until shown: rounded half up to two decimals, as the regulation writes them, and the
grade is read from the IKM so rounded.

The minimum sample is the Krejcie-Morgan table the regulation's annex reproduces (population N
of service users in the period -> sample n), read at the first row whose N is not below the
population: a population between two rows asks for the larger sample.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ELEMENT_COUNT = 9
WEIGHT = Fraction(1, ELEMENT_COUNT)
CONVERSION = 25
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Grade:
    letter: str
    lowest: Decimal
    words: Promise
    """The regulation's words for the quality of service (kinerja unit pelayanan)."""


GRADES: tuple[Grade, ...] = (
    Grade("A", Decimal("88.31"), _("Sangat baik")),
    Grade("B", Decimal("76.61"), _("Baik")),
    Grade("C", Decimal("65.00"), _("Kurang baik")),
    Grade("D", Decimal("25.00"), _("Tidak baik")),
)


def shown(value: Fraction) -> Decimal:
    """A figure as the regulation writes it: two decimals, rounded half up."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        TWO_PLACES, rounding=ROUND_HALF_UP
    )


def grade_of(ikm: Decimal) -> Grade:
    """The grade of an IKM written with two decimals (25,00 to 100,00)."""
    for grade in GRADES:
        if ikm >= grade.lowest:
            return grade
    raise ValueError(f"IKM {ikm} di bawah 25,00")


@dataclass(frozen=True)
class Index:
    respondents: int
    nrr: Mapping[str, Fraction]
    """Each element's average, exact."""

    @property
    def weighted(self) -> dict[str, Fraction]:
        return {code: value * WEIGHT for code, value in self.nrr.items()}

    @property
    def value(self) -> Fraction:
        """The IKM, exact: the weighted averages summed, times 25."""
        return sum(self.weighted.values(), Fraction(0)) * CONVERSION

    @property
    def ikm(self) -> Decimal:
        return shown(self.value)

    @property
    def grade(self) -> Grade:
        return grade_of(self.ikm)

    @property
    def weakest(self) -> list[str]:
        """The element(s) with the lowest average: where to improve first."""
        lowest = min(self.nrr.values())
        return [code for code, value in self.nrr.items() if value == lowest]


def index_of(codes: Sequence[str], answers: Iterable[Mapping[str, int]]) -> Index | None:
    """The index of ``answers`` (one mapping element code -> 1..4 per respondent, every element
    answered); ``None`` when nobody answered."""
    totals = dict.fromkeys(codes, 0)
    count = 0
    for answer in answers:
        count += 1
        for code in codes:
            value = answer[code]
            if not 1 <= value <= 4:
                raise ValueError(f"{code}: nilai {value} di luar 1..4")
            totals[code] += value
    if count == 0:
        return None
    return Index(count, {code: Fraction(total, count) for code, total in totals.items()})


def index_from_totals(totals: Mapping[str, int], respondents: int) -> Index | None:
    """The index from each element's sum of answers over ``respondents`` (a database's SUM)."""
    if respondents == 0:
        return None
    return Index(
        respondents, {code: Fraction(total, respondents) for code, total in totals.items()}
    )


KREJCIE_MORGAN: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40),
    (50, 44), (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70),
    (90, 73), (95, 76), (100, 80), (110, 86), (120, 92), (130, 97), (140, 103),
    (150, 108), (160, 113), (170, 118), (180, 123), (190, 127), (200, 132), (210, 136),
    (220, 140), (230, 144), (240, 148), (250, 152), (260, 155), (270, 159), (280, 162),
    (290, 165), (300, 169), (320, 175), (340, 181), (360, 186), (380, 191), (400, 196),
    (420, 201), (440, 205), (460, 210), (480, 214), (500, 217), (550, 226), (600, 234),
    (650, 242), (700, 248), (750, 254), (800, 260), (850, 265), (900, 269), (950, 274),
    (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306),
    (1600, 310), (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327),
    (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346), (4000, 351),
    (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368),
    (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (1000000, 384),
)  # fmt: skip
"""Population N -> sample n (Krejcie and Morgan 1970, as in the annex of Permenpan RB 14/2017)."""
_POPULATIONS = [population for population, _sample in KREJCIE_MORGAN]


def minimum_sample(population: int) -> int:
    """The respondents the regulation asks for among ``population`` service users: the table's
    sample at the first row not below it, never more than the population itself; 384 beyond
    the table's last row."""
    if population <= 0:
        return 0
    row = bisect.bisect_left(_POPULATIONS, population)
    sample = KREJCIE_MORGAN[row][1] if row < len(KREJCIE_MORGAN) else KREJCIE_MORGAN[-1][1]
    return min(sample, population)
