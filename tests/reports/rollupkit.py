"""The report's rollups of an office as plain rows, to compare what the recorder kept with what
a rebuild from the raw rows gives. A key may hold several rows (one per change, until
compaction folds them): they are added up per key here, as the readers do."""

from __future__ import annotations

from typing import Any

from alur.offices.models import Office
from alur.reports.compaction import FOLDS
from alur.reports.rebuild import office_rebuild


def rollup_rows(office: Office) -> dict[str, list[tuple[Any, ...]]]:
    rows = {}
    for fold in FOLDS:
        totals: dict[tuple[Any, ...], list[int]] = {}
        measures = (*fold.sums, *fold.maxima)
        for row in fold.model._default_manager.filter(office=office).values_list(
            *fold.keys, *measures
        ):
            key, values = tuple(row[: len(fold.keys)]), list(row[len(fold.keys) :])
            kept = totals.setdefault(key, [0] * len(measures))
            for index, name in enumerate(measures):
                kept[index] = (
                    max(kept[index], values[index])
                    if name in fold.maxima
                    else kept[index] + values[index]
                )
        rows[fold.model.__name__] = sorted(
            (key + tuple(values) for key, values in totals.items()), key=repr
        )
    return rows


def kept_and_rebuilt(office: Office) -> tuple[dict[str, Any], dict[str, Any]]:
    kept = rollup_rows(office)
    office_rebuild(office_id=office.pk)
    return kept, rollup_rows(office)
