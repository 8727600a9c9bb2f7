"""The flow between steps as edges, each knowing the side of its source it leaves by.

A decision's branch to an end of the case leaves by the bottom, towards the end drawn under the
decision in its own lane (a second end goes under the first, its branch leaving by a side); a
branch to the next row leaves by the bottom where that is free, a loop by the right (towards the
gutter where loops run back up), and any other branch by the side facing its target.
"""

from __future__ import annotations

from dataclasses import dataclass

from alur.sop._definition.model import End, Outcome, Sop, Step, target_step
from alur.sop._render.geometry import Arrow, Box, Note, Point, Row, Symbol

END_WIDTH, END_HEIGHT = 58.0, 22.0
END_WORDS = {
    Outcome.SELESAI: "selesai",
    Outcome.DIKEMBALIKAN: "dikembalikan",
    Outcome.DIHENTIKAN: "dihentikan",
    Outcome.DITOLAK: "ditolak",
}
"""The word in the end symbol for each way a case ends, both where a final step ends it and
where a decision's branch does; also the word of the note beside that branch."""


@dataclass(frozen=True)
class Edge:
    source: int
    target: int | None
    end: End | None
    label: str
    side: str
    """Where the arrow leaves its source: "bottom", "left" or "right"."""

    @property
    def key(self) -> str:
        return f"{self.source}-{self.label or 'lanjut'}"


@dataclass
class PageParts:
    """A page while it is being built."""

    number: int
    rows: list[Row]
    symbols: list[Symbol]
    parts: dict[int, list[Symbol]]
    body_top: float
    body_bottom: float
    top_band: Box | None
    bottom_band: Box | None
    arrows: list[Arrow]
    notes: list[Note]
    links: list[tuple[Point, Point]]


def step_edges(sop: Sop, step: Step, order: dict[int, int], lanes: list[str]) -> list[Edge]:
    here = order[step.no]
    x = min(lanes.index(lane) for lane in step.lanes)
    branches: list[tuple[int | None, End | None, str]] = []
    if step.is_decision:
        for word, branch in (("ya", step.ya), ("tidak", step.tidak)):
            if branch is None:
                continue
            goto_label = getattr(branch, "label", None)
            label = f"{word} ({goto_label})" if goto_label else word
            end = branch if isinstance(branch, End) else None
            branches.append((target_step(branch), end, label))
    else:
        nxt = sop.next_of(step)
        if nxt is not None:
            branches.append((nxt, None, ""))
    taken: set[str] = set()
    wanted: dict[int, list[str]] = {}

    def rank(item: tuple[int, tuple[int | None, End | None, str]]) -> int:
        target = item[1][0]
        if target is None:
            return 0
        return 1 if order[target] == here + 1 else 2

    for i, (target, _end, _label) in sorted(enumerate(branches), key=rank):
        if target is None:
            # The end goes under the decision, in its lane: the lane of the step that ends.
            sides = ["bottom", "left" if x > 0 else "right"]
        else:
            tx = lanes.index(sop.steps[target].lanes[0])
            if order[target] == here + 1:
                sides = ["bottom", "right" if tx >= x else "left", "left"]
            elif order[target] < here:
                sides = ["right", "bottom"]
            else:
                sides = ["right" if tx >= x else "left", "bottom", "left", "right"]
        free = [s for s in sides if s not in taken] or sides
        wanted[i] = free
        taken.add(free[0])
    return [
        Edge(step.no, target, end, label, wanted[i][0])
        for i, (target, end, label) in enumerate(branches)
    ]


def gutter_tracks(edges: list[Edge], order: dict[int, int]) -> dict[str, int]:
    """One gutter track per loop; loops whose spans do not overlap share a track."""
    loops = [e for e in edges if e.target is not None and order[e.target] < order[e.source]]
    loops.sort(key=lambda e: order[e.source] - order[e.target or 0])
    used: list[list[tuple[int, int]]] = []
    tracks: dict[str, int] = {}
    for e in loops:
        span = (order[e.target or 0], order[e.source])
        for k, spans in enumerate(used):
            if all(span[1] < a or b < span[0] for a, b in spans):
                spans.append(span)
                tracks[e.key] = k
                break
        else:
            used.append([span])
            tracks[e.key] = len(used) - 1
    return tracks
