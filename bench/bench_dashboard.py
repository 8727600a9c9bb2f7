"""The performance report's queries for an office with 100,000 finished cases and 1,500,000
events, against the same queries for an office with 1,000 cases, on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres alur_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alur_bench \
        .venv/bin/python bench/bench_dashboard.py

The database is migrated and given the demo installation; two offices shaped like Sumbawa's
(SOP 5, its roles and people, two OPDs) are made afresh on each run and filled with
``INSERT ... SELECT ... FROM generate_series``: per case 7 finished visits (one in ten cases
visits step 9 a second time, a re-plan), 15 events, opened in the twelve months the report shows
by default and closed in them. The report's rollups are then computed from those rows by
``alur.reports.rebuild.office_rebuild`` (``INSERT ... SELECT``), as a migration or
``alur manage reports_rebuild`` would. Then ``alur.reports.selectors.dashboard`` (every query of
the page's numbers) runs for each office, fastest of several rounds, after ANALYZE.

Prints both times and their ratio; exits 1 when the ratio is 5 or more, 2 without PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout, not installed
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alur.settings")

import django

django.setup()

from django.apps import apps  # noqa: E402 - after django.setup()
from django.core.management import call_command  # noqa: E402 - after django.setup()
from django.db import connection, transaction  # noqa: E402 - after django.setup()
from django.utils import timezone  # noqa: E402 - after django.setup()

from alur.cases.models import Case, Event, Task  # noqa: E402 - after django.setup()
from alur.catalog.models import SopVersion  # noqa: E402 - after django.setup()
from alur.demo import SOPS_DIR, demo_load  # noqa: E402 - after django.setup()
from alur.offices.models import Office, Role, Unit, User  # noqa: E402 - after django.setup()
from alur.reports.models import StepMinutes  # noqa: E402 - after django.setup()
from alur.reports.period import Period, last_twelve_months  # noqa: E402 - after django.setup()
from alur.reports.rebuild import TABLES, office_rebuild  # noqa: E402 - after django.setup()
from alur.reports.selectors import dashboard  # noqa: E402 - after django.setup()

SMALL, LARGE = 1_000, 100_000
EVENTS_PER_CASE = 15
STEPS = (2, 3, 5, 9, 12, 13, 14)
BOUND = 5.0
ROUNDS = {SMALL: 7, LARGE: 3}


def _office(code: str) -> Office:
    """A fresh office with Sumbawa's settings, SOP 5 and people; earlier bench rows removed."""
    with connection.cursor() as cursor:
        for table, column in (
            (Event._meta.db_table, "case_id"),
            (Task._meta.db_table, "case_id"),
        ):
            cursor.execute(
                f"DELETE FROM {table} WHERE {column} IN "  # noqa: S608 - model table names
                f"(SELECT c.id FROM {Case._meta.db_table} c JOIN {Office._meta.db_table} o "
                "ON o.id = c.office_id WHERE o.code = %s)",
                [code],
            )
    Case.objects.filter(office__code=code).delete()
    sumbawa = Office.objects.get(code="dkisp-sumbawa")
    office, _ = Office.objects.update_or_create(
        code=code,
        defaults={
            "name": f"Kantor uji {code}",
            "government": sumbawa.government,
            "city": sumbawa.city,
            "zone": sumbawa.zone,
            "case_number_pattern": "{seq}",
        },
    )
    from alur.catalog.services import sop_version_create

    if not SopVersion.objects.filter(sop__office=office).exists():
        text = (SOPS_DIR / "05-permohonan-pembuatan-aplikasi.yaml").read_text(encoding="utf-8")
        sop_version_create(office=office, text=text, filename="05.yaml", publish=True)
    unit, _ = Unit.objects.get_or_create(
        office=office, code="opd-uji", defaults={"name": "OPD Uji", "kind": Unit.Kind.AGENCY}
    )
    Role.objects.get_or_create(office=office, code="kadis", defaults={"name": "Kepala Dinas"})
    User.objects.get_or_create(username=f"{code}.opd", defaults={"office": office, "unit": unit})
    return office


