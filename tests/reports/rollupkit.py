"""The report's rollups of an office as plain rows, to compare what the recorder kept with what
a rebuild from the raw rows gives. A key may hold several rows (one per change, until
compaction folds them): they are added up per key here, as the readers do."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Sum

from alur.cases.models import Case, Task
from alur.offices.models import Office
from alur.reports.compaction import FOLDS
from alur.reports.models import CaseDay, PersonDay, StepDay, StepMinutes, StepMinutesMonth
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


def _total(model: type, field: str, **where: object) -> int:
    return int(model.objects.filter(**where).aggregate(n=Sum(field))["n"] or 0)


def year_rolled_up(offices: Iterable[Office]) -> None:
    """After the demo year: each office's rollups equal a rebuild from the raw rows, none is
    empty, and their totals are the visits and cases the year holds, every kind of ending."""
    for office in offices:
        kept, rebuilt = kept_and_rebuilt(office)
        assert kept == rebuilt
        assert all(kept[name] for name in kept)
        done = Task.objects.filter(case__office=office, status=Task.Status.DONE)
        assert _total(StepDay, "done", office=office) == done.count()
        assert _total(StepMinutes, "visits", office=office) == done.count()
        assert _total(StepMinutesMonth, "visits", office=office) == done.count()
        assert _total(PersonDay, "done", office=office) == done.count()
        assert _total(StepDay, "repeats", office=office) == done.filter(visit__gt=1).count()
        assert _total(CaseDay, "visits", office=office) == done.count()
        waited = int(done.aggregate(n=Sum("waiting_minutes"))["n"] or 0)
        assert _total(StepDay, "waiting", office=office) == waited
        assert _total(CaseDay, "waiting", office=office) == waited
        assert _total(CaseDay, "opened", office=office) == office.cases.count()
        outcome = {
            "finished": "selesai",
            "returned": "dikembalikan",
            "stopped": "dihentikan",
            "refused": "ditolak",
        }
        for column, status in outcome.items():
            assert _total(CaseDay, column, office=office) == (
                office.cases.filter(status=status).count()
            )
    assert _total(StepDay, "returned") == Case.objects.filter(status="dikembalikan").count()
