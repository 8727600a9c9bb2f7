"""SVG for the chart pages laid out by ``layout.py``: one ``<svg>`` per A4 landscape page."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from alur.sop._definition.model import Sop
from alur.sop._render import table
from alur.sop._render.arrows import NOTE_SIZE
from alur.sop._render.geometry import Arrow, ChartLayout, ChartPage, Point, Shape, Symbol
from alur.sop._render.layout import chart_layout
from alur.sop._render.text import FONT_FAMILY

INK = "#111"
GRID = "#555"
HEAD_FILL = "#eef1f5"
LEGEND = (
    (Shape.TERMINATOR, "mulai / selesai"),
    (Shape.PROCESS, "proses"),
    (Shape.DECISION, "keputusan"),
    (Shape.CONNECTOR, "penghubung beda halaman"),
)
PAGE_GAP = 24.0


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text(
    x: float, y: float, text: str, size: float, *, anchor: str = "start", bold: bool = False
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}"{weight}>'
        f"{escape(text)}</text>"
    )


def chart_svg_pages(sop: Sop) -> list[str]:
    """The flow table of ``sop`` as SVG documents, one per page."""
    chart = chart_layout(sop)
    return [page_svg(chart, page) for page in chart.pages]


def chart_svg(sop: Sop) -> str:
    """All chart pages in one SVG document, one under the other."""
    chart = chart_layout(sop)
    height = len(chart.pages) * (chart.height + PAGE_GAP) - PAGE_GAP
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(chart.width)} {_n(height)}" '
        f'width="{_n(chart.width)}" height="{_n(height)}">'
    ]
    for page in chart.pages:
        y = page.number * (chart.height + PAGE_GAP)
        parts.append(page_svg(chart, page, y=y))
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def page_svg(chart: ChartLayout, page: ChartPage, *, y: float = 0.0) -> str:
    w, h = chart.width, chart.height
    total = len(chart.pages)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bagan-alur" '
        f'data-halaman="{page.number + 1}" y="{_n(y)}" viewBox="0 0 {_n(w)} {_n(h)}" '
        f'width="{_n(w)}" height="{_n(h)}" font-family={quoteattr(FONT_FAMILY)} fill="{INK}">',
        _text(w / 2, 16, chart.title, 13, anchor="middle", bold=True),
        _text(
            w / 2,
            31,
            " · ".join(
                part for part in (chart.subtitle, f"halaman {page.number + 1} dari {total}") if part
            ),
            9,
            anchor="middle",
        ),
    ]
    out.extend(_header(chart))
    out.extend(_body(chart, page))
    out.extend(_symbol(s) for s in page.symbols)
    for a, b in page.links:
        out.append(
            f'<line x1="{_n(a[0])}" y1="{_n(a[1])}" x2="{_n(b[0])}" y2="{_n(b[1])}" '
            f'stroke="{INK}" stroke-width="1" stroke-dasharray="4 2"/>'
        )
    for arrow in page.arrows:
        out.extend(_arrow(arrow))
    out.extend(_text(n.at[0], n.at[1], n.text, NOTE_SIZE) for n in page.notes)
    table_bottom = page.bottom_band.bottom if page.bottom_band else page.body_bottom
    out.extend(_legend(min(table_bottom + 14, h - 22)))
    out.append("</svg>")
    return "\n".join(out)


def _header(chart: ChartLayout) -> list[str]:
    out = []
    for cell in chart.header:
        b = cell.box
        out.append(
            f'<rect x="{_n(b.x)}" y="{_n(b.y)}" width="{_n(b.w)}" height="{_n(b.h)}" '
            f'fill="{HEAD_FILL}" stroke="{GRID}" stroke-width="0.8"/>'
        )
        lh = table.line_height(cell.size)
        first = b.cy - (len(cell.title) - 1) * lh / 2 + cell.size * 0.35
        out.extend(
            _text(b.cx, first + k * lh, line, cell.size, anchor="middle", bold=True)
            for k, line in enumerate(cell.title)
        )
    return out


def _body(chart: ChartLayout, page: ChartPage) -> list[str]:
    columns = {c.key: c for c in chart.columns}
    bottom = page.bottom_band.bottom if page.bottom_band else page.body_bottom
    top = page.top_band.y if page.top_band else page.body_top
    out = [
        f'<rect x="0" y="{_n(top)}" width="{_n(chart.width)}" height="{_n(bottom - top)}" '
        f'fill="none" stroke="{GRID}" stroke-width="0.8"/>'
    ]
    for c in chart.columns[1:]:
        if c.key == "gutter":  # loops run inside the last lane: no line of its own
            continue
        out.append(
            f'<line x1="{_n(c.x)}" y1="{_n(page.body_top)}" x2="{_n(c.x)}" '
            f'y2="{_n(page.body_bottom)}" stroke="{GRID}" stroke-width="0.6"/>'
        )
    for row in page.rows:
        out.append(
            f'<line x1="0" y1="{_n(row.bottom)}" x2="{_n(chart.width)}" y2="{_n(row.bottom)}" '
            f'stroke="{GRID}" stroke-width="0.6"/>'
        )
        for cell in row.cells:
            c = columns[cell.column]
            lh = table.line_height(cell.size)
            x = c.x + c.w / 2 if cell.align == "middle" else c.x + table.PAD
            base = row.y + table.PAD + cell.size
            indents = cell.indents or (0.0,) * len(cell.lines)
            out.extend(
                _text(x + indent, base + k * lh, line, cell.size, anchor=cell.align)
                for k, (line, indent) in enumerate(zip(cell.lines, indents, strict=True))
            )
    return out


def _outline(shape: Shape, x: float, y: float, w: float, h: float) -> str:
    common = f'fill="#fff" stroke="{INK}" stroke-width="1.1"'
    if shape is Shape.TERMINATOR:
        return (
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" '
            f'rx="{_n(h / 2)}" ry="{_n(h / 2)}" {common}/>'
        )
    if shape is Shape.PROCESS:
        return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" {common}/>'
    if shape is Shape.DECISION:
        points: list[Point] = [
            (x + w / 2, y),
            (x + w, y + h / 2),
            (x + w / 2, y + h),
            (x, y + h / 2),
        ]
    else:
        points = [(x, y), (x + w, y), (x + w, y + 0.6 * h), (x + w / 2, y + h), (x, y + 0.6 * h)]
    text = " ".join(f"{_n(px)},{_n(py)}" for px, py in points)
    return f'<polygon points="{text}" {common}/>'


def _symbol(symbol: Symbol) -> str:
    b = symbol.box
    parts = [
        f'<g class="simbol simbol-{symbol.shape.value}" data-id="{escape(symbol.id)}">',
        _outline(symbol.shape, b.x, b.y, b.w, b.h),
    ]
    if symbol.text:
        size = 8.0 if symbol.shape is Shape.CONNECTOR else 7.0
        ty = b.y + b.h * (0.45 if symbol.shape is Shape.CONNECTOR else 0.5) + size * 0.35
        parts.append(
            _text(
                b.cx, ty, symbol.text, size, anchor="middle", bold=symbol.shape is Shape.CONNECTOR
            )
        )
    parts.append("</g>")
    return "".join(parts)


def _arrow(arrow: Arrow) -> list[str]:
    points = " ".join(f"{_n(x)},{_n(y)}" for x, y in arrow.points)
    (x0, y0), (x1, y1) = arrow.points[-2], arrow.points[-1]
    dx, dy = (x1 > x0) - (x1 < x0), (y1 > y0) - (y1 < y0)
    size, half = 6.0, 3.0
    head = [
        (x1, y1),
        (x1 - dx * size - dy * half, y1 - dy * size + dx * half),
        (x1 - dx * size + dy * half, y1 - dy * size - dx * half),
    ]
    out = [
        f'<polyline points="{points}" fill="none" stroke="{INK}" stroke-width="1"/>',
        '<polygon points="' + " ".join(f"{_n(x)},{_n(y)}" for x, y in head) + f'" fill="{INK}"/>',
    ]
    if arrow.label:
        out.append(
            _text(
                arrow.label_at[0],
                arrow.label_at[1],
                arrow.label,
                7.5,
                anchor=arrow.label_anchor,
                bold=True,
            )
        )
    return out


def _legend(y: float) -> list[str]:
    """The five symbols, under the table."""
    out = [_text(0, y + 12, "Keterangan:", 8.5, bold=True)]
    x = 70.0
    for shape, name in LEGEND:
        w, h = (16.0, 16.0) if shape is Shape.CONNECTOR else (30.0, 16.0)
        out.append(_outline(shape, x, y, w, h))
        out.append(_text(x + w + 6, y + 11, name, 8))
        x += w + 6 + len(name) * 5.2 + 24
    out.append(
        f'<line x1="{_n(x)}" y1="{_n(y + 8)}" x2="{_n(x + 30)}" y2="{_n(y + 8)}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    out.append(
        f'<polygon points="{_n(x + 36)},{_n(y + 8)} {_n(x + 30)},{_n(y + 5)} '
        f'{_n(x + 30)},{_n(y + 11)}" fill="{INK}"/>'
    )
    out.append(_text(x + 42, y + 11, "alur kerja", 8))
    return out
