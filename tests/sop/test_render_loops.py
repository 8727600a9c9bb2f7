"""Lines going back to an earlier step (loops) are drawn inside the lane area, in the loop
gutter at the right of the last lane, clear of the border with the Mutu Baku columns
(Kelengkapan, Waktu, Output, Ket.), and two loops never run along each other.

Read from the drawn SVG (each arrow is a ``polyline``): a back line is an arrow that climbs.
Checked on the seeds (SOP 5 has loops, within a page and over a page break) and on the
generated SOPs of ``test_render_random``, many with several nested loops and loops through
the same connector band."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from alur.sop import ChartLayout, Sop, chart_layout, chart_svg, load
from alur.sop._render.geometry import Point
from tests.sop.test_render_random import generated

SOPS = Path(__file__).resolve().parents[2] / "sops"
SVG = "{http://www.w3.org/2000/svg}"
CLEARANCE = 6.0
"""How far a back line's vertical run stays left of the lanes' right border at least."""

Line = tuple[Point, ...]
Segment = tuple[Point, Point]


def drawn_lines(sop: Sop) -> dict[int, list[Line]]:
    """The arrows of each chart page, as drawn: the points of its polylines."""
    root = ET.fromstring(chart_svg(sop))  # noqa: S314 - our own output, not outside input
    lines: dict[int, list[Line]] = {}
    for page in root.iter(f"{SVG}svg"):
        if "data-halaman" not in page.attrib:
            continue
        number = int(page.attrib["data-halaman"]) - 1
        lines[number] = [
            tuple(
                (float(x), float(y))
                for x, y in (pair.split(",") for pair in polyline.attrib["points"].split())
            )
            for polyline in page.iter(f"{SVG}polyline")
            if polyline.attrib.get("fill") == "none"
        ]
    return lines


def climbs(line: Line) -> bool:
    return any(a[0] == b[0] and b[1] < a[1] for a, b in pairwise(line))


def back_lines(sop: Sop) -> dict[int, list[Line]]:
    return {n: [line for line in lines if climbs(line)] for n, lines in drawn_lines(sop).items()}


def faults(sop: Sop, chart: ChartLayout) -> list[tuple[object, ...]]:
    columns = {c.key: c for c in chart.columns}
    lanes_left = min(c.x for c in chart.columns if c.key.startswith("lane:"))
    border = columns["kelengkapan"].x  # the lanes' right border, with the Mutu Baku columns
    found: list[tuple[object, ...]] = []
    for number, lines in back_lines(sop).items():
        page = chart.pages[number]
        top, bottom = page.rows[0].y, page.rows[-1].bottom
        for line in lines:
            for a, b in pairwise(line):
                in_rows = min(a[1], b[1]) < bottom and max(a[1], b[1]) > top
                vertical = a[0] == b[0]
                if vertical and in_rows and not lanes_left < a[0] <= border - CLEARANCE:
                    found.append(("beside the Mutu Baku border", number, line))
        for one, other in combinations(lines, 2):
            if one[-1] == other[-1]:
                continue  # two lines into the same symbol join on their way there
            if any(_overlap(s, t) for s in pairwise(one) for t in pairwise(other)):
                found.append(("two loops share a segment", number, one, other))
    return found


def _overlap(s: Segment, t: Segment) -> bool:
    """Whether two axis-parallel segments run along each other for more than a point."""
    (ax, ay), (bx, by) = s
    (cx, cy), (dx, dy) = t
    if ax == bx == cx == dx:
        return min(max(ay, by), max(cy, dy)) - max(min(ay, by), min(cy, dy)) > 0.5
    if ay == by == cy == dy:
        return min(max(ax, bx), max(cx, dx)) - max(min(ax, bx), min(cx, dx)) > 0.5
    return False


@pytest.mark.parametrize("name", sorted(p.name for p in SOPS.glob("*.yaml")))
def test_a_seeds_loops_run_inside_the_lanes_clear_of_the_mutu_baku_border(name: str) -> None:
    sop = load(SOPS / name)
    assert faults(sop, chart_layout(sop)) == []


def test_sop_5_draws_its_loops_in_the_gutter_of_the_last_lane() -> None:
    sop = load(SOPS / "05-permohonan-pembuatan-aplikasi.yaml")
    chart = chart_layout(sop)
    columns = {c.key: c for c in chart.columns}
    verticals = {
        a[0]
        for lines in back_lines(sop).values()
        for line in lines
        for a, b in pairwise(line)
        if a[0] == b[0] and b[1] < a[1]
    }

    assert verticals == {columns["gutter"].x + 6}
    assert columns["kelengkapan"].x - columns["gutter"].x - 6 == 9


@pytest.mark.parametrize("seed", range(120))
def test_a_generated_sops_loops_run_inside_the_lanes_and_apart(seed: int) -> None:
    sop = generated(seed)
    assert faults(sop, chart_layout(sop)) == []


def test_the_generated_sops_have_loops_through_shared_connector_bands() -> None:
    """The cases the checks above are about do occur among the generated SOPs."""
    pages = [lines for seed in range(120) for lines in back_lines(generated(seed)).values()]
    assert sum(len(lines) for lines in pages) > 300
    assert sum(len(lines) >= 3 for lines in pages) > 30
