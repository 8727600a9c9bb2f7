"""The requester's time limit (batas_pemohon) in the format: read, refused in a format-1 file,
printed in the Ket. column, and carried through BPMN unchanged."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from alur.sop import RequesterLimit, Sop, chart_layout, check_text, from_bpmn, load, to_bpmn
from alur.sop._bpmn.export import ALUR_NS

ROOT = Path(__file__).resolve().parents[2]
WITH_LIMIT = ROOT / "tests" / "deadlines" / "sops" / "izin-lengkapi.yaml"


def _ket(sop: Sop, step: int) -> str:
    chart = chart_layout(sop)
    row = next(r for page in chart.pages for r in page.rows if r.step == step)
    cell = next(c for c in row.cells if c.column == "ket")
    return " ".join(" ".join(cell.lines).split())


def test_a_requester_step_holds_its_limit_and_reminders() -> None:
    sop = load(WITH_LIMIT)
    assert sop.steps[3].batas_pemohon == RequesterLimit(hari=14, pengingat=[7, 1])
    assert sop.steps[2].batas_pemohon is None


def test_the_limit_is_printed_in_the_ket_column_of_its_step() -> None:
    sop = load(WITH_LIMIT)
    assert _ket(sop, 3) == "Batas pemohon 14 hari (diingatkan 7 dan 1 hari sebelumnya)"
    assert _ket(sop, 4) == ""


def test_a_limit_without_reminders_prints_the_days_alone() -> None:
    text = WITH_LIMIT.read_text(encoding="utf-8").replace(
        "{hari: 14, pengingat: [7, 1]}", "{hari: 30}"
    )
    result = check_text(text, "x.yaml")
    assert list(result.problems) == []
    assert result.sop is not None
    assert _ket(result.sop, 3) == "Batas pemohon 30 hari"


def test_a_format_1_file_may_not_write_it() -> None:
    text = WITH_LIMIT.read_text(encoding="utf-8").replace("format: 2", "format: 1")
    result = check_text(text, "x.yaml")
    assert [(p.code, p.line, p.column) for p in result.problems] == [("format.needs_newer", 42, 20)]
    assert result.problems[0].message("id").startswith("Kunci 'batas_pemohon' baru ada di format 2")


def test_bpmn_carries_the_limit_in_an_alur_element_and_brings_it_back_the_same() -> None:
    sop = load(WITH_LIMIT)
    tree = etree.fromstring(to_bpmn(sop).encode("utf-8"))
    limits = [dict(e.attrib) for e in tree.iterfind(".//alur:batas_pemohon", {"alur": ALUR_NS})]
    assert limits == [{"hari": "14", "pengingat": "7 1"}]
    result = from_bpmn(to_bpmn(sop))
    assert result.problems == ()
    assert result.sop is not None
    assert result.sop.model_dump() == sop.model_dump()
