"""Diagram interchange (BPMNDI) for an exported SOP: where every shape and edge is drawn.

    ProcessGraph ──layout──▶ Diagram (shapes, edges) ──render_diagram──▶ bpmndi:BPMNDiagram

The drawing follows the printed flow table turned on its side:

    ┌────┬──────────────────────────────────────────────────────────────┐
    │    │ lane 1   (start)──▶[step 1]─┐                                │
    │pool├──────────────────────────────┼───────────────────────────────┤
    │    │ lane 2                       └─▶[step 2]──▶<2>──▶(end)      │
    └────┴──────────────────────────────────────────────────────────────┘

- One horizontal swimlane per pelaksana, in column order, inside one pool (a participant of a
  collaboration, which is how bpmn.io and Camunda Modeler draw lanes).
- Every flow node gets a column of its own, left to right in step order (start, then each row's
  task and gateway, then the end events that row leads to). No two shapes share a column, so no
  two shapes overlap, whatever lanes they sit in.
- Edges are orthogonal and cross no shape. A flow forward that changes lanes runs along
  whichever of its two lanes has no shape in between (the source's first) and turns next to
  the other end; when both have, it runs along the margin of the target's lane, where no shape
  is drawn. A flow that skips shapes in its own lane runs along the lane's top margin. A flow
  back (a loop) leaves its source from the top (or the bottom, when its target's lane is lower),
  runs along the top margin of the target's lane, where no shape is drawn, and enters the target
  from above.

Written here rather than taken from a library: no maintained Python package lays out BPMN, and
the rule above (one column per node) is simple enough to be proved overlap-free by a test.
"""

from __future__ import annotations

from dataclasses import dataclass

from alur.sop._bpmn.graph import Node, NodeKind, ProcessGraph
from alur.sop._bpmn.xml import BPMNDI_NS, DC_NS, DI_NS, Element, q, sub

POOL_X = 20
POOL_Y = 20
POOL_LABEL = 30
"""Width of the pool's name strip on the left."""
LANE_HEIGHT = 180
COLUMN = 190
PADDING = 20
"""Room inside a lane before the first column and after the last."""
MARGIN = 10
"""Loop edges run this far below the top of their target's lane; a forward edge that changes
lanes drops this far before its target."""

SIZES = {
    NodeKind.START: (36, 36),
    NodeKind.END: (36, 36),
    NodeKind.TASK: (150, 110),
    NodeKind.GATEWAY: (50, 50),
}


@dataclass(frozen=True, slots=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def center_x(self) -> int:
        return self.x + self.width // 2

    @property
    def center_y(self) -> int:
        return self.y + self.height // 2

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )


Point = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Diagram:
    pool: Box
    lanes: dict[str, Box]
    """By SOP lane id."""
    shapes: dict[str, Box]
    """By flow node id."""
    edges: dict[str, tuple[Point, ...]]
    """By sequence flow id: the waypoints from source to target."""


def column_order(graph: ProcessGraph) -> list[Node]:
    """Flow nodes left to right: start, then per row its task, gateway and end events."""

    def key(node: Node) -> tuple[int, int]:
        if node.kind is NodeKind.START:
            return (0, 0)
        number = 0 if node.step is None else node.step.no
        rank = {NodeKind.TASK: 1, NodeKind.GATEWAY: 2, NodeKind.END: 3}[node.kind]
        return (number, rank)

    return sorted(graph.nodes, key=key)


