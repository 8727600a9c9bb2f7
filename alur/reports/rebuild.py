"""Recompute an office's rollups from the raw rows, in the database.

Each table is filled by one ``INSERT ... SELECT`` built from a grouped query set (the grouping,
the office-local day, the bucket of each visit's minutes: all computed by the database), after
the office's old rollup rows are deleted, in one transaction, each row marked folded (one per
key), holding the lock compaction takes. Used by the data migration that
fills the rollups for rows written before they existed, by ``alur reports rebuild`` and by the
benchmark's data generation. Models come from ``registry`` so a migration can pass its own.
"""

from __future__ import annotations

from typing import Any, cast
from zoneinfo import ZoneInfo

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import connection, models, transaction
from django.db.models import Case as When_
from django.db.models import Count, F, FloatField, IntegerField, Max, Q, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Floor, Ln, TruncDate, TruncMonth

from alur.reports.buckets import LOG_RATIO
from alur.reports.compaction import rollups_exclusive

TABLES = ("StepDay", "StepMinutes", "StepMinutesMonth", "PersonDay", "CaseDay")


def _insert(
    model: type[models.Model],
    office_id: int,
    queries: list[models.QuerySet[Any]],
    keys: dict[str, str],
    totals: dict[str, tuple[str, str]],
) -> int:
    """INSERT one row per key of the grouped ``queries``: ``keys`` maps a rollup field to the
    queries' alias for it, ``totals`` a field to (SUM or MAX, alias); the rows of several
    queries are added up per key."""
    quote = connection.ops.quote_name
    fields = [*keys, *totals]
    aliases = [*keys.values(), *(alias for _, alias in totals.values())]
    picked = ", ".join(f"{quote(a)} AS {quote(f)}" for f, a in zip(fields, aliases, strict=True))
    parts: list[str] = []
    params: list[Any] = []
    for query in queries:
        sql, query_params = query.query.sql_with_params()
        parts.append(f"SELECT {picked} FROM ({sql}) part")  # noqa: S608 - our own aliases
        params.extend(query_params)
    # One row per key: folded (the field is missing in the migrations before it existed).
    folded = ["folded"] if any(f.name == "folded" for f in model._meta.concrete_fields) else []
    columns = ", ".join(quote(_column(model, f)) for f in ["office", *folded, *fields])
    grouped = ", ".join(quote(f) for f in keys)
    added = ", ".join(f"{how}({quote(f)})" for f, (how, _) in totals.items())
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608 - model names
        f"SELECT %s, {'%s, ' * len(folded)}{grouped}, {added} "
        f"FROM ({' UNION ALL '.join(parts)}) rows GROUP BY {grouped}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [office_id, *([True] * len(folded)), *params])
        return int(cursor.rowcount)


def _column(model: type[models.Model], name: str) -> str:
    return str(cast("models.Field[Any, Any]", model._meta.get_field(name)).column)


def _closed_columns(model: type[models.Model]) -> tuple[str, ...]:
    """The columns of the cases closed, one per way a case ends, and by the service deadline;
    the later ones are missing in the migrations before they existed (the data migration that
    first filled the rollups)."""
    names = {f.name for f in model._meta.concrete_fields}
    closed = (
        "finished",
        "returned",
        "stopped",
        "refused",
        "lapsed",
        "withdrawn",
        "service_met",
        "service_missed",
    )
    return tuple(n for n in closed if n in names)


def _has(model: type[models.Model], name: str) -> bool:
    """Whether ``model`` has the field: the data migrations run this with earlier models."""
    return any(f.name == name for f in model._meta.concrete_fields)


def _same(*names: str, how: str = "SUM") -> dict[str, tuple[str, str]]:
    return {name: (how, name) for name in names}


