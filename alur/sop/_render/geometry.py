"""The chart as data: boxes, symbols, arrows and pages, in CSS pixels (96 per inch).

The layout computes these; the SVG writer only draws them, and the tests check them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

Point = tuple[float, float]


class Shape(StrEnum):
    """The five symbols of the SOP-AP legend (the arrow is drawn, not a shape)."""

    TERMINATOR = "terminator"
    """Mulai/selesai: a capsule."""
    PROCESS = "process"
    """Proses: a rectangle."""
    DECISION = "decision"
    """Keputusan: a diamond."""
    CONNECTOR = "connector"
    """Penghubung beda halaman: a pentagon pointing down."""


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def grown(self, margin: float) -> Box:
        return Box(self.x - margin, self.y - margin, self.w + 2 * margin, self.h + 2 * margin)

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def crossed_by(self, a: Point, b: Point) -> bool:
        """Whether the axis-parallel segment ``a``-``b`` enters this box's interior."""
        x0, x1 = sorted((a[0], b[0]))
        y0, y1 = sorted((a[1], b[1]))
        return x0 < self.right and self.x < x1 + 1e-9 and y0 < self.bottom and self.y < y1 + 1e-9


@dataclass(frozen=True)
class Symbol:
    id: str
    shape: Shape
    box: Box
    step: int | None
    """The step drawn, or None for an end of a branch or a connector."""
    text: str = ""

    def exit_point(self, side: str) -> Point:
        """The middle of a side ("top", "bottom", "left", "right"): a vertex for a diamond,
        the tip for the bottom of a pentagon; always on the outline."""
        b = self.box
        return {
            "top": (b.cx, b.y),
            "bottom": (b.cx, b.bottom),
            "left": (b.x, b.cy),
            "right": (b.right, b.cy),
        }[side]


@dataclass(frozen=True)
class Arrow:
    source: str
    target: str
    points: tuple[Point, ...]
    label: str = ""
    label_at: Point = (0.0, 0.0)
    label_anchor: str = "start"


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    x: float
    w: float

    @property
    def right(self) -> float:
        return self.x + self.w


@dataclass(frozen=True)
class Cell:
    column: str
    lines: tuple[str, ...]
    size: float
    align: str = "start"
    indents: tuple[float, ...] = ()
    """How far each line starts right of the cell's text edge (a numbered item's hang)."""


@dataclass(frozen=True)
class Row:
    step: int
    y: float
    h: float
    cells: tuple[Cell, ...]

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Note:
    """A short text beside a symbol (where an off-page connector leads)."""

    text: str
    at: Point


@dataclass(frozen=True)
class ChartPage:
    number: int
    body_top: float
    body_bottom: float
    rows: tuple[Row, ...]
    symbols: tuple[Symbol, ...]
    arrows: tuple[Arrow, ...]
    links: tuple[tuple[Point, Point], ...]
    """Lines joining the parts of a step that sits in lanes that are not side by side."""
    notes: tuple[Note, ...]
    top_band: Box | None
    bottom_band: Box | None

    def symbol(self, symbol_id: str) -> Symbol:
        return next(s for s in self.symbols if s.id == symbol_id)


@dataclass(frozen=True)
class HeaderCell:
    title: tuple[str, ...]
    box: Box
    size: float


@dataclass(frozen=True)
class ChartLayout:
    width: float
    height: float
    title: str
    subtitle: str
    columns: tuple[Column, ...]
    header: tuple[HeaderCell, ...]
    table_top: float
    header_bottom: float
    pages: tuple[ChartPage, ...]
