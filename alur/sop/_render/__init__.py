"""The official SOP-AP document drawn from an SOP definition: identity page and bagan alur.

    table.py    columns, header and row heights from wrapped text (text.py measures)
    edges.py    the flow as edges, with the side each leaves its symbol by
    layout.py   rows packed into A4 landscape pages, symbols placed in lanes
    arrows.py   arrows between symbols and through off-page connectors (routing.py)
    svg.py      one SVG per chart page
    document.py the identity page and the chart pages as HTML, and as PDF (WeasyPrint)

No library draws this layout (lanes as table columns, the mutu baku beside them, rows sized by
their text), so Alur draws it itself; see docs/rendering.md.

Imports only the definition (alur.sop._definition) of the rest of the core.
"""
