"""Jobs that outlive their worker: heartbeats, and a dead worker's job run again, once.

django-tasks-db marks a job RUNNING with the id of the worker that took it, and nothing ever
changes it again if that worker is killed. So each worker writes a heartbeat row, and every live
worker looks, at each beat, for RUNNING jobs whose worker has been silent for the timeout:

    RUNNING, worker silent ≥ timeout ──▶ READY  (taken again by whichever worker is free)
    RUNNING, taken MAX_TAKES times, worker silent ──▶ FAILED  (a job that kills its worker)

Each change is one conditional UPDATE (still RUNNING, same start), so when several workers
look at once exactly one of them changes the job. A job run again starts from its beginning:
jobs are idempotent (the deadline scan claims each message with a unique ``Alert`` row, mail
leaves through the outbox), so what the dead worker already did is not done twice.
"""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.conf import settings
from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from alur.operations.models import WorkerBeat

MAX_TAKES = 3
"""Workers a job may have outlived before it is given up as failed rather than run again."""

BEATS_KEPT = dt.timedelta(days=1)
"""How long the row of a worker that died stays, for the admin to see, before it goes."""


def worker_id_new() -> str:
    """An id unique across the workers of one database (at most 64 characters, as the queue
    wants): the host, the process and a random part."""
    host = socket.gethostname()[:40]
    return f"{host}-{os.getpid()}-{get_random_string(8)}"


def timeout() -> dt.timedelta:
    return dt.timedelta(seconds=settings.ALUR_WORKER_TIMEOUT_SECONDS)


def worker_beat(*, worker_id: str, now: dt.datetime) -> None:
    """Say that this worker is alive at ``now``."""
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now},
        create_defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
            "seen_at": now,
        },
    )


def worker_gone(*, worker_id: str) -> None:
    """The worker stops: it is no longer counted as seen."""
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def workers_seen(*, now: dt.datetime) -> int:
    """Workers heard from within the timeout."""
    return WorkerBeat.objects.filter(seen_at__gte=now - timeout()).count()


def jobs_retake(*, now: dt.datetime) -> int:
    """Put back the RUNNING jobs of workers silent for the timeout (or fail a job that has
    outlived ``MAX_TAKES`` workers); how many this call changed."""
    silent_since = now - timeout()
    WorkerBeat.objects.filter(seen_at__lt=now - BEATS_KEPT).delete()
    seen = dict(WorkerBeat.objects.values_list("worker_id", "seen_at"))
    changed = 0
    for job in DBTaskResult.objects.running().filter(started_at__lt=silent_since):
        last_sign = max(filter(None, [job.started_at, seen.get(_last_worker(job))]))
        if last_sign >= silent_since:
            continue
        still = DBTaskResult.objects.filter(
            pk=job.pk, status=TaskResultStatus.RUNNING, started_at=job.started_at
        )
        if len(job.worker_ids) >= MAX_TAKES:
            changed += still.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{__name__}.WorkerLost",
                traceback="Pekerja berhenti saat menjalankan tugas ini: "
                + ", ".join(job.worker_ids),
            )
        else:
            changed += still.update(status=TaskResultStatus.READY, started_at=None)
    return changed


def _last_worker(job: DBTaskResult[..., object]) -> str:
    return job.worker_ids[-1] if job.worker_ids else ""
