"""Checks of the requester's time limit (batas_pemohon): only on a step of requester lanes,
each reminder positive, before the limit, and written once.

Each check yields ``(code, path, params)`` like the flow checks; the caller turns paths into
lines and columns.
"""

from __future__ import annotations

from collections.abc import Iterator

from alur.sop._definition.model import Sop
from alur.sop._definition.source import Path

Finding = tuple[str, Path, dict[str, object]]


def check_requester_limits(sop: Sop) -> Iterator[Finding]:
    lanes = sop.lanes
    for row, step in enumerate(sop.langkah):
        limit = step.batas_pemohon
        if limit is None:
            continue
        where: Path = ("langkah", row, "batas_pemohon")
        others = [lane for lane in step.lanes if lane in lanes and not lanes[lane].pemohon]
        if others:
            yield (
                "requester_limit.not_requester",
                where,
                {"step": step.no, "lanes": ", ".join(others)},
            )
        seen: set[int] = set()
        for index, days in enumerate(limit.pengingat):
            at: Path = (*where, "pengingat", index)
            params: dict[str, object] = {"step": step.no, "days": days, "limit": limit.hari}
            if days in seen:
                yield "requester_limit.reminder_duplicate", at, params
            elif days < 1:
                yield "requester_limit.reminder_not_positive", at, params
            elif days >= limit.hari:
                yield "requester_limit.reminder_too_late", at, params
            seen.add(days)
