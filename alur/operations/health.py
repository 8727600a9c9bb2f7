"""What ``/health/ready`` checks: the database answers, every migration is applied, the
document storage takes a file, and a worker was heard from within the timeout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.crypto import get_random_string

from alur.operations.jobs import workers_seen

PROBE_FOLDER = "alur-kesehatan"


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str


def _database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return Check(True, "basis data menjawab")


def migrations_waiting() -> int:
    """How many migrations the database still lacks (0: ready)."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _migrations() -> Check:
    waiting = migrations_waiting()
    if waiting:
        return Check(False, f"{waiting} migrasi belum diterapkan")
    return Check(True, "semua migrasi diterapkan")


def _storage() -> Check:
    name = default_storage.save(f"{PROBE_FOLDER}/{get_random_string(16)}.txt", ContentFile(b"alur"))
    default_storage.delete(name)
    return Check(True, "penyimpanan dokumen dapat ditulisi")


def _worker(now: dt.datetime) -> Check:
    seen = workers_seen(now=now)
    if not seen:
        return Check(False, "tidak ada pekerja latar (alur worker) yang terlihat")
    return Check(True, f"{seen} pekerja latar terlihat")


def readiness(*, now: dt.datetime) -> dict[str, Check]:
    """Each check's result; a check that raises is a failed check, whatever it raised."""
    checks: dict[str, Callable[[], Check]] = {
        "database": _database,
        "migrations": _migrations,
        "storage": _storage,
        "worker": lambda: _worker(now),
    }
    results: dict[str, Check] = {}
    for name, check in checks.items():
        try:
            results[name] = check()
        except DatabaseError:
            results[name] = Check(False, "basis data tidak dapat dihubungi")
        except Exception:  # any storage backend's failure, whatever its kind, fails the probe
            results[name] = Check(False, "pemeriksaan gagal")
    return results
