"""The flow table's columns, header and rows, sized from wrapped text.

No | Uraian Prosedur | lane 1 … lane n (+ loop gutter) | Kelengkapan | Waktu | Output | Ket.
"""

from __future__ import annotations

from dataclasses import dataclass

from alur.sop._definition.condition import condition_phrase
from alur.sop._definition.model import Requirement, Sop, Step, StepKind
from alur.sop._render.geometry import Box, Cell, Column, HeaderCell
from alur.sop._render.text import text_width, wrap

WIDTH = 1047.0
"""A4 landscape less 10 mm margins, 277 mm, in CSS pixels."""
HEIGHT = 718.0
"""190 mm."""
TABLE_TOP = 44.0
GROUP_ROW = 16.0
TEXT_SIZE = 8.5
SMALL_SIZE = 7.5
HEAD_SIZE = 8.0
PAD = 4.0
LANE_MIN, LANE_MAX = 64.0, 104.0
GUTTER_TRACK = 9.0
SYMBOL_MARGIN = 13.0
"""Free space above and below a symbol in its row: arrows turn and labels sit there."""

SYMBOL_SIZE = {
    StepKind.MULAI: (60.0, 24.0),
    StepKind.SELESAI: (60.0, 24.0),
    StepKind.PROSES: (60.0, 28.0),
    StepKind.KEPUTUSAN: (48.0, 34.0),
    StepKind.PENGHUBUNG: (26.0, 26.0),
}


def line_height(size: float) -> float:
    return round(size * 1.25, 2)


@dataclass(frozen=True)
class Grid:
    columns: tuple[Column, ...]
    lanes: tuple[str, ...]
    lane_width: float
    lanes_x: float
    gutter_x: float
    gutter_tracks: int

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def lane_center(self, lane: str) -> float:
        return self.lanes_x + (self.lanes.index(lane) + 0.5) * self.lane_width

    def symbol_width(self, kind: StepKind) -> float:
        return min(SYMBOL_SIZE[kind][0], self.lane_width - 20)

    def gutter_track(self, track: int) -> float:
        return self.gutter_x + 6 + track * GUTTER_TRACK


def grid(sop: Sop, gutter_tracks: int) -> Grid:
    lanes = tuple(lane.id for lane in sop.pelaksana)
    gutter = 0.0 if gutter_tracks == 0 else 6 + gutter_tracks * GUTTER_TRACK
    fixed = {"no": 26.0, "waktu": 58.0, "ket": 82.0}
    base = {"uraian": 200.0, "kelengkapan": 130.0, "output": 130.0}
    free = WIDTH - sum(fixed.values()) - gutter
    lane_width = max(LANE_MIN, min(LANE_MAX, (free - sum(base.values())) / len(lanes)))
    rest = free - lane_width * len(lanes)
    share = {"uraian": 0.44 * rest, "kelengkapan": 0.28 * rest, "output": 0.28 * rest}
    columns: list[Column] = []
    x = 0.0
    titles = {"no": "No", "uraian": "Uraian Prosedur", "ket": "Ket."}

    def add(key: str, title: str, width: float) -> None:
        nonlocal x
        columns.append(Column(key, title, round(x, 2), round(width, 2)))
        x += width

    add("no", titles["no"], fixed["no"])
    add("uraian", titles["uraian"], share["uraian"])
    lanes_x = x
    for lane in sop.pelaksana:
        add(f"lane:{lane.id}", lane.nama, lane_width)
    gutter_x = x
    if gutter:
        add("gutter", "", gutter)
    add("kelengkapan", "Kelengkapan", share["kelengkapan"])
    add("waktu", "Waktu", fixed["waktu"])
    add("output", "Output", share["output"])
    add("ket", titles["ket"], fixed["ket"])
    return Grid(tuple(columns), lanes, lane_width, lanes_x, gutter_x, gutter_tracks)


