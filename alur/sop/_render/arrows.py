"""Arrows on the laid-out pages: between steps, to the end of a branch, and through off-page
connectors where a page breaks."""

from __future__ import annotations

from alur.sop._model import End
from alur.sop._render import table
from alur.sop._render.edges import END_HEIGHT, END_WIDTH, OUTCOME_TEXT, Edge, PageParts
from alur.sop._render.geometry import Arrow, Box, Note, Point, Row, Shape, Symbol
from alur.sop._render.routing import downward, upward
from alur.sop._render.table import Grid

CONNECTOR = 26.0


class ArrowRouter:
    """Adds the arrows of the edges to the pages their steps are on."""

    def __init__(
        self,
        g: Grid,
        pages: list[PageParts],
        page_of: dict[int, int],
        tracks: dict[str, int],
        order: dict[int, int],
    ) -> None:
        self.g, self.pages, self.page_of = g, pages, page_of
        self.tracks, self.order = tracks, order
        edges = [g.lanes_x + k * g.lane_width for k in range(len(g.lanes) + 1)]
        self.lane_tracks = sorted({round(e + d, 2) for e in edges for d in (-5.0, 5.0)})

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

    def end_branch(self, edge: Edge, ending: End) -> None:
        page = self.pages[self.page_of[edge.source]]
        decision = page.parts[edge.source][0]
        b = decision.box
        if edge.side == "bottom":
            box = Box(b.cx - END_WIDTH / 2, b.bottom + table.SYMBOL_MARGIN, END_WIDTH, END_HEIGHT)
        else:
            step_x = -1 if edge.side == "left" else 1
            cx = b.cx + step_x * self.g.lane_width
            box = Box(round(cx - END_WIDTH / 2, 2), b.cy - END_HEIGHT / 2, END_WIDTH, END_HEIGHT)
        end = Symbol(
            f"akhir-{edge.source}-{edge.label}",
            Shape.TERMINATOR,
            box,
            None,
            OUTCOME_TEXT[ending.akhir.value],
        )
        page.symbols.append(end)
        start = decision.exit_point(edge.side)
        facing = {"bottom": "top", "left": "right", "right": "left"}[edge.side]
        self._add(page, edge, decision.id, end.id, (start, end.exit_point(facing)))

    def same_page(self, edge: Edge, to: int) -> None:
        page = self.pages[self.page_of[edge.source]]
        targets = page.parts[to]
        sources = page.parts[edge.source]
        source = self._nearest(sources, targets[0].box.cx)
        if self.order[to] < self.order[edge.source]:
            target = max(targets, key=lambda s: s.box.right)
            source = max(sources, key=lambda s: s.box.right)
            gutter = self.g.gutter_track(self.tracks[edge.key])
            start = source.exit_point(edge.side)
            path = upward(start, edge.side, target, gutter, page.symbols, source.id)
        else:
            target = self._nearest(targets, source.box.cx)
            start = source.exit_point(edge.side)
            turn = (self._row(page, to).y + target.box.y) / 2
            path = downward(
                start,
                edge.side,
                target,
                turn,
                self._tracks_near(target.box.cx),
                page.symbols,
                source.id,
            )
        self._add(page, edge, source.id, target.id, path)

    def across(self, edge: Edge, to: int, letter: str) -> None:
        src_page = self.pages[self.page_of[edge.source]]
        dst_page = self.pages[self.page_of[to]]
        targets = dst_page.parts[to]
        sources = src_page.parts[edge.source]
        forward = self.order[to] > self.order[edge.source]
        if forward:
            target = self._nearest(targets, sources[0].box.cx)
            source = self._nearest(sources, target.box.cx)
            x = target.box.cx
        else:
            target = max(targets, key=lambda s: s.box.right)
            source = max(sources, key=lambda s: s.box.right)
            x = self.g.gutter_track(self.tracks[edge.key])
        out_band = _band(src_page.bottom_band if forward else src_page.top_band)
        in_band = _band(dst_page.top_band if forward else dst_page.bottom_band)
        out = self._connector(src_page, out_band, x, f"penghubung-{letter}-keluar", letter)
        into = self._connector(dst_page, in_band, x, f"penghubung-{letter}-masuk", letter)
        src_page.notes.append(Note(f"ke halaman {dst_page.number + 1}, langkah {to}", _beside(out)))
        dst_page.notes.append(
            Note(f"dari halaman {src_page.number + 1}, langkah {edge.source}", _beside(into))
        )
        start = source.exit_point(edge.side)
        if forward:
            turn = (out_band.y + out.box.y) / 2
            path = downward(
                start,
                edge.side,
                out,
                turn,
                self._tracks_near(out.box.cx),
                src_page.symbols,
                source.id,
            )
            self._add(src_page, edge, source.id, out.id, path)
            turn = (self._row(dst_page, to).y + target.box.y) / 2
            path = downward(
                into.exit_point("bottom"),
                "bottom",
                target,
                turn,
                self._tracks_near(target.box.cx),
                dst_page.symbols,
                into.id,
            )
            self._add(dst_page, Edge(0, None, None, "", "bottom"), into.id, target.id, path)
        else:
            path = upward(
                start, edge.side, out, x, src_page.symbols, source.id, enter_at_bottom=True
            )
            self._add(src_page, edge, source.id, out.id, path)
            path = upward(into.exit_point("top"), "top", target, x, dst_page.symbols, into.id)
            self._add(dst_page, Edge(0, None, None, "", "top"), into.id, target.id, path)

    def _connector(self, page: PageParts, band: Box, x: float, ident: str, letter: str) -> Symbol:
        cx = x
        while any(
            s.shape is Shape.CONNECTOR
            and abs(s.box.cx - cx) < CONNECTOR + 4
            and band.y <= s.box.y < band.bottom
            for s in page.symbols
        ):
            cx += CONNECTOR + 90
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
