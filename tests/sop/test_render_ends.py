"""The ends of the case on the bagan alur: each end symbol carries its own outcome's word and
sits in the lane of the step that ends the case there."""

from __future__ import annotations

import pytest

from alur.sop import ChartLayout, Outcome, chart_layout, loads
from alur.sop._render.edges import END_WORDS
from alur.sop._render.geometry import Shape, Symbol
from tests.sop.render_geometry import faults

HEAD = """\
format: 1
kode: uji-akhir
identitas:
  pemerintah: Pemerintah Kota Uji
  instansi: Dinas Komunikasi dan Informatika
  nama: Uji Akhir
  disahkan_oleh: {jabatan: Kepala Dinas}
pelaksana:
  - {id: pemohon, nama: Pemohon, pemohon: true}
  - {id: staf, nama: Staf}
  - {id: kasi, nama: Kepala Seksi}
"""


def ends(chart: ChartLayout) -> list[Symbol]:
    return [
        s
        for page in chart.pages
        for s in page.symbols
        if s.shape is Shape.TERMINATOR and s.text != "mulai"
    ]


def test_every_outcome_has_its_own_word() -> None:
    assert {outcome: END_WORDS.get(outcome) for outcome in Outcome} == {
        outcome: outcome.value for outcome in Outcome
    }


@pytest.mark.parametrize("outcome", ["dikembalikan", "dihentikan"])
def test_a_final_step_that_returns_or_stops_the_case_prints_that_word(outcome: str) -> None:
    sop = loads(
        HEAD
        + f"""\
langkah:
  - {{no: 1, jenis: mulai, uraian: Mengajukan permohonan, pelaksana: pemohon}}
  - no: 2
    jenis: keputusan
    uraian: Memeriksa berkas
    pelaksana: staf
    ya: 4
    tidak: 3
  - {{no: 3, jenis: selesai, akhir: {outcome}, uraian: Menyampaikan alasan, pelaksana: staf}}
  - {{no: 4, jenis: selesai, uraian: Menyerahkan hasil, pelaksana: kasi}}
"""
    )

    drawn = {s.step: s.text for s in ends(chart_layout(sop))}

    assert drawn == {3: outcome, 4: "selesai"}


@pytest.mark.parametrize("outcome", ["selesai", "dikembalikan", "dihentikan"])
def test_a_branch_that_ends_the_case_prints_its_outcome_in_the_symbol_and_the_note(
    outcome: str,
) -> None:
    sop = loads(
        HEAD
        + f"""\
langkah:
  - {{no: 1, jenis: mulai, uraian: Mengajukan permohonan, pelaksana: pemohon}}
  - no: 2
    jenis: keputusan
    uraian: Memeriksa berkas
    pelaksana: staf
    ya: 3
    tidak: {{akhir: {outcome}, alasan: Tidak dapat dilayani}}
  - {{no: 3, jenis: selesai, uraian: Menyerahkan hasil, pelaksana: kasi}}
"""
    )
    chart = chart_layout(sop)
    note = next(c for r in chart.pages[0].rows if r.step == 2 for c in r.cells if c.column == "ket")

    assert [(s.id, s.text) for s in ends(chart)] == [
        ("langkah-3", "selesai"),
        ("akhir-2-tidak", outcome),
    ]
    assert " ".join(note.lines) == f"tidak: {outcome}, Tidak dapat dilayani"


def lane_columns(chart: ChartLayout) -> dict[str, tuple[float, float]]:
    return {
        c.key.removeprefix("lane:"): (c.x, c.right)
        for c in chart.columns
        if c.key.startswith("lane:")
    }


def end_lanes(chart: ChartLayout, symbol: Symbol) -> list[str]:
    """The lanes whose column holds the symbol's whole box."""
    return [
        lane
        for lane, (left, right) in lane_columns(chart).items()
        if left <= symbol.box.x and symbol.box.right <= right
    ]


def decision_sop(pelaksana: str, ya: str, tidak: str) -> str:
    return (
        HEAD
        + f"""\
langkah:
  - {{no: 1, jenis: mulai, uraian: Mengajukan permohonan, pelaksana: pemohon}}
  - no: 2
    jenis: keputusan
    uraian: Memeriksa berkas
    pelaksana: {pelaksana}
    ya: {ya}
    tidak: {tidak}
  - {{no: 3, jenis: selesai, uraian: Menyerahkan hasil, pelaksana: kasi}}
"""
    )


RETURNED = "{akhir: dikembalikan, alasan: Berkas kurang}"
STOPPED = "{akhir: dihentikan, alasan: Tidak dapat dibuat}"


@pytest.mark.parametrize("lane", ["pemohon", "staf", "kasi"])
@pytest.mark.parametrize(("ya", "tidak"), [("3", RETURNED), (STOPPED, "3")])
def test_the_end_of_a_branch_sits_in_the_lane_of_its_decision(
    lane: str, ya: str, tidak: str
) -> None:
    chart = chart_layout(loads(decision_sop(lane, ya, tidak)))
    page = chart.pages[0]
    (end,) = [s for s in ends(chart) if s.step is None]

    assert end_lanes(chart, end) == [lane]
    assert end.box.y > page.symbol("langkah-2").box.bottom
    assert faults(chart) == []


def test_both_ends_of_a_decision_sit_in_its_lane_one_under_the_other() -> None:
    text = decision_sop("staf", STOPPED, RETURNED)
    chart = chart_layout(loads(text[: text.index("  - {no: 3")]))
    page = chart.pages[0]
    stopped, returned = page.symbol("akhir-2-ya"), page.symbol("akhir-2-tidak")

    assert (end_lanes(chart, stopped), end_lanes(chart, returned)) == (["staf"], ["staf"])
    assert page.symbol("langkah-2").box.bottom < stopped.box.y < returned.box.y
    assert stopped.box.bottom < returned.box.y
    assert (stopped.text, returned.text) == ("dihentikan", "dikembalikan")
    assert faults(chart) == []


def test_the_end_of_a_joint_decision_sits_in_one_of_its_lanes() -> None:
    chart = chart_layout(loads(decision_sop("[staf, kasi]", "3", RETURNED)))
    (end,) = [s for s in ends(chart) if s.step is None]

    assert end_lanes(chart, end) == ["staf"]
    assert faults(chart) == []


@pytest.mark.parametrize("lane", ["pemohon", "staf", "kasi"])
def test_a_final_step_sits_in_its_own_lane(lane: str) -> None:
    chart = chart_layout(loads(decision_sop("staf", "3", RETURNED).replace("kasi}", f"{lane}}}")))
    final = chart.pages[0].symbol("langkah-3")

    assert end_lanes(chart, final) == [lane]
