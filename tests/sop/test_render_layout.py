"""The bagan alur's geometry, checked on the layout data of the five seed SOPs: arrows touch
their symbols, nothing overlaps, nothing is crossed, loops run beside the lanes, pages break
with matching connectors, and no text is wider than its column."""

from __future__ import annotations

from itertools import combinations, pairwise
from pathlib import Path

import pytest

from alur.sop import ChartLayout, Sop, chart_layout, load, target_step
from alur.sop._render.geometry import ChartPage, Shape
from alur.sop._render.table import PAD, line_height
from alur.sop._render.text import text_width
from tests.sop.render_geometry import crosses_interior, inside, on_outline

SOPS = Path(__file__).resolve().parents[2] / "sops"
SEEDS = sorted(p.name for p in SOPS.glob("*.yaml"))


@pytest.fixture(scope="module", params=SEEDS)
def seed(request: pytest.FixtureRequest) -> tuple[Sop, ChartLayout]:
    sop = load(SOPS / request.param)
    return sop, chart_layout(sop)


def pages(seed: tuple[Sop, ChartLayout]) -> tuple[ChartPage, ...]:
    return seed[1].pages


def test_every_arrow_starts_and_ends_on_the_outline_of_its_two_symbols(seed) -> None:
    for page in pages(seed):
        for arrow in page.arrows:
            source, target = page.symbol(arrow.source), page.symbol(arrow.target)
            assert on_outline(arrow.points[0], source), (page.number, arrow)
            assert on_outline(arrow.points[-1], target), (page.number, arrow)


def test_every_arrow_is_made_of_horizontal_and_vertical_segments(seed) -> None:
    for page in pages(seed):
        for arrow in page.arrows:
            for a, b in pairwise(arrow.points):
                assert a != b
                assert a[0] == b[0] or a[1] == b[1], arrow


def test_no_two_symbols_on_a_page_overlap(seed) -> None:
    for page in pages(seed):
        for one, other in combinations(page.symbols, 2):
            assert not one.box.overlaps(other.box), (one.id, other.id)


def test_no_arrow_passes_through_a_symbol(seed) -> None:
    """Only the first segment may touch the source and only the last the target, and then
    only by leaving or entering it from outside."""
    for page in pages(seed):
        for arrow in page.arrows:
            segments = list(pairwise(arrow.points))
            for symbol in page.symbols:
                for i, (a, b) in enumerate(segments):
                    if symbol.id == arrow.source and i == 0:
                        assert not inside(b, symbol.box), arrow
                    elif symbol.id == arrow.target and i == len(segments) - 1:
                        assert not inside(a, symbol.box), arrow
                    else:
                        assert not crosses_interior(a, b, symbol.box), (arrow, symbol.id)


def test_every_step_has_its_symbol_in_each_of_its_lanes(seed) -> None:
    sop, chart = seed
    lane_x = {c.key.removeprefix("lane:"): c for c in chart.columns if c.key.startswith("lane:")}
    drawn = [s for page in chart.pages for s in page.symbols if s.step is not None]
    for step in sop.langkah:
        boxes = [s.box for s in drawn if s.step == step.no]
        for lane in step.lanes:
            center = lane_x[lane].x + lane_x[lane].w / 2
            assert any(b.x < center < b.right for b in boxes), (step.no, lane)


def test_numbered_items_hang_their_wrapped_lines_under_the_text() -> None:
    chart = chart_layout(load(SOPS / "05-permohonan-pembuatan-aplikasi.yaml"))
    row = next(r for r in chart.pages[0].rows if r.step == 5)
    cell = next(c for c in row.cells if c.column == "kelengkapan")
    hang = text_width("3) ", cell.size)

    assert cell.lines[2:] == ("3) Laporan Ketersediaan", "Infrastruktur, SDM dan", "anggaran")
    assert cell.indents == (0.0, 0.0, 0.0, round(hang, 2), round(hang, 2))


def test_every_line_of_text_fits_its_column_and_its_row(seed) -> None:
    _, chart = seed
    columns = {c.key: c for c in chart.columns}
    for page in chart.pages:
        for row in page.rows:
            for cell in row.cells:
                width = columns[cell.column].w - 2 * PAD
                assert len(cell.indents) == len(cell.lines)
                for line, indent in zip(cell.lines, cell.indents, strict=True):
                    assert indent + text_width(line, cell.size) <= width, (row.step, line)
                assert len(cell.lines) * line_height(cell.size) + 2 * PAD <= row.h
    for cell in chart.header:
        for line in cell.title:
            assert text_width(line, cell.size, bold=True) <= cell.box.w - 2 * PAD, line


def test_rows_follow_each_other_inside_the_page(seed) -> None:
    _, chart = seed
    steps = [row.step for page in chart.pages for row in page.rows]
    assert steps == [s.no for s in seed[0].langkah]
    for page in chart.pages:
        assert page.rows[0].y == page.body_top
        for above, below in pairwise(page.rows):
            assert below.y == pytest.approx(above.bottom)
        bottom = page.bottom_band.bottom if page.bottom_band else page.body_bottom
        assert bottom <= chart.height - 30


def test_every_decision_has_a_ya_and_a_tidak_arrow(seed) -> None:
    sop, chart = seed
    for step in sop.langkah:
        if not step.is_decision:
            continue
        labels = sorted(
            a.label.split(" ")[0]
            for page in chart.pages
            for a in page.arrows
            if a.source == f"langkah-{step.no}"
        )
        assert labels == ["tidak", "ya"], step.no