def _fill(office: Office, cases: int, now: dt.datetime) -> None:
    version = SopVersion.objects.get(sop__office=office)
    requester = User.objects.get(username=f"{office.code}.opd")
    case_t, task_t, event_t = Case._meta.db_table, Task._meta.db_table, Event._meta.db_table
    steps = ", ".join(f"({s}, {i})" for i, s in enumerate(STEPS))
    with transaction.atomic(), connection.cursor() as cursor:
        # Opened over the last 360 days (spread by a multiplicative hash of g), each closed
        # 1 to 20 days later, before now.
        cursor.execute(
            f"""
            INSERT INTO {case_t} (office_id, sop_version_id, number, year, sequence, title,
                requester_id, requester_unit_id, status, state, version, opened_at, closed_at,
                end_reason, parent_step, last_event_hash)
            SELECT %s, %s, 'B/' || g, 2026, g, 'Uji ' || g, %s, %s,
                   CASE WHEN g %% 10 = 0 THEN 'dikembalikan' ELSE 'selesai' END, '{{}}', 1,
                   %s - interval '1 day' * (21 + (g * 7919) %% 339)
                      - interval '1 minute' * ((g * 31) %% 480),
                   %s - interval '1 day' * (1 + (g * 7919) %% 339)
                      - interval '1 minute' * ((g * 31) %% 480),
                   '', NULL, ''
              FROM generate_series(1, %s) g
            """,  # noqa: S608 - model table names; values are parameters
            [office.pk, version.pk, requester.pk, requester.unit_id, now, now, cases],
        )
        cursor.execute(
            f"""
            INSERT INTO {task_t} (case_id, step, visit, lanes, status, opened_at, due_at,
                done_at, done_by_id, decision, note, confirmed_by, working_minutes)
            SELECT c.id, s.step, 1, '[]', 'selesai',
                   c.opened_at + interval '1 hour' * (s.i * 20),
                   c.opened_at + interval '1 hour' * (s.i * 20 + 24),
                   c.opened_at + interval '1 hour' * (s.i * 20 + (c.id * (s.i + 3)) %% 30),
                   %s, CASE WHEN s.step = 14 THEN 'ya' ELSE '' END, '', '[]',
                   (c.id * (s.step + 7)) %% 900
              FROM {case_t} c CROSS JOIN (VALUES {steps}) AS s(step, i)
             WHERE c.office_id = %s
            """,  # noqa: S608 - model table names and the fixed step list
            [requester.pk, office.pk],
        )
        cursor.execute(
            f"""
            INSERT INTO {task_t} (case_id, step, visit, lanes, status, opened_at, due_at,
                done_at, done_by_id, decision, note, confirmed_by, working_minutes)
            SELECT c.id, 9, 2, '[]', 'selesai', c.opened_at + interval '70 hours',
                   c.opened_at + interval '94 hours', c.opened_at + interval '80 hours',
                   %s, '', '', '[]', (c.id * 13) %% 700
              FROM {case_t} c WHERE c.office_id = %s AND c.sequence %% 10 = 3
            """,  # noqa: S608 - model table names
            [requester.pk, office.pk],
        )
        cursor.execute(
            f"""
            INSERT INTO {event_t} (case_id, seq, kind, at, actor_id, step, visit, lane,
                decision, note, data, prev_hash, hash)
            SELECT c.id, e, 'step.completed', c.opened_at + interval '1 hour' * (e * 9), %s,
                   e, 1, '', '', '', '{{}}', md5(c.id || '-' || (e - 1)), md5(c.id || '-' || e)
              FROM {case_t} c CROSS JOIN generate_series(1, %s) e
             WHERE c.office_id = %s
            """,  # noqa: S608 - model table names
            [requester.pk, EVENTS_PER_CASE, office.pk],
        )
    office_rebuild(office_id=office.pk)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {case_t}; ANALYZE {task_t}; ANALYZE {event_t}")
        for name in TABLES:
            cursor.execute(f"ANALYZE {apps.get_model('reports', name)._meta.db_table}")


def _time(office: Office, period: Period, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = perf_counter()
        board = dashboard(office, period)
        best = min(best, perf_counter() - started)
    assert board.counts.closed > 0
    return best


def main() -> int:
    if connection.vendor != "postgresql":
        print("bench_dashboard: set DATABASE_URL to a PostgreSQL database (see the docstring)")
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    demo_load()
    now = timezone.now()
    today = timezone.localdate(now)
    offices = {}
    for size in (SMALL, LARGE):
        started = perf_counter()
        offices[size] = _office(f"bench-{size}")
        _fill(offices[size], size, now)
        events = Event.objects.filter(case__office=offices[size]).count()
        tasks = Task.objects.filter(case__office=offices[size]).count()
        buckets = StepMinutes.objects.filter(office=offices[size]).count()
        print(
            f"office bench-{size}: {size:,} cases, {tasks:,} visits, {events:,} events, "
            f"{buckets:,} daily bucket rows (written and rolled up in "
            f"{perf_counter() - started:.1f} s)"
        )
    year = last_twelve_months(today, "Asia/Makassar")
    small = _time(offices[SMALL], year, ROUNDS[SMALL])
    large = _time(offices[LARGE], year, ROUNDS[LARGE])
    ratio = large / small
    # The same large office over four days of its year: about as many visits as the small
    # office has in the whole year, so this shows what the cost follows.
    days = Period(today - dt.timedelta(days=203), today - dt.timedelta(days=200), "Asia/Makassar")
    recent = _time(offices[LARGE], days, ROUNDS[SMALL])
    # A year from the 16th of a month to the 14th, a year later: the histogram is read per day
    # for the parts of the first and last months (the default period may be whole months).
    last = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=14)
    ragged = Period(last.replace(year=last.year - 1, day=16), last, "Asia/Makassar")
    edges = _time(offices[LARGE], ragged, ROUNDS[LARGE])
    in_days = Task.objects.filter(
        case__office=offices[LARGE], done_at__gte=days.starts, done_at__lt=days.ends
    ).count()
    version = connection.pg_version
    print(f"PostgreSQL {version // 10000}.{version % 10000}, Python {platform.python_version()}")
    print(f"dashboard, {SMALL:,} cases:   {small * 1000:8.1f} ms (fastest of {ROUNDS[SMALL]})")
    print(f"dashboard, {LARGE:,} cases: {large * 1000:8.1f} ms (fastest of {ROUNDS[LARGE]})")
    print(
        f"dashboard, {LARGE:,} cases, 4 days only ({in_days:,} visits): "
        f"{recent * 1000:.1f} ms, {recent / small:.2f}x the small office's year"
    )
    print(
        f"dashboard, {LARGE:,} cases, {ragged.first:%d-%m-%Y} to {ragged.last:%d-%m-%Y} "
        f"(partial months at both ends): {edges * 1000:.1f} ms, {edges / small:.2f}x"
    )
    print(f"ratio: {ratio:.2f} (bound: under {BOUND:g})")
    return 0 if ratio < BOUND else 1


if __name__ == "__main__":
    sys.exit(main())
