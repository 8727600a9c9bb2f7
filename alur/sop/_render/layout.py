"""The bagan alur laid out: rows on A4 landscape pages, symbols in lanes, arrows routed.

    step order ─► edges (next, ya/tidak, ends, loops) ─► grid (columns from the lanes)
               ─► rows (heights from wrapped text) ─► pages (rows packed, bands for connectors)
               ─► symbols per page ─► arrows per page (routing.py), connectors where a page breaks

An arrow whose two steps land on different pages becomes two: one into an off-page connector
on the first page, one out of the connector with the same letter on the other.
"""

from __future__ import annotations

from itertools import pairwise

from alur.sop._definition.model import RequesterLimit, Sop, Step, StepKind
from alur.sop._render import table
from alur.sop._render.arrows import ArrowRouter
from alur.sop._render.edges import (
    END_HEIGHT,
    END_WORDS,
    Edge,
    PageParts,
    gutter_tracks,
    step_edges,
)
from alur.sop._render.geometry import (
    Box,
    Cell,
    ChartLayout,
    ChartPage,
    Row,
    Shape,
    Symbol,
)
from alur.sop._render.table import Grid

BAND = 44.0
"""Height of the strip above or below the rows that holds off-page connectors."""
LEGEND_ZONE = 40.0
SHAPES = {
    StepKind.MULAI: Shape.TERMINATOR,
    StepKind.SELESAI: Shape.TERMINATOR,
    StepKind.PROSES: Shape.PROCESS,
    StepKind.KEPUTUSAN: Shape.DECISION,
    StepKind.PENGHUBUNG: Shape.CONNECTOR,
}


def chart_layout(sop: Sop) -> ChartLayout:
    """Where everything of the flow table goes, page by page."""
    order = {s.no: i for i, s in enumerate(sop.langkah)}
    lanes = [lane.id for lane in sop.pelaksana]
    edges = [e for step in sop.langkah for e in step_edges(sop, step, order, lanes)]
    tracks = gutter_tracks(edges, order)
    g = table.grid(sop, max(tracks.values(), default=-1) + 1)
    head, header_bottom = table.header(g)
    rows = []
    for step in sop.langkah:
        notes = [
            f"{e.label}: {END_WORDS[e.end.akhir]}, {e.end.alasan}"
            for e in edges
            if e.source == step.no and e.end is not None
        ]
        if step.batas_pemohon is not None:
            notes.append(_requester_limit_note(step.batas_pemohon))
        references = sop.references_of(step)
        if references:
            notes.append("Rujukan: " + "; ".join(r.nama for r in references))
        cells = table.step_cells(sop, g, step, notes)
        rows.append((step, cells, table.row_height(cells, _symbol_room(step, edges))))
    split = _paginate([h for _, _, h in rows], header_bottom)
    pages = _pages(sop, g, rows, split, header_bottom, edges, tracks, order)
    ident = sop.identitas
    subtitle = " · ".join(
        part for part in (f"Nomor SOP {ident.nomor}" if ident.nomor else "", ident.instansi) if part
    )
    return ChartLayout(
        width=table.WIDTH,
        height=table.HEIGHT,
        title=f"BAGAN ALUR SOP {ident.nama.upper()}",
        subtitle=subtitle,
        columns=g.columns,
        header=head,
        table_top=table.TABLE_TOP,
        header_bottom=header_bottom,
        pages=pages,
    )


def _ends_below(step: Step, edges: list[Edge]) -> int:
    """How many branches of the step end the case, each in a symbol drawn under it."""
    return sum(1 for e in edges if e.source == step.no and e.end is not None)


def _symbol_room(step: Step, edges: list[Edge]) -> float:
    height = table.SYMBOL_SIZE[step.jenis][1]
    return height + _ends_below(step, edges) * (table.SYMBOL_MARGIN + END_HEIGHT)


def _paginate(heights: list[float], header_bottom: float) -> list[list[int]]:
    pages: list[list[int]] = []
    i = 0
    while i < len(heights):
        room = table.HEIGHT - LEGEND_ZONE - header_bottom - (BAND if pages else 0)
        if sum(heights[i:]) <= room:
            pages.append(list(range(i, len(heights))))
            break
        page = [i]
        used = heights[i]
        while i + len(page) < len(heights) and used + heights[i + len(page)] <= room - BAND:
            used += heights[i + len(page)]
            page.append(i + len(page))
        pages.append(page)
        i += len(page)
    return pages


