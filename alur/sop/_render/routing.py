"""Orthogonal arrow paths that go around symbols.

Every path is built from a few fixed shapes (down-across-down for a forward arrow, out to the
loop gutter and up for a loop) over a list of candidate vertical tracks, nearest first; the
first path whose segments enter no symbol except at its own two ends is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from alur.sop._render.geometry import Point, Symbol

CLEARANCE = 2.0
"""How close a line may pass a symbol it does not connect."""
DROP = 8.0
"""How far a path leaves a symbol's bottom before it turns."""


def simplify(points: Sequence[Point]) -> tuple[Point, ...]:
    """Drop repeated points and the middle of three points on one line."""
    kept: list[Point] = []
    for p in points:
        p = (round(p[0], 2), round(p[1], 2))
        if kept and kept[-1] == p:
            continue
        if len(kept) >= 2:
            a, b = kept[-2], kept[-1]
            if (a[0] == b[0] == p[0]) or (a[1] == b[1] == p[1]):
                kept[-1] = p
                continue
        kept.append(p)
    return tuple(kept)


def is_clear(
    points: Sequence[Point], obstacles: Iterable[Symbol], source: str, target: str
) -> bool:
    """No segment enters a symbol, except the first leaving its source and the last reaching
    its target."""
    last = len(points) - 2
    for symbol in obstacles:
        box = symbol.box.grown(CLEARANCE)
        for i, (a, b) in enumerate(pairwise(points)):
            if symbol.id == source and i == 0:
                continue
            if symbol.id == target and i == last:
                continue
            if box.crossed_by(a, b):
                return False
    return True


def _first_clear(
    paths: Iterable[Sequence[Point]], obstacles: Sequence[Symbol], source: str, target: str
) -> tuple[Point, ...]:
    """The first clear path; the first of all when none is (it crosses as little as any)."""
    tried = [simplify(raw) for raw in paths]
    return next((p for p in tried if is_clear(p, obstacles, source, target)), tried[0])


def downward(
    start: Point,
    side: str,
    target: Symbol,
    turn_y: float,
    tracks: Sequence[float],
    obstacles: Sequence[Symbol],
    source: str,
) -> tuple[Point, ...]:
    """From ``start`` (leaving by ``side``) down to the top of ``target``; the last turn is at
    ``turn_y``, in the free space above the target."""
    end = target.exit_point("top")

    def paths() -> Iterable[list[Point]]:
        for x in tracks:
            if side == "bottom":
                drop = start[1] + DROP
                yield [start, (start[0], drop), (x, drop), (x, turn_y), (end[0], turn_y), end]
                yield [start, (x, start[1]), (x, turn_y), (end[0], turn_y), end]
            else:
                yield [start, (x, start[1]), (x, turn_y), (end[0], turn_y), end]

    def straight_first() -> Iterable[list[Point]]:
        if side == "bottom":
            yield [start, (start[0], turn_y), (end[0], turn_y), end]
        yield from paths()

    return _first_clear(straight_first(), obstacles, source, target.id)


def upward(
    start: Point,
    side: str,
    target: Symbol,
    gutter: float,
    obstacles: Sequence[Symbol],
    source: str,
    *,
    lead: float = DROP,
    into_bottom_at: float | None = None,
    by_top: bool = False,
) -> tuple[Point, ...]:
    """A loop: from ``start`` (leaving by ``side``, ``lead`` away when that is the bottom or
    the top) out to the gutter track, up beside the lanes and into the target's right side, or
    its top when the right is blocked or ``by_top`` (another arrow leaves the target by its
    right side). With ``into_bottom_at``, the target is a connector above: the path turns at
    that height and enters its bottom tip."""
    leave: list[Point] = [start]
    if side == "bottom":
        leave.append((start[0], start[1] + lead))
    elif side == "top":
        leave.append((start[0], start[1] - lead))
    y = leave[-1][1]
    if into_bottom_at is not None:
        end = target.exit_point("bottom")
        path = [*leave, (gutter, y), (gutter, into_bottom_at), (end[0], into_bottom_at), end]
        return _first_clear([path], obstacles, source, target.id)
    right = target.exit_point("right")
    top = target.exit_point("top")
    turn = target.box.y - DROP
    candidates = [
        [*leave, (gutter, y), (gutter, right[1]), right],
        [*leave, (gutter, y), (gutter, turn), (top[0], turn), top],
    ]
    if by_top:
        candidates.reverse()
    return _first_clear(candidates, obstacles, source, target.id)
