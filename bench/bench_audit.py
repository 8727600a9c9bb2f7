"""``alur audit verify`` against the floor of any verifier: the same events read in one query
and hashed with plain SHA-256 over the same bytes, in one process on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_audit.py

The demo installation and its year of requests (``alur demo --year``), in the database
``alur_bench_audit`` on the server of ``DATABASE_URL``, dropped and made again. Timed, each the
best of ``--rounds``:

- floor: every event read in one ordered query and hashed, previous hash and canonical bytes,
  with plain SHA-256 (what no check of the chain can go below);
- hashing alone: the same bytes already in memory, SHA-256 and the keyed HMAC-SHA256;
- the chains (``audit.verify_all``), the full check and the one from the newest checkpoint
  (``since_pin``, nothing written since);
- the rows read again: ``audit.verify_rows_all`` in one pass, against ``audit.verify_rows``
  asked case by case.

Prints events per second of each and the ratios. Bounds (exit 1 when one fails): the full check
of the chains within 1.5x of the floor; the check from a checkpoint at least 1.5x faster than
the full one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from bench_http import database_url, recreate, server_url

DATABASE = "alur_bench_audit"
NOW = dt.datetime(2026, 11, 27, 15, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
FULL_OVER_FLOOR = 1.5
SINCE_FASTER = 1.5


def best(run: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5, help="runs of each, the best counted")
    args = parser.parse_args()

    server = server_url()
    recreate(server, DATABASE)
    os.environ.update(
        DATABASE_URL=database_url(server, DATABASE),
        ALUR_DEBUG="0",
        ALUR_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="alur.settings",
    )
    os.environ.setdefault("ALUR_VAR_DIR", tempfile.mkdtemp(prefix="alur-bench-audit-"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from alur.cases import audit
    from alur.cases.checkpoints import checkpoint_newest, checkpoint_write
    from alur.cases.models import Case, Event
    from alur.demo import demo_load, demo_year_load

    call_command("migrate", verbosity=0)
    demo_load()
    demo_year_load(now=NOW)
    events = Event.objects.count()
    cases = Case.objects.count()

    def floor() -> None:
        for event in Event.objects.order_by("case_id", "seq").iterator(chunk_size=2000):
            hashlib.sha256(event.prev_hash.encode("ascii") + b"\n" + audit.canonical(event))

    messages = [
        event.prev_hash.encode("ascii") + b"\n" + audit.canonical(event)
        for event in Event.objects.order_by("case_id", "seq")
    ]
    key = settings.RECORD_KEYS[settings.RECORD_KEY_ID]

    def sha256_only() -> None:
        for message in messages:
            hashlib.sha256(message).hexdigest()

    def hmac_only() -> None:
        for message in messages:
            hmac.new(key, message, hashlib.sha256).hexdigest()

    def full() -> None:
        assert list(audit.verify_all()) == []

    checkpoint_write(now=NOW)
    newest = checkpoint_newest()
    assert newest is not None

    def since() -> None:
        assert list(audit.verify_all(pins=newest.pins, since_pin=True)) == []

    def rows_per_case() -> None:
        for case in Case.objects.order_by("pk"):
            assert audit.verify_rows(case) == []

    def rows() -> None:
        assert list(audit.verify_rows_all()) == []

    timed = {
        "floor: one query, plain SHA-256": best(floor, args.rounds),
        "SHA-256 alone (bytes in memory)": best(sha256_only, args.rounds),
        "HMAC-SHA256 alone (bytes in memory)": best(hmac_only, args.rounds),
        "verify_all, full": best(full, args.rounds),
        "verify_all, from the checkpoint": best(since, args.rounds),
        "verify_rows, a case at a time": best(rows_per_case, args.rounds),
        "verify_rows_all, one pass": best(rows, args.rounds),
    }
    print(f"PostgreSQL, {cases} cases, {events} events; best of {args.rounds}")
    for name, seconds in timed.items():
        print(f"  {name:<40} {seconds * 1000:9.1f} ms  {events / seconds:12,.0f} events/s")
    over_floor = timed["verify_all, full"] / timed["floor: one query, plain SHA-256"]
    since_faster = timed["verify_all, full"] / timed["verify_all, from the checkpoint"]
    keyed = timed["HMAC-SHA256 alone (bytes in memory)"] / timed["SHA-256 alone (bytes in memory)"]
    print(f"full check / floor: {over_floor:.2f} (bound <= {FULL_OVER_FLOOR})")
    print(f"full check / check from the checkpoint: {since_faster:.2f} (bound >= {SINCE_FASTER})")
    print(f"HMAC-SHA256 / SHA-256 over the same bytes: {keyed:.2f}")
    rows_faster = timed["verify_rows, a case at a time"] / timed["verify_rows_all, one pass"]
    print(f"rows a case at a time / rows in one pass: {rows_faster:.2f}")
    failed = over_floor > FULL_OVER_FLOOR or since_faster < SINCE_FASTER
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