def _pages(
    sop: Sop,
    g: Grid,
    rows: list[tuple[Step, tuple[Cell, ...], float]],
    split: list[list[int]],
    header_bottom: float,
    edges: list[Edge],
    tracks: dict[str, int],
    order: dict[int, int],
) -> tuple[ChartPage, ...]:
    page_of: dict[int, int] = {}
    built: list[PageParts] = []
    for number, indices in enumerate(split):
        top = header_bottom + (BAND if number else 0)
        y = top
        page = PageParts(number, [], [], {}, top, top, None, None, [], [], [])
        for i in indices:
            step, cells, height = rows[i]
            row = Row(step.no, round(y, 2), height, cells)
            page.rows.append(row)
            page.parts[step.no] = _step_symbols(g, step, row, ends_below=_ends_below(step, edges))
            page.symbols.extend(page.parts[step.no])
            page_of[step.no] = number
            y += height
        page.body_bottom = round(y, 2)
        if number:
            page.top_band = Box(0, top - BAND, table.WIDTH, BAND)
        if number < len(split) - 1:
            page.bottom_band = Box(0, page.body_bottom, table.WIDTH, BAND)
        built.append(page)
    for page in built:
        for parts in page.parts.values():
            page.links.extend(
                ((a.box.right, a.box.cy), (b.box.x, b.box.cy)) for a, b in pairwise(parts)
            )
    right_exits = frozenset(edge.source for edge in edges if edge.side == "right")
    router = ArrowRouter(g, built, page_of, tracks, order, right_exits=right_exits)
    for edge in edges:
        if edge.end is not None:
            router.end_branch(edge, edge.end, ends=_ends_below(sop.steps[edge.source], edges))
        elif edge.target is not None and page_of[edge.source] == page_of[edge.target]:
            router.same_page(edge, edge.target)
        elif edge.target is not None:
            router.across(edge, edge.target)
    router.finish()
    return tuple(
        ChartPage(
            number=p.number,
            body_top=p.body_top,
            body_bottom=p.body_bottom,
            rows=tuple(p.rows),
            symbols=tuple(p.symbols),
            arrows=tuple(p.arrows),
            links=tuple(p.links),
            notes=tuple(p.notes),
            top_band=p.top_band,
            bottom_band=p.bottom_band,
        )
        for p in built
    )


def _step_symbols(g: Grid, step: Step, row: Row, *, ends_below: int) -> list[Symbol]:
    """The step's symbol in its lane; a step of several lanes gets one symbol per run of
    neighbouring lanes, each spanning its run."""
    width = g.symbol_width(step.jenis)
    height = table.SYMBOL_SIZE[step.jenis][1]
    if step.jenis is StepKind.PENGHUBUNG:
        width = height
    positions = sorted(g.lanes.index(lane) for lane in step.lanes)
    runs: list[list[int]] = []
    for p in positions:
        if runs and runs[-1][-1] == p - 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    cy = row.y + row.h / 2
    if ends_below:  # the ends of the branches go under the symbol
        cy = row.y + row.h / 2 - ends_below * (table.SYMBOL_MARGIN + END_HEIGHT) / 2
    text = ""
    if step.jenis is StepKind.MULAI:
        text = "mulai"
    elif step.jenis is StepKind.SELESAI:
        text = END_WORDS[step.akhir]  # a final step may return or stop the case
    elif step.jenis is StepKind.PENGHUBUNG:
        text = str(step.no)
    symbols = []
    for k, run in enumerate(runs):
        left = g.lanes_x + (run[0] + 0.5) * g.lane_width - width / 2
        right = g.lanes_x + (run[-1] + 0.5) * g.lane_width + width / 2
        box = Box(round(left, 2), round(cy - height / 2, 2), round(right - left, 2), height)
        suffix = "" if k == 0 else f"-{k + 1}"
        symbols.append(Symbol(f"langkah-{step.no}{suffix}", SHAPES[step.jenis], box, step.no, text))
    return symbols


def _requester_limit_note(limit: RequesterLimit) -> str:
    """'Batas pemohon 14 hari (diingatkan 7 dan 1 hari sebelumnya)' in the Ket. column."""
    note = f"Batas pemohon {limit.hari} hari"
    if not limit.pengingat:
        return note
    days = [str(d) for d in limit.pengingat]
    listed = days[0] if len(days) == 1 else ", ".join(days[:-1]) + " dan " + days[-1]
    return f"{note} (diingatkan {listed} hari sebelumnya)"