def office_rebuild(*, office_id: int, registry: Apps = global_apps) -> dict[str, int]:
    """Delete and recompute the rollups of one office; returns the rows written per table."""
    office = registry.get_model("offices", "Office")._default_manager.get(pk=office_id)
    zone = ZoneInfo(office.zone)
    rollup = {name: registry.get_model("reports", name) for name in TABLES}
    tasks = registry.get_model("cases", "Task")._default_manager
    cases = registry.get_model("cases", "Case")._default_manager
    written: dict[str, int] = {}
    with transaction.atomic():
        # Not beside a compaction: it could re-insert rows this deletes.
        rollups_exclusive(wait=True)
        for model in rollup.values():
            model._default_manager.filter(office_id=office_id).delete()
        done = tasks.filter(
            case__office_id=office_id, status="selesai", done_at__isnull=False
        ).annotate(
            sop=F("case__sop_version__sop_id"),
            day=TruncDate("done_at", tzinfo=zone),
        )
        minutes = Coalesce("working_minutes", 0)
        # Waiting: the minutes of a visit from its opening to its first touch.
        waits = _has(tasks.model, "waiting_minutes") and _has(rollup["StepDay"], "waiting")
        waiting: dict[str, Any] = {"waiting": Sum(Coalesce("waiting_minutes", 0))} if waits else {}
        with_due = Count("id", filter=Q(due_at__isnull=False))
        on_time = Count("id", filter=Q(done_at__lte=F("due_at")))
        step_days = (
            done.annotate(k_step=F("step"))
            .values("sop", "k_step", "day")
            .annotate(
                done=Count("id"),
                with_due=with_due,
                on_time=on_time,
                minutes=Sum(minutes),
                longest=Max(minutes),
                repeats=Count("id", filter=Q(visit__gt=1)),
                declined=Count("id", filter=Q(decision="tidak")),
                returned=Count(
                    "id", filter=Q(case__status="dikembalikan", done_at=F("case__closed_at"))
                ),
                **waiting,
            )
            .order_by()
        )
        written["StepDay"] = _insert(
            rollup["StepDay"],
            office_id,
            [step_days],
            {"sop": "sop", "step": "k_step", "day": "day"},
            _same("done", "with_due", "on_time", "minutes", "repeats", "declined", "returned")
            | _same(*waiting)
            | _same("longest", how="MAX"),
        )
        bucket = When_(
            When(Q(working_minutes__isnull=True) | Q(working_minutes__lte=0), then=Value(0)),
            default=Cast(
                Floor(Ln(Cast("working_minutes", FloatField())) / Value(LOG_RATIO)) + 1,
                IntegerField(),
            ),
            output_field=IntegerField(),
        )
        buckets = (
            done.annotate(k_step=F("step"), k_bucket=bucket)
            .values("sop", "k_step", "day", "k_bucket")
            .annotate(visits=Count("id"))
            .order_by()
        )
        written["StepMinutes"] = _insert(
            rollup["StepMinutes"],
            office_id,
            [buckets],
            {"sop": "sop", "step": "k_step", "day": "day", "bucket": "k_bucket"},
            _same("visits"),
        )
        months = (
            rollup["StepMinutes"]
            ._default_manager.filter(office_id=office_id)
            .annotate(
                k_sop=F("sop_id"),
                k_step=F("step"),
                month=TruncMonth("day", output_field=models.DateField()),
                k_bucket=F("bucket"),
            )
            .values("k_sop", "k_step", "month", "k_bucket")
            .annotate(k_visits=Sum("visits"))
            .order_by()
        )
        written["StepMinutesMonth"] = _insert(
            rollup["StepMinutesMonth"],
            office_id,
            [months],
            {"sop": "k_sop", "step": "k_step", "month": "month", "bucket": "k_bucket"},
            {"visits": ("SUM", "k_visits")},
        )
        people = (
            done.annotate(person=F("done_by_id"))
            .values("sop", "person", "day")
            .annotate(done=Count("id"), with_due=with_due, on_time=on_time, minutes=Sum(minutes))
            .order_by()
        )
        written["PersonDay"] = _insert(
            rollup["PersonDay"],
            office_id,
            [people],
            {"sop": "sop", "person": "person", "day": "day"},
            _same("done", "with_due", "on_time", "minutes"),
        )
        of_office = cases.filter(office_id=office_id).annotate(
            sop=F("sop_version__sop_id"), unit=F("requester_unit_id")
        )
        # The visits of each unit's cases, by their day of completion (none before waiting).
        no_visits: dict[str, Any] = (
            {"visits": Value(0), "visit_minutes": Value(0), "waiting": Value(0)} if waits else {}
        )
        opened = (
            of_office.annotate(day=TruncDate("opened_at", tzinfo=zone))
            .values("sop", "unit", "day")
            .annotate(
                opened=Count("id"),
                finished=Value(0),
                returned=Value(0),
                stopped=Value(0),
                refused=Value(0),
                lapsed=Value(0),
                withdrawn=Value(0),
                service_met=Value(0),
                service_missed=Value(0),
                **no_visits,
            )
            .order_by()
        )
        by_service: dict[str, Any] = {"service_met": Value(0), "service_missed": Value(0)}
        if any(f.name == "service_due_at" for f in cases.model._meta.concrete_fields):
            # The service deadline the case was held to: its latest extension, else the target.
            deadline = Coalesce("service_changed_due_at", "service_due_at")
            by_service = {
                "service_met": Count("id", filter=Q(closed_at__lte=deadline)),
                "service_missed": Count("id", filter=Q(closed_at__gt=deadline)),
            }
        closed = (
            of_office.filter(closed_at__isnull=False)
            .annotate(day=TruncDate("closed_at", tzinfo=zone))
            .values("sop", "unit", "day")
            .annotate(
                opened=Value(0),
                finished=Count("id", filter=Q(status="selesai")),
                returned=Count("id", filter=Q(status="dikembalikan")),
                stopped=Count("id", filter=Q(status="dihentikan")),
                refused=Count("id", filter=Q(status="ditolak")),
                lapsed=Count("id", filter=Q(status="gugur")),
                withdrawn=Count("id", filter=Q(status="ditarik")),
                **by_service,
                **no_visits,
            )
            .order_by()
        )
        parts = [opened, closed]
        if waits:
            nothing = dict.fromkeys(("opened", *_closed_columns(rollup["CaseDay"])), Value(0))
            parts.append(
                done.annotate(unit=F("case__requester_unit_id"))
                .values("sop", "unit", "day")
                .annotate(
                    **nothing,
                    visits=Count("id"),
                    visit_minutes=Sum(minutes),
                    waiting=Sum(Coalesce("waiting_minutes", 0)),
                )
                .order_by()
            )
        written["CaseDay"] = _insert(
            rollup["CaseDay"],
            office_id,
            parts,
            {"sop": "sop", "unit": "unit", "day": "day"},
            _same("opened", *_closed_columns(rollup["CaseDay"]), *no_visits),
        )
    return written
