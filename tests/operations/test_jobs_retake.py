"""A RUNNING job whose worker has been silent for the timeout is put back, once; a live
worker's job is left alone; a job that has outlived three workers is given up."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from alur.deadlines.tasks import deadlines_scan_job
from alur.operations.jobs import jobs_retake, worker_beat, workers_seen

pytestmark = pytest.mark.django_db
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _timeout(settings: Any) -> None:
    settings.ALUR_WORKER_TIMEOUT_SECONDS = 300


def _running(worker_ids: list[str], started: dt.datetime) -> DBTaskResult[Any, Any]:
    deadlines_scan_job.enqueue()
    job = DBTaskResult.objects.get(status="READY")
    DBTaskResult.objects.filter(pk=job.pk).update(
        status="RUNNING", started_at=started, worker_ids=worker_ids
    )
    return job


def test_the_job_of_a_silent_worker_is_put_back_once() -> None:
    now = timezone.now()
    worker_beat(worker_id="mati", now=now - 6 * MINUTE)
    worker_beat(worker_id="hidup", now=now - MINUTE)
    dead = _running(["mati"], now - 10 * MINUTE)
    alive = _running(["hidup"], now - 10 * MINUTE)

    assert jobs_retake(now=now) == 1
    assert jobs_retake(now=now) == 0  # a second worker looking at the same moment changes nothing

    assert DBTaskResult.objects.get(pk=dead.pk).status == "READY"
    assert DBTaskResult.objects.get(pk=alive.pk).status == "RUNNING"
    assert workers_seen(now=now) == 1


def test_a_job_just_taken_is_not_put_back_before_the_timeout() -> None:
    now = timezone.now()
    job = _running(["tanpa-detak"], now - 4 * MINUTE)

    assert jobs_retake(now=now) == 0
    assert jobs_retake(now=now + 2 * MINUTE) == 1
    assert DBTaskResult.objects.get(pk=job.pk).status == "READY"


def test_a_job_that_outlived_three_workers_is_given_up() -> None:
    now = timezone.now()
    job = _running(["a", "b", "c"], now - 10 * MINUTE)

    assert jobs_retake(now=now) == 1

    failed = DBTaskResult.objects.get(pk=job.pk)
    assert (failed.status, failed.exception_class_path) == (
        "FAILED",
        "alur.operations.jobs.WorkerLost",
    )
    assert failed.traceback == "Pekerja berhenti saat menjalankan tugas ini: a, b, c"