def connectors(chart: ChartLayout) -> dict[str, dict[str, int]]:
    """Letter → {"keluar": page, "masuk": page}."""
    found: dict[str, dict[str, int]] = {}
    for page in chart.pages:
        for s in page.symbols:
            if s.shape is Shape.CONNECTOR and s.step is None:
                direction = s.id.rsplit("-", 1)[1]
                assert direction not in found.setdefault(s.text, {})
                found[s.text][direction] = page.number
    return found


def test_each_arrow_over_a_page_break_goes_through_a_pair_of_connectors(seed) -> None:
    """One letter per step reached over a break: drawn once on each page, every step that
    leads there has its arrow into it, and the connector on the other page leads on."""
    sop, chart = seed
    page_of = {row.step: page.number for page in chart.pages for row in page.rows}
    crossing: dict[tuple[int, int, int], set[int]] = {}
    for step in sop.langkah:
        if step.is_decision:
            targets = [target_step(b) for b in (step.ya, step.tidak) if b is not None]
        else:
            targets = [sop.next_of(step)]
        for t in targets:
            if t is not None and page_of[t] != page_of[step.no]:
                crossing.setdefault((t, page_of[step.no], page_of[t]), set()).add(step.no)
    found = connectors(chart)

    assert len(found) == len(crossing)
    for letter, sides in found.items():
        assert set(sides) == {"keluar", "masuk"}
        out_page, in_page = chart.pages[sides["keluar"]], chart.pages[sides["masuk"]]
        into = [a for a in out_page.arrows if a.target == f"penghubung-{letter}-keluar"]
        onward = [a for a in in_page.arrows if a.source == f"penghubung-{letter}-masuk"]
        assert len(onward) == 1
        to = in_page.symbol(onward[0].target).step
        assert to is not None
        sources = {out_page.symbol(a.source).step for a in into}
        assert sources == crossing[to, out_page.number, in_page.number]


@pytest.mark.parametrize(
    ("name", "pages_", "letters"),
    [
        ("04-pengembangan-aplikasi-e-government.yaml", 2, {"A": (0, 1)}),
        ("05-permohonan-pembuatan-aplikasi.yaml", 3, {"A": (0, 1), "B": (1, 2), "C": (2, 1)}),
    ],
)
def test_sop_4_and_sop_5_break_across_pages_with_matching_connectors(
    name: str, pages_: int, letters: dict[str, tuple[int, int]]
) -> None:
    chart = chart_layout(load(SOPS / name))

    assert len(chart.pages) == pages_
    found = connectors(chart)
    assert {k: (v["keluar"], v["masuk"]) for k, v in found.items()} == letters
    for letter, (out, into) in letters.items():
        out_note = [n.text for n in chart.pages[out].notes if n.text.startswith("ke ")]
        in_note = [n.text for n in chart.pages[into].notes if n.text.startswith("dari ")]
        assert any(f"ke halaman {into + 1}," in t for t in out_note), letter
        assert any(f"dari halaman {out + 1}," in t for t in in_note), letter


def test_sop_5_loops_run_up_beside_the_lanes() -> None:
    chart = chart_layout(load(SOPS / "05-permohonan-pembuatan-aplikasi.yaml"))
    gutter = next(c for c in chart.columns if c.key == "gutter")
    lanes_right = max(c.right for c in chart.columns if c.key.startswith("lane:"))
    page = chart.pages[1]
    loop = next(a for a in page.arrows if a.source == "langkah-11" and a.label == "tidak")

    assert loop.target == "langkah-9"
    verticals = [(a, b) for a, b in pairwise(loop.points) if a[0] == b[0] and b[1] < a[1]]
    assert len(verticals) == 1
    (x, y_from), (_, y_to) = verticals[0]
    assert lanes_right <= x <= gutter.right
    assert y_from == page.symbol("langkah-11").box.cy
    assert y_to == page.symbol("langkah-9").box.cy
    assert loop.points[-1] == (page.symbol("langkah-9").box.right, y_to)


def test_a_branch_that_ends_the_case_draws_that_end() -> None:
    chart = chart_layout(load(SOPS / "02-penyediaan-layanan-hosting-aplikasi.yaml"))
    page = chart.pages[0]
    end = page.symbol("akhir-3-tidak")
    arrow = next(a for a in page.arrows if a.target == end.id)

    assert (end.shape, end.text, arrow.source, arrow.label) == (
        Shape.TERMINATOR,
        "dikembalikan",
        "langkah-3",
        "tidak",
    )
    decision = page.symbol("langkah-3").box
    lane = next(c for c in chart.columns if c.x <= decision.cx <= c.right)
    assert lane.key.startswith("lane:")
    assert lane.x <= end.box.x and end.box.right <= lane.right
    assert end.box.y > decision.bottom


def test_a_joint_step_spans_neighbouring_lanes_and_is_drawn_in_each_lane_apart() -> None:
    chart = chart_layout(load(SOPS / "04-pengembangan-aplikasi-e-government.yaml"))
    page = chart.pages[0]
    lanes = {c.key.removeprefix("lane:"): c for c in chart.columns if c.key.startswith("lane:")}
    ten = [s for s in page.symbols if s.step == 10]
    one = [s for s in page.symbols if s.step == 1]

    assert len(ten) == 1
    assert ten[0].box.x < lanes["staf"].x + lanes["staf"].w / 2
    assert ten[0].box.right > lanes["instansi-pemilik"].x + lanes["instansi-pemilik"].w / 2
    assert [s.id for s in one] == ["langkah-1", "langkah-1-2"]
    assert ((one[0].box.right, one[0].box.cy), (one[1].box.x, one[1].box.cy)) in page.links