def header(g: Grid) -> tuple[tuple[HeaderCell, ...], float]:
    """The two header rows, and where the header ends."""
    sub_lines = {
        c.key: _head_lines(c.title, c.w - 2 * PAD)
        for c in g.columns
        if c.key.startswith("lane:") or c.key in ("kelengkapan", "waktu", "output")
    }
    tallest = max(len(lines) * line_height(size) for lines, size in sub_lines.values())
    sub_h = max(24.0, tallest + 2 * PAD)
    top, mid = TABLE_TOP, TABLE_TOP + GROUP_ROW
    bottom = mid + sub_h
    cells: list[HeaderCell] = []
    for c in g.columns:
        if c.key in ("no", "uraian", "ket"):
            cells.append(HeaderCell((c.title,), Box(c.x, top, c.w, bottom - top), HEAD_SIZE))
        elif c.key in sub_lines:
            width = c.w
            if c.key == f"lane:{g.lanes[-1]}" and g.gutter_tracks:
                width += g.column("gutter").w  # the loop gutter runs inside the last lane
            lines, size = sub_lines[c.key]
            cells.append(HeaderCell(lines, Box(c.x, mid, width, sub_h), size))
    lanes_end = g.column("kelengkapan").x
    mutu_end = g.column("ket").x
    group = GROUP_ROW
    cells.append(HeaderCell(("Pelaksana",), Box(g.lanes_x, top, lanes_end - g.lanes_x, group), 8))
    cells.append(HeaderCell(("Mutu Baku",), Box(lanes_end, top, mutu_end - lanes_end, group), 8))
    return tuple(cells), bottom


def _head_lines(title: str, width: float) -> tuple[tuple[str, ...], float]:
    """A column title wrapped at the largest size, down to 6.5 px, that breaks no word."""
    size = HEAD_SIZE
    while size > 6.5 and any(text_width(w, size, bold=True) > width for w in title.split()):
        size -= 0.5
    return tuple(wrap(title, width, size, bold=True)), size


def _numbered(items: list[str], column: Column, size: float) -> Cell:
    """One item as it is; several as ``1) …``, ``2) …`` with wrapped lines hanging under the
    text, not under the number."""
    width = column.w - 2 * PAD
    if len(items) == 1:
        lines = tuple(wrap(items[0], width, size))
        return Cell(column.key, lines, size, indents=(0.0,) * len(lines))
    lines_: list[str] = []
    indents: list[float] = []
    for i, item in enumerate(items, start=1):
        prefix = f"{i}) "
        hang = round(text_width(prefix, size), 2)
        wrapped = wrap(item, width - hang, size) or [""]
        lines_.extend([prefix + wrapped[0], *wrapped[1:]])
        indents.extend([0.0] + [hang] * (len(wrapped) - 1))
    return Cell(column.key, tuple(lines_), size, indents=tuple(indents))


def _plain(column: Column, texts: list[str], size: float, align: str = "start") -> Cell:
    lines = tuple(line for text in texts for line in wrap(text, column.w - 2 * PAD, size))
    return Cell(column.key, lines, size, align, (0.0,) * len(lines))


def step_cells(sop: Sop, g: Grid, step: Step, extra_notes: list[str]) -> tuple[Cell, ...]:
    notes = ([step.keterangan] if step.keterangan else []) + extra_notes
    return (
        Cell("no", (f"{step.no}.",), TEXT_SIZE, "middle", (0.0,)),
        _plain(g.column("uraian"), [step.uraian], TEXT_SIZE),
        _numbered(
            [_requirement(sop, r) for r in step.requirements],
            g.column("kelengkapan"),
            SMALL_SIZE,
        ),
        _plain(g.column("waktu"), [step.waktu] if step.waktu else [], SMALL_SIZE, "middle"),
        _numbered([o.nama for o in step.outputs], g.column("output"), SMALL_SIZE),
        _plain(g.column("ket"), notes, SMALL_SIZE),
    )


def _requirement(sop: Sop, requirement: Requirement) -> str:
    """An input the step can do without (``wajib: false``) is marked so on the form, and one
    it needs only under a condition says which: "Surat Kuasa (bila diajukan oleh kuasa)"."""
    if not requirement.wajib:
        return f"{requirement.nama} (jika ada)"
    if requirement.bila is not None:
        return f"{requirement.nama} (bila {condition_phrase(sop, requirement.bila)})"
    return requirement.nama


def row_height(cells: tuple[Cell, ...], symbol_height: float) -> float:
    text = max(len(c.lines) * line_height(c.size) for c in cells) + 2 * PAD + 2
    return round(max(text, symbol_height + 2 * SYMBOL_MARGIN, 48.0), 2)
