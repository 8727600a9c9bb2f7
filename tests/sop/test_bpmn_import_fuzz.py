"""Whatever BPMN it gets, the import answers with an SOP or with problems it can place and say;
it never raises. Inputs: the seeds' exports and the hand-drawn files, damaged at random
(attributes removed or changed, elements removed, texts changed)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from alur.sop import from_bpmn, load, to_bpmn
from alur.sop._bpmn.messages import MESSAGES

SOPS = Path(__file__).resolve().parents[2] / "sops"
FILES = Path(__file__).parent / "bpmn_files"
SOURCES = [to_bpmn(load(path)) for path in sorted(SOPS.glob("*.yaml"))] + [
    path.read_text(encoding="utf-8") for path in sorted(FILES.glob("*.bpmn"))
]
VALUES = ["", "x", "0", "-1", "999999", "ya", "tidak", "step_1", "gateway_6", "start", "lane_opd"]

Damage = tuple[int, int, int]
"""(which element, what to do, which value)."""


def _damaged(source: str, damages: list[Damage]) -> bytes:
    root = etree.fromstring(source.encode("utf-8"))
    elements = list(root.iter())
    for which, action, value in damages:
        element = elements[which % len(elements)]
        names = sorted(element.attrib)
        if action == 0 and names:
            del element.attrib[names[value % len(names)]]
        elif action == 1 and names:
            element.set(names[value % len(names)], VALUES[value % len(VALUES)])
        elif action == 2 and element.getparent() is not None:
            element.getparent().remove(element)
        else:
            element.text = VALUES[value % len(VALUES)]
    return etree.tostring(root)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(range(len(SOURCES))),
    st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 3), st.integers(0, 100)),
        min_size=1,
        max_size=4,
    ),
)
def test_a_damaged_file_gives_an_sop_or_problems_that_can_be_said(
    index: int, damages: list[Damage]
) -> None:
    result = from_bpmn(_damaged(SOURCES[index], damages))
    assert result.sop is not None or any(p.blocking for p in result.problems)
    for problem in result.problems:
        assert problem.code in MESSAGES
        assert problem.message("id")
        assert problem.message("en")