def layout(graph: ProcessGraph) -> Diagram:
    lane_index = {lane: i for i, lane in enumerate(graph.lanes)}
    nodes = column_order(graph)
    width = POOL_LABEL + 2 * PADDING + COLUMN * len(nodes)
    pool = Box(POOL_X, POOL_Y, width, LANE_HEIGHT * len(graph.lanes))
    lanes = {
        lane: Box(POOL_X + POOL_LABEL, POOL_Y + LANE_HEIGHT * i, width - POOL_LABEL, LANE_HEIGHT)
        for lane, i in lane_index.items()
    }
    shapes: dict[str, Box] = {}
    columns: dict[str, int] = {}
    for column, node in enumerate(nodes):
        w, h = SIZES[node.kind]
        center_x = POOL_X + POOL_LABEL + PADDING + COLUMN * column + COLUMN // 2
        center_y = lanes[node.lane].center_y
        shapes[node.id] = Box(center_x - w // 2, center_y - h // 2, w, h)
        columns[node.id] = column
    lane_of = {node.id: node.lane for node in nodes}
    edges: dict[str, tuple[Point, ...]] = {}
    for flow in graph.flows:
        source, target = shapes[flow.source], shapes[flow.target]
        source_lane, target_lane = lane_of[flow.source], lane_of[flow.target]
        first, last = columns[flow.source], columns[flow.target]
        between = {lane_of[n.id] for n in nodes[first + 1 : last]}
        if last < first or (source_lane == target_lane and source_lane in between):
            edges[flow.id] = _along_top(source, target, lanes[target_lane])
        elif source_lane not in between:
            edges[flow.id] = _forward(source, target, turn=target.x - MARGIN)
        elif target_lane not in between:
            edges[flow.id] = _forward(source, target, turn=source.right + MARGIN)
        else:
            edges[flow.id] = _over(source, target, lanes[target_lane])
    return Diagram(pool, lanes, shapes, edges)


def _forward(source: Box, target: Box, *, turn: int) -> tuple[Point, ...]:
    if source.center_y == target.center_y:
        return ((source.right, source.center_y), (target.x, target.center_y))
    return (
        (source.right, source.center_y),
        (turn, source.center_y),
        (turn, target.center_y),
        (target.x, target.center_y),
    )


def _over(source: Box, target: Box, target_lane: Box) -> tuple[Point, ...]:
    """Forward to another lane when both lanes have shapes in between: along the margin of the
    target's lane (its top when it is lower, its bottom when it is higher)."""
    if target_lane.y > source.bottom:
        rail = target_lane.y + MARGIN
        return (
            (source.center_x, source.bottom),
            (source.center_x, rail),
            (target.center_x, rail),
            (target.center_x, target.y),
        )
    rail = target_lane.bottom - MARGIN
    return (
        (source.center_x, source.y),
        (source.center_x, rail),
        (target.center_x, rail),
        (target.center_x, target.bottom),
    )


def _along_top(source: Box, target: Box, target_lane: Box) -> tuple[Point, ...]:
    """A loop, or a skip over shapes in the same lane: along the top margin of the target's lane,
    entering the target from above."""
    rail = target_lane.y + MARGIN
    leave = source.bottom if rail > source.bottom else source.y
    return (
        (source.center_x, leave),
        (source.center_x, rail),
        (target.center_x, rail),
        (target.center_x, target.y),
    )


# --- BPMNDI ----------------------------------------------------------------------------------


def render_diagram(
    parent: Element, graph: ProcessGraph, collaboration: str, participant: str
) -> None:
    """Append the ``bpmndi:BPMNDiagram`` of ``graph`` to ``parent`` (the definitions)."""
    diagram = layout(graph)
    element = sub(parent, q(BPMNDI_NS, "BPMNDiagram"), {"id": f"diagram_{graph.process_id}"})
    plane = sub(
        element,
        q(BPMNDI_NS, "BPMNPlane"),
        {"id": f"plane_{graph.process_id}", "bpmnElement": collaboration},
    )
    _shape(plane, participant, diagram.pool, horizontal=True)
    for lane, box in diagram.lanes.items():
        _shape(plane, f"lane_{lane}", box, horizontal=True)
    kinds = {node.id: node.kind for node in graph.nodes}
    for node_id, box in diagram.shapes.items():
        marker = kinds[node_id] is NodeKind.GATEWAY
        _shape(plane, node_id, box, marker=marker)
    for flow_id, points in diagram.edges.items():
        edge = sub(plane, q(BPMNDI_NS, "BPMNEdge"), {"id": f"{flow_id}_di", "bpmnElement": flow_id})
        for x, y in points:
            sub(edge, q(DI_NS, "waypoint"), {"x": str(x), "y": str(y)})


def _shape(
    plane: Element, element: str, box: Box, *, horizontal: bool = False, marker: bool = False
) -> None:
    shape = sub(
        plane,
        q(BPMNDI_NS, "BPMNShape"),
        {
            "id": f"{element}_di",
            "bpmnElement": element,
            "isHorizontal": "true" if horizontal else None,
            "isMarkerVisible": "true" if marker else None,
        },
    )
    sub(
        shape,
        q(DC_NS, "Bounds"),
        {"x": str(box.x), "y": str(box.y), "width": str(box.width), "height": str(box.height)},
    )
