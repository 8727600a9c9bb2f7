"""Geometry predicates for the chart tests, computed from each symbol's drawn shape."""

from __future__ import annotations

import math
from itertools import combinations, pairwise

from alur.sop._render.geometry import Box, ChartLayout, Point, Shape, Symbol
from alur.sop._render.table import PAD, line_height
from alur.sop._render.text import text_width

TOLERANCE = 0.6


def _on_segment(p: Point, a: Point, b: Point) -> bool:
    (px, py), (ax, ay), (bx, by) = p, a, b
    length = math.hypot(bx - ax, by - ay)
    cross = abs((bx - ax) * (py - ay) - (by - ay) * (px - ax)) / length
    along = ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length
    return cross <= TOLERANCE and -TOLERANCE <= along <= length + TOLERANCE


def on_outline(p: Point, symbol: Symbol) -> bool:
    """Whether ``p`` lies on the drawn outline of the symbol, computed from its shape."""
    b = symbol.box
    x, y = p
    if symbol.shape is Shape.DECISION:
        return abs(abs(x - b.cx) / (b.w / 2) + abs(y - b.cy) / (b.h / 2) - 1) * b.h / 2 <= TOLERANCE
    if symbol.shape is Shape.CONNECTOR:
        corners = [
            (b.x, b.y),
            (b.right, b.y),
            (b.right, b.y + 0.6 * b.h),
            (b.cx, b.bottom),
            (b.x, b.y + 0.6 * b.h),
        ]
        return any(_on_segment(p, a, c) for a, c in pairwise([*corners, corners[0]]))
    if symbol.shape is Shape.TERMINATOR:
        r = b.h / 2
        flat = b.x + r - TOLERANCE <= x <= b.right - r + TOLERANCE and (
            abs(y - b.y) <= TOLERANCE or abs(y - b.bottom) <= TOLERANCE
        )
        ends = (math.hypot(x - (b.x + r), y - b.cy), math.hypot(x - (b.right - r), y - b.cy))
        round_end = (x <= b.x + r and abs(ends[0] - r) <= TOLERANCE) or (
            x >= b.right - r and abs(ends[1] - r) <= TOLERANCE
        )
        return flat or round_end
    on_x = b.x - TOLERANCE <= x <= b.right + TOLERANCE
    on_y = b.y - TOLERANCE <= y <= b.bottom + TOLERANCE
    return (on_y and min(abs(x - b.x), abs(x - b.right)) <= TOLERANCE) or (
        on_x and min(abs(y - b.y), abs(y - b.bottom)) <= TOLERANCE
    )


def crosses_interior(a: Point, b: Point, box: Box) -> bool:
    inner = Box(box.x + 1, box.y + 1, box.w - 2, box.h - 2)
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    return x0 <= inner.right and inner.x <= x1 and y0 <= inner.bottom and inner.y <= y1


def inside(p: Point, box: Box) -> bool:
    return box.x + 1 < p[0] < box.right - 1 and box.y + 1 < p[1] < box.bottom - 1


def faults(chart: ChartLayout) -> list[tuple[object, ...]]:
    """Everything wrong with a chart's geometry: overlapping symbols, arrows that do not start
    and end on their symbols' outlines or that pass through a symbol, text wider than its column
    or taller than its row, tables off the page."""
    found: list[tuple[object, ...]] = []
    for page in chart.pages:
        for one, other in combinations(page.symbols, 2):
            if one.box.overlaps(other.box):
                found.append(("overlap", page.number, one.id, other.id))
        for arrow in page.arrows:
            ends = (page.symbol(arrow.source), page.symbol(arrow.target))
            if not on_outline(arrow.points[0], ends[0]):
                found.append(("start off its symbol", page.number, arrow.source))
            if not on_outline(arrow.points[-1], ends[1]):
                found.append(("end off its symbol", page.number, arrow.target))
            segments = list(pairwise(arrow.points))
            for a, b in segments:
                if a == b or (a[0] != b[0] and a[1] != b[1]):
                    found.append(("not orthogonal", page.number, arrow.source, a, b))
            for symbol in page.symbols:
                for i, (a, b) in enumerate(segments):
                    if symbol.id == arrow.source and i == 0:
                        bad = inside(b, symbol.box)
                    elif symbol.id == arrow.target and i == len(segments) - 1:
                        bad = inside(a, symbol.box)
                    else:
                        bad = crosses_interior(a, b, symbol.box)
                    if bad:
                        found.append(
                            ("through", page.number, arrow.source, arrow.target, symbol.id)
                        )
        columns = {c.key: c for c in chart.columns}
        for row in page.rows:
            for cell in row.cells:
                width = columns[cell.column].w - 2 * PAD
                for line, indent in zip(cell.lines, cell.indents, strict=True):
                    if indent + text_width(line, cell.size) > width:
                        found.append(("text wider than its column", row.step, line))
                if len(cell.lines) * line_height(cell.size) + 2 * PAD > row.h:
                    found.append(("text taller than its row", row.step, cell.column))
        bottom = page.bottom_band.bottom if page.bottom_band else page.body_bottom
        if bottom > chart.height - 30:
            found.append(("off the page", page.number, bottom))
    return found
