"""Fold the rollup rows of each key into one, without making any change wait.

A change inserts its own rollup rows (``rollups``), so a key (office, SOP, step, day, ...)
gathers a row per change until this job folds them: per table, in one transaction,

1. take the lock compaction shares with ``rebuild`` (on PostgreSQL an advisory lock, tried
   without waiting: when another worker is compacting, this one skips its turn; on SQLite the
   transaction holds the database's write lock already);
2. note the table's highest id (the snapshot);
3. ``DELETE ... RETURNING`` the rows with an id up to the snapshot of every key that has a row
   not yet folded: exactly the deleted rows are added up, so a row committed by a change while
   this runs is either deleted and counted here or left alone and counted as it is;
4. insert one row per key with the sums (``MAX`` for ``longest``), marked folded.

Rows inserted after the snapshot are never touched, and nothing here locks a row or a range
a change's insert would wait on. Run by ``alur worker`` every ``EVERY`` seconds and by
``alur manage reports_compact``.
"""

from __future__ import annotations

from typing import Any, cast

from django.db import connection, models, transaction
from django.db.models import Max

from alur.reports.models import CaseDay, PersonDay, StepDay, StepMinutes, StepMinutesMonth

EVERY = 60.0
"""Seconds between two compactions in ``alur worker``."""

LOCK_KEY = 4_172_023_771
"""The PostgreSQL advisory lock compaction and ``rebuild`` share (any constant of our own)."""


class Fold:
    """How the rows of one table fold: the key's fields, the counts added, the maxima kept."""

    def __init__(
        self, model: type[models.Model], keys: tuple[str, ...], sums: tuple[str, ...]
    ) -> None:
        self.model = model
        self.keys = keys
        self.sums = sums
        self.maxima: tuple[str, ...] = ("longest",) if model is StepDay else ()


_DAY_COUNTS = ("done", "with_due", "on_time", "minutes")
FOLDS = (
    Fold(
        StepDay,
        ("office_id", "sop_id", "step", "day"),
        (*_DAY_COUNTS, "repeats", "declined", "returned", "waiting"),
    ),
    Fold(StepMinutes, ("office_id", "sop_id", "step", "day", "bucket"), ("visits",)),
    Fold(StepMinutesMonth, ("office_id", "sop_id", "step", "month", "bucket"), ("visits",)),
    Fold(PersonDay, ("office_id", "sop_id", "person_id", "day"), _DAY_COUNTS),
    Fold(
        CaseDay,
        ("office_id", "sop_id", "unit_id", "day"),
        (
            "opened",
            "finished",
            "returned",
            "stopped",
            "refused",
            "lapsed",
            "withdrawn",
            "service_met",
            "service_missed",
            "visits",
            "visit_minutes",
            "waiting",
        ),
    ),
)


def rollups_exclusive(*, wait: bool) -> bool:
    """Inside a transaction: take the lock compaction and rebuild share, until it ends; whether
    it was taken (``wait=False`` gives up at once when another holds it)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        if wait:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            return True
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        row = cursor.fetchone()
        return bool(row and row[0])


def rollups_compact() -> dict[str, int]:
    """Fold every table's rows; per table, the rows it removed (folded rows less the rows
    written in their place). A table another compaction holds is left for the next turn."""
    return {fold.model.__name__: _compact(fold) for fold in FOLDS}


def _compact(fold: Fold) -> int:
    model = fold.model
    with transaction.atomic():
        if not rollups_exclusive(wait=False):
            return 0
        snapshot = model._default_manager.aggregate(n=Max("id"))["n"]
        if snapshot is None:
            return 0
        gone = _delete_returning(fold, snapshot)
        totals: dict[tuple[Any, ...], list[int]] = {}
        width = len(fold.keys)
        for row in gone:
            key, values = tuple(row[:width]), [int(v) for v in row[width:]]
            kept = totals.get(key)
            if kept is None:
                totals[key] = values
                continue
            for index in range(len(fold.sums)):
                kept[index] += values[index]
            for index in range(len(fold.sums), len(values)):
                kept[index] = max(kept[index], values[index])
        model._default_manager.bulk_create(
            [
                model(
                    **dict(zip(fold.keys, key, strict=True)),
                    **dict(zip((*fold.sums, *fold.maxima), values, strict=True)),
                    folded=True,
                )
                for key, values in totals.items()
            ],
            batch_size=500,
        )
        return len(gone) - len(totals)


def _column(model: type[models.Model], attname: str) -> str:
    field = cast("models.Field[Any, Any]", model._meta.get_field(attname))
    return str(connection.ops.quote_name(str(field.column)))


def _delete_returning(fold: Fold, snapshot: int) -> list[tuple[Any, ...]]:
    model, quote = fold.model, connection.ops.quote_name
    table = quote(model._meta.db_table)
    keys = [_column(model, name) for name in fold.keys]
    values = [_column(model, name) for name in (*fold.sums, *fold.maxima)]
    # Plain equality, so the database can join on the (office, day) index; a key that may be
    # NULL (a visit nobody signed) is compared as 0, which no row's id is.
    nullable = {_column(model, f.attname) for f in model._meta.concrete_fields if f.null}
    same = " AND ".join(
        f"COALESCE(o.{k}, 0) = COALESCE({table}.{k}, 0)"
        if k in nullable
        else f"o.{k} = {table}.{k}"
        for k in keys
    )
    sql = (
        f"DELETE FROM {table} WHERE {table}.id <= %s AND EXISTS ("  # noqa: S608 - model names
        f"SELECT 1 FROM {table} o WHERE o.id <= %s AND NOT o.folded AND {same}) "
        f"RETURNING {', '.join([*keys, *values])}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [snapshot, snapshot])
        return list(cursor.fetchall())
