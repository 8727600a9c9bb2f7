"""The index and the sample, checked against Permenpan RB 14/2017 (Pedoman Penyusunan Survei
Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik), its annex (Lampiran), part
"Pengolahan Data".

What the annex fixes, and each is checked here:
- each element's average (NRR) weighs the same, 1/9 (the annex writes the weight 0,111);
- IKM = (sum of the weighted NRR) x 25;
- its table "Nilai Persepsi, Interval IKM, Interval Konversi IKM, Mutu Pelayanan dan Kinerja
  Unit Pelayanan": nilai interval 1,00-2,5996 -> 25,00-64,99 D tidak baik; 2,60-3,064 ->
  65,00-76,60 C kurang baik; 3,0644-3,532 -> 76,61-88,30 B baik; 3,5324-4,00 -> 88,31-100,00
  A sangat baik;
- the Krejcie-Morgan table of population and sample the annex reproduces.

The annex's own filled-in example could not be read from a copy of the regulation available
here, so the worked example below is computed by hand with the annex's method and its figures
are written out in full: ten respondents, the sums of their answers per element
U1..U9 = 32, 30, 27, 40, 31, 33, 35, 26, 29 (283 in all).
NRR = 3,20 3,00 2,70 4,00 3,10 3,30 3,50 2,60 2,90; weighted (x 1/9) = 0,36 0,33 0,30 0,44 0,34
0,37 0,39 0,29 0,32; sum = 283/90 = 3,1444...; IKM = 3,1444... x 25 = 78,61 -> B, baik.
(With the annex's rounded weight 0,111 and NRR x 0,111 written to three places, half up, the
sum is 3,142 and the IKM 78,55: the same grade.)
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from alur.survey.elements import CODES, ELEMENTS
from alur.survey.index import KREJCIE_MORGAN, grade_of, index_of, minimum_sample, shown

COLUMNS = {
    "persyaratan": [4, 4, 3, 3, 3, 3, 3, 3, 3, 3],
    "prosedur": [3] * 10,
    "waktu": [3] * 7 + [2] * 3,
    "biaya": [4] * 10,
    "produk": [4] + [3] * 9,
    "kompetensi": [4] * 3 + [3] * 7,
    "perilaku": [4] * 5 + [3] * 5,
    "pengaduan": [3] * 6 + [2] * 4,
    "sarana": [3] * 9 + [2],
}
ANSWERS = [{code: COLUMNS[code][i] for code in CODES} for i in range(10)]


def test_the_nine_elements_are_the_regulations_in_its_order_each_with_four_worded_values() -> None:
    assert [e.code for e in ELEMENTS] == [
        "persyaratan",
        "prosedur",
        "waktu",
        "biaya",
        "produk",
        "kompetensi",
        "perilaku",
        "pengaduan",
        "sarana",
    ]
    assert [e.number for e in ELEMENTS] == list(range(1, 10))
    assert [str(w) for w in ELEMENTS[0].words] == [
        "Tidak sesuai",
        "Kurang sesuai",
        "Sesuai",
        "Sangat sesuai",
    ]
    assert [str(w) for w in ELEMENTS[3].words] == ["Sangat mahal", "Cukup mahal", "Murah", "Gratis"]


def test_the_worked_example_gives_every_figure_written_in_the_docstring() -> None:
    index = index_of(CODES, ANSWERS)

    assert index is not None
    assert index.respondents == 10
    assert [shown(index.nrr[c]) for c in CODES] == [
        Decimal(v) for v in ("3.20", "3.00", "2.70", "4.00", "3.10", "3.30", "3.50", "2.60", "2.90")
    ]
    assert [shown(index.weighted[c]) for c in CODES] == [
        Decimal(v) for v in ("0.36", "0.33", "0.30", "0.44", "0.34", "0.37", "0.39", "0.29", "0.32")
    ]
    assert sum(index.weighted.values(), Fraction(0)) == Fraction(283, 90)
    assert index.value == Fraction(1415, 18)
    assert index.ikm == Decimal("78.61")
    assert (index.grade.letter, str(index.grade.words)) == ("B", "Baik")
    assert index.weakest == ["pengaduan"]


def test_the_annexs_rounded_weight_gives_the_same_grade_for_the_example() -> None:
    rounded = sum(
        (shown(Fraction(sum(COLUMNS[c]), 10)) * Decimal("0.111")).quantize(
            Decimal("0.001"), ROUND_HALF_UP
        )
        for c in CODES
    )
    assert rounded == Decimal("3.142")
    assert rounded * 25 == Decimal("78.550")
    assert grade_of(Decimal("78.55")).letter == "B"


@pytest.mark.parametrize(
    ("perception", "converted", "letter", "words"),
    [
        # each bound of the annex's table: the interval of perception x 25 = its conversion
        ("1.00", "25.00", "D", "Tidak baik"),
        ("2.5996", "64.99", "D", "Tidak baik"),
        ("2.60", "65.00", "C", "Kurang baik"),
        ("3.064", "76.60", "C", "Kurang baik"),
        ("3.0644", "76.61", "B", "Baik"),
        ("3.532", "88.30", "B", "Baik"),
        ("3.5324", "88.31", "A", "Sangat baik"),
        ("4.00", "100.00", "A", "Sangat baik"),
    ],
)
def test_each_bound_of_the_annexs_interval_table_converts_and_grades_as_written(
    perception: str, converted: str, letter: str, words: str
) -> None:
    ikm = shown(Fraction(Decimal(perception)) * 25)
    assert ikm == Decimal(converted)
    grade = grade_of(ikm)
    assert (grade.letter, str(grade.words)) == (letter, words)


def test_every_answer_the_best_gives_100_and_every_answer_the_worst_25() -> None:
    best = index_of(CODES, [dict.fromkeys(CODES, 4)])
    worst = index_of(CODES, [dict.fromkeys(CODES, 1)] * 3)
    assert best is not None and worst is not None
    assert (best.ikm, best.grade.letter) == (Decimal("100.00"), "A")
    assert (worst.ikm, worst.grade.letter) == (Decimal("25.00"), "D")
    assert worst.weakest == list(CODES)


def test_no_answers_give_no_index_and_a_value_outside_1_to_4_is_refused() -> None:
    assert index_of(CODES, []) is None
    with pytest.raises(ValueError, match="waktu"):
        index_of(CODES, [{**dict.fromkeys(CODES, 3), "waktu": 5}])


@pytest.mark.parametrize(
    ("population", "sample"),
    # rows of the published table (Krejcie and Morgan 1970, Table 1; the annex's copy)
    [
        (10, 10),
        (50, 44),
        (100, 80),
        (150, 108),
        (200, 132),
        (300, 169),
        (500, 217),
        (1000, 278),
        (2000, 322),
        (5000, 357),
        (10000, 370),
        (100000, 384),
        (1000000, 384),
    ],
)
def test_the_sample_of_a_row_of_the_published_table(population: int, sample: int) -> None:
    assert minimum_sample(population) == sample


def test_a_population_between_rows_asks_the_larger_rows_sample_and_never_more_than_itself() -> None:
    assert minimum_sample(0) == 0
    assert minimum_sample(7) == 7
    assert minimum_sample(12) == 12  # the row of 15 asks 14, more than the 12 there are
    assert minimum_sample(101) == 86  # the row of 110
    assert minimum_sample(2_000_000) == 384


def test_every_row_of_the_table_agrees_with_the_formula_the_table_was_computed_from() -> None:
    """s = X²NP(1-P) / (d²(N-1) + X²P(1-P)), X² = 3,841, P = 0,5, d = 0,05 (Krejcie and
    Morgan 1970): a mistyped row would stand out."""
    populations = [population for population, _sample in KREJCIE_MORGAN]
    assert populations == sorted(set(populations))
    for population, sample in KREJCIE_MORGAN:
        exact = 3.841 * population * 0.25 / (0.0025 * (population - 1) + 3.841 * 0.25)
        assert abs(exact - sample) <= 1, (population, sample, exact)
