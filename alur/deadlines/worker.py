"""``alur worker``: a clock that queues the deadline scan, and django-tasks-db's worker that
runs queued jobs. Several workers may run at once (on several machines too): the scan claims
each message with a unique row, so none is sent twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alur.deadlines.tasks import deadlines_scan_job

logger = logging.getLogger(__name__)

RESULTS_KEPT = dt.timedelta(days=1)
"""How long the queue keeps a finished scan's row; a scan runs every minute."""


def scan_enqueue() -> bool:
    """Queue a deadline scan unless one is already waiting; whether one was queued."""
    waiting = DBTaskResult.objects.ready().filter(task_path=deadlines_scan_job.module_path).exists()
    if waiting:
        return False
    deadlines_scan_job.enqueue()
    return True


def scan_results_prune(*, now: dt.datetime) -> int:
    """Forget finished scans older than ``RESULTS_KEPT``; what they sent is in ``Alert``."""
    deleted, _ = (
        DBTaskResult.objects.finished()
        .filter(task_path=deadlines_scan_job.module_path, finished_at__lt=now - RESULTS_KEPT)
        .delete()
    )
    return deleted


def clock(stop: threading.Event, every: float) -> None:
    """Queue a scan every ``every`` seconds until ``stop`` is set."""
    while not stop.is_set():
        close_old_connections()
        try:
            scan_results_prune(now=timezone.now())
            scan_enqueue()
        except DatabaseError:
            # A busy or briefly unreachable database: the next tick tries again.
            logger.exception("Pemindaian tenggat belum dapat diantrekan")
        stop.wait(every)
    connection.close()


def clock_start(every: float) -> tuple[threading.Thread, threading.Event]:
    stop = threading.Event()
    thread = threading.Thread(target=clock, args=(stop, every), name="alur-clock", daemon=True)
    thread.start()
    return thread, stop
