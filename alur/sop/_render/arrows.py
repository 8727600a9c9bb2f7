"""Arrows on the laid-out pages: between steps, to the end of a branch, and through off-page
connectors where a page breaks.

Symbols come first: every end of a branch and every connector is placed before any arrow is
routed, so that each route knows all it must go around.
"""

from __future__ import annotations

import string
from collections.abc import Callable

from alur.sop._definition.model import End
from alur.sop._render import routing, table
from alur.sop._render.edges import END_HEIGHT, END_WIDTH, END_WORDS, Edge, PageParts
from alur.sop._render.geometry import Arrow, Box, Note, Point, Row, Shape, Symbol
from alur.sop._render.routing import downward, simplify, upward
from alur.sop._render.table import Grid
from alur.sop._render.text import text_width

CONNECTOR = 26.0
NOTE_SIZE = 7.5
ONWARD = Edge(0, None, None, "", "bottom")
"""The unlabelled arrow out of a connector."""


class ArrowRouter:
    """Places the ends and connectors of the edges, then routes their arrows (``finish``)."""

    def __init__(
        self,
        g: Grid,
        pages: list[PageParts],
        page_of: dict[int, int],
        tracks: dict[str, int],
        order: dict[int, int],
        *,
        right_exits: frozenset[int] = frozenset(),
    ) -> None:
        self.g, self.pages, self.page_of = g, pages, page_of
        self.tracks, self.order = tracks, order
        self.right_exits = right_exits
        """The steps an arrow leaves by the right: a loop enters them from above instead, so
        that it does not run along that arrow."""
        self.letters = iter(string.ascii_uppercase)
        self.shared: dict[tuple[int, int, int], Symbol] = {}
        self.in_notes: dict[tuple[int, int, int], tuple[PageParts, int, Symbol, list[int]]] = {}
        self.occupied: dict[tuple[int, float], list[tuple[float, float]]] = {}
        self.pending: list[Callable[[], None]] = []
        borders = [g.lanes_x + k * g.lane_width for k in range(len(g.lanes) + 1)]
        self.lane_tracks = sorted({round(e + d, 2) for e in borders for d in (-5.0, 5.0)})

    def finish(self) -> None:
        for route in self.pending:
            route()

    def _nearest(self, parts: list[Symbol], x: float) -> Symbol:
        return min(parts, key=lambda s: abs(s.box.cx - x))

    def _row(self, page: PageParts, step_no: int) -> Row:
        return next(r for r in page.rows if r.step == step_no)

    def _label(self, edge: Edge, start: Point) -> tuple[Point, str]:
        if edge.side == "bottom":
            return (start[0] + 4, start[1] + 10), "start"
        if edge.side == "left":
            return (start[0] - 3, start[1] - 4), "end"
        return (start[0] + 3, start[1] - 4), "start"

    def _add(
        self, page: PageParts, edge: Edge, src: str, dst: str, path: tuple[Point, ...]
    ) -> None:
        at, anchor = self._label(edge, path[0])
        page.arrows.append(Arrow(src, dst, path, edge.label, at, anchor))

    def _tracks_near(self, x: float) -> list[float]:
        gutter = [self.g.gutter_track(k) for k in range(self.g.gutter_tracks)]
        return sorted({x, *self.lane_tracks, *gutter}, key=lambda t: (abs(t - x), t))

    def end_branch(self, edge: Edge, ending: End, *, ends: int) -> None:
        """The end of the case a branch leads to, under the decision in the decision's own lane
        (its row was made tall enough). Of a decision's two ends, the one whose branch leaves
        by a side goes under the other, and its arrow runs down beside it."""
        page = self.pages[self.page_of[edge.source]]
        decision = page.parts[edge.source][0]
        b = decision.box
        text = END_WORDS[ending.akhir]
        # Wide enough for its word where the lane allows, with room beside it for the second
        # end's arrow.
        room = self.g.lane_width - (16 if ends > 1 else 6)
        width = round(min(room, max(END_WIDTH, text_width(text, 7.0) + 16)), 2)
        cx = self._lane_center_under(b)
        level = 0 if edge.side == "bottom" else 1
        step_y = table.SYMBOL_MARGIN + END_HEIGHT
        top = b.bottom + table.SYMBOL_MARGIN + level * step_y
        box = Box(round(cx - width / 2, 2), round(top, 2), width, END_HEIGHT)
        end = Symbol(f"akhir-{edge.source}-{edge.label}", Shape.TERMINATOR, box, None, text)
        page.symbols.append(end)
        start = decision.exit_point(edge.side)
        mid = round(box.y - table.SYMBOL_MARGIN / 2, 2)
        bend: list[Point] = [(start[0], mid)]
        if edge.side != "bottom":  # down beside the first end
            track = min(box.x, b.x) - 4 if edge.side == "left" else max(box.right, b.right) + 4
            bend = [(track, start[1]), (track, mid)]
        path = simplify([start, *bend, (box.cx, mid), (box.cx, box.y)])
        self.pending.append(lambda: self._add(page, edge, decision.id, end.id, path))

    def _lane_center_under(self, box: Box) -> float:
        """The centre of the lane under ``box`` nearest its middle (the left one of two)."""
        g = self.g
        centers = [g.lanes_x + (k + 0.5) * g.lane_width for k in range(len(g.lanes))]
        under = [c for c in centers if box.x <= c <= box.right] or centers
        return min(under, key=lambda c: (round(abs(c - box.cx), 2), c))

    def same_page(self, edge: Edge, to: int) -> None:
        self.pending.append(lambda: self._same_page(edge, to))

    def _same_page(self, edge: Edge, to: int) -> None:
        page = self.pages[self.page_of[edge.source]]
        targets = page.parts[to]
        sources = page.parts[edge.source]
        if self.order[to] < self.order[edge.source]:
            target = max(targets, key=lambda s: s.box.right)
            source = max(sources, key=lambda s: s.box.right)
            gutter = self.g.gutter_track(self.tracks[edge.key])
            start = source.exit_point(edge.side)
            path = upward(
                start, edge.side, target, gutter, page.symbols, source.id,
                by_top=to in self.right_exits,
            )  # fmt: skip
        else:
            source = self._nearest(sources, targets[0].box.cx)
            target = self._nearest(targets, source.box.cx)
            start = source.exit_point(edge.side)
            turn = (self._row(page, to).y + target.box.y) / 2
            tracks = self._tracks_near(target.box.cx)
            path = downward(start, edge.side, target, turn, tracks, page.symbols, source.id)
        self._add(page, edge, source.id, target.id, path)

    def across(self, edge: Edge, to: int) -> None:
        """An arrow over a page break: into an off-page connector on the source's page and out
        of the connector with the same letter on the target's page. Arrows to the same step
        over the same break share one pair of connectors."""
        src_page = self.pages[self.page_of[edge.source]]
        dst_page = self.pages[self.page_of[to]]
        forward = self.order[to] > self.order[edge.source]
        key = (to, src_page.number, dst_page.number)
        if key not in self.shared:
            if forward:
                x = self._nearest(dst_page.parts[to], src_page.parts[edge.source][0].box.cx).box.cx
            else:
                x = self.g.gutter_track(self.tracks[edge.key])
            letter = next(self.letters)
            out_band = _band(src_page.bottom_band if forward else src_page.top_band)
            in_band = _band(dst_page.top_band if forward else dst_page.bottom_band)
            note = f"ke halaman {dst_page.number + 1}, langkah {to}"
            out = self._connector(
                src_page, out_band, x, f"penghubung-{letter}-keluar", letter, note
            )
            into = self._connector(
                dst_page, in_band, out.box.cx, f"penghubung-{letter}-masuk", letter, note
            )
            src_page.notes.append(Note(note, _beside(out)))
            self.in_notes[key] = (dst_page, len(dst_page.notes), into, [])
            dst_page.notes.append(Note("", _beside(into)))
            self.shared[key] = out
            gutter = None if forward else self.g.gutter_track(self.tracks[edge.key])
            loop = edge.key
            self.pending.append(
                lambda: self._from_connector(dst_page, into, to, gutter, in_band, loop)
            )
        out = self.shared[key]
        page_, index, into_, sources = self.in_notes[key]
        sources.append(edge.source)
        steps = ", ".join(str(n) for n in sources)
        page_.notes[index] = Note(
            f"dari halaman {src_page.number + 1}, langkah {steps}", _beside(into_)
        )
        self.pending.append(lambda: self._to_connector(src_page, edge, to, out, forward))

    def _to_connector(
        self, page: PageParts, edge: Edge, to: int, out: Symbol, forward: bool
    ) -> None:
        sources = page.parts[edge.source]
        if forward:
            source = self._nearest(sources, out.box.cx)
            band = _band(page.bottom_band)
            turn = (band.y + out.box.y) / 2
            tracks = self._tracks_near(out.box.cx)
            start = source.exit_point(edge.side)
            path = downward(start, edge.side, out, turn, tracks, page.symbols, source.id)
        else:
            source = max(sources, key=lambda s: s.box.right)
            band = _band(page.top_band)
            gutter = self.g.gutter_track(self.tracks[edge.key])
            start = source.exit_point(edge.side)
            path = upward(
                start, edge.side, out, gutter, page.symbols, source.id,
                into_bottom_at=self._band_turn(band.bottom, out.box.bottom, edge.key),
            )  # fmt: skip
        self._add(page, edge, source.id, out.id, path)

    def _band_turn(self, edge_y: float, connector_y: float, loop: str) -> float:
        """Where a loop's line turns between its gutter track and its connector, in the gap
        between the band's edge by the rows (``edge_y``) and the connectors' edge
        (``connector_y``): each gutter track at its own height, so that two loops through one
        band never run along each other, and all clear of the band's other connectors."""
        k, n = self.tracks[loop], self.g.gutter_tracks
        room = abs(connector_y - edge_y) - routing.CLEARANCE - 0.5
        sign = 1.0 if connector_y > edge_y else -1.0
        return round(edge_y + sign * room * (k + 1) / (n + 1), 2)

    def _from_connector(
        self,
        page: PageParts,
        into: Symbol,
        to: int,
        gutter: float | None,
        band: Box,
        loop: str,
    ) -> None:
        targets = page.parts[to]
        if gutter is None:
            target = self._nearest(targets, into.box.cx)
            turn = (self._row(page, to).y + target.box.y) / 2
            tracks = self._tracks_near(target.box.cx)
            start = into.exit_point("bottom")
            path = downward(start, "bottom", target, turn, tracks, page.symbols, into.id)
        else:
            target = max(targets, key=lambda s: s.box.right)
            lead = into.box.y - self._band_turn(band.y, into.box.y, loop)
            start = into.exit_point("top")
            path = upward(
                start, "top", target, gutter, page.symbols, into.id,
                lead=lead, by_top=to in self.right_exits,
            )  # fmt: skip
        self._add(page, ONWARD, into.id, target.id, path)

    def _connector(
        self, page: PageParts, band: Box, x: float, ident: str, letter: str, note: str
    ) -> Symbol:
        """A connector in ``band`` as near ``x`` as it fits beside the others and their notes."""
        taken = self.occupied.setdefault((page.number, band.y), [])

        def free(cx: float, width: float) -> bool:
            left = cx - CONNECTOR / 2
            inside = left >= 0 and left + width <= band.right
            return inside and all(left + width <= a or b <= left for a, b in taken)

        offsets = [d for k in range(400) for d in (k * 3.0, -k * 3.0)]
        # With its note clear of the others; failing that (a band crowded with connectors),
        # at least clear of their symbols.
        widths = (CONNECTOR + 5 + text_width(note, NOTE_SIZE) + 8, CONNECTOR + 4)
        cx, width = next(
            ((x + d, w) for w in widths for d in offsets if free(x + d, w)), (x, widths[1])
        )
        taken.append((cx - CONNECTOR / 2, cx - CONNECTOR / 2 + width))
        box = Box(round(cx - CONNECTOR / 2, 2), band.cy - CONNECTOR / 2, CONNECTOR, CONNECTOR)
        symbol = Symbol(ident, Shape.CONNECTOR, box, None, letter)
        page.symbols.append(symbol)
        return symbol


def _beside(symbol: Symbol) -> Point:
    return (symbol.box.right + 5, symbol.box.cy + 3)


def _band(band: Box | None) -> Box:
    if band is None:  # pages are made with a band wherever an arrow crosses their break
        raise LookupError("a page break without its connector band")
    return band
