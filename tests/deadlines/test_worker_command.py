"""``alur worker``: a clock queues the deadline scan in the database queue (django-tasks-db)
and its worker runs it. ``alur serve`` runs the worker beside the web server:
tests/cli/test_cli_serve_processes.py."""

from __future__ import annotations

import datetime as dt
import threading
from types import SimpleNamespace
from typing import Any

import pytest
from deadlinekit import WIB, StepThree
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from alur.cases.checkpoints import checkpoint_newest
from alur.cli import main
from alur.cli import service as cli_service
from alur.deadlines import worker
from alur.deadlines.models import Alert


def test_a_scan_is_queued_once_while_one_waits(db: None) -> None:
    assert worker.scan_enqueue() is True
    assert worker.scan_enqueue() is False

    assert list(DBTaskResult.objects.values_list("task_path", "status")) == [
        ("alur.deadlines.tasks.deadlines_scan_job", "READY")
    ]


def test_the_queued_scan_runs_in_the_database_worker_and_sends_what_is_due(
    transactional_db: None,
    demo: SimpleNamespace,
    hosting_at_step_3: StepThree,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # transactional: the worker closes a connection it finds inside a transaction.
    hosting, _task = hosting_at_step_3(dt.datetime(2026, 8, 14, 10, 0, tzinfo=WIB))
    late = dt.datetime(2026, 8, 18, 10, 30, tzinfo=WIB)
    monkeypatch.setattr("django.utils.timezone.now", lambda: late)
    worker.scan_enqueue()

    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)

    [result] = DBTaskResult.objects.all()
    assert (result.status, result.return_value) == (
        "SUCCESSFUL",
        {
            "scheduled": 0,
            "reminders": 0,
            "escalations": 1,
            "reviews": 0,
            "service_reminders": 0,
            "service_escalations": 0,
            "requester_reminders": 0,
            "lapsed": 0,
            "drafts": 0,
            "checkpoint": 1,
        },
    )
    assert list(Alert.objects.values_list("kind", "sent_at")) == [(Alert.Kind.ESCALATION, late)]
    checkpoint = checkpoint_newest()
    assert checkpoint is not None
    assert (checkpoint.written_at, list(checkpoint.pins)) == (late, [hosting.pk])


def test_finished_scans_are_forgotten_after_a_day(db: None) -> None:
    now = dt.datetime(2026, 8, 18, 3, 0, tzinfo=dt.UTC)
    for hours_ago in (25, 23):
        worker.scan_enqueue()
        result = DBTaskResult.objects.get(status="READY")
        result.set_successful({"reminders": 0, "escalations": 0, "reviews": 0})
        DBTaskResult.objects.filter(pk=result.pk).update(
            finished_at=now - dt.timedelta(hours=hours_ago)
        )
    worker.scan_enqueue()  # waiting, not finished: kept

    assert worker.scan_results_prune(now=now) == 1
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [
        "READY",
        "SUCCESSFUL",
    ]


def test_the_clock_queues_a_scan_each_tick_until_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    stop = threading.Event()
    ticks: list[int] = []

    def enqueue() -> bool:
        ticks.append(len(ticks) + 1)
        if len(ticks) == 3:
            stop.set()
        return True

    monkeypatch.setattr(worker, "scan_enqueue", enqueue)
    monkeypatch.setattr(worker, "scan_results_prune", lambda now: 0)
    thread = threading.Thread(target=worker.clock, args=(stop, 0.001))
    thread.start()
    thread.join(timeout=30)

    assert not thread.is_alive()
    assert ticks == [1, 2, 3]


class _Commands:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __call__(self, name: str, *args: Any, **options: Any) -> None:
        self.calls.append((name, args, options))


@pytest.mark.django_db
def test_alur_worker_runs_the_clock_and_the_database_worker(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    commands = _Commands()
    clocks: list[tuple[float, threading.Event]] = []

    def clock_start(every: float) -> tuple[None, threading.Event]:
        stop = threading.Event()
        clocks.append((every, stop))
        return None, stop

    operations: list[str] = []

    def operations_start(worker_id: str) -> Any:
        operations.append(f"started {worker_id}")
        return lambda: operations.append(f"stopped {worker_id}")

    monkeypatch.setattr(cli_service, "call_command", commands)
    monkeypatch.setattr(cli_service, "clock_start", clock_start)
    monkeypatch.setattr(cli_service, "operations_start", operations_start)

    assert main(["worker", "--every", "30"]) == 0

    [(_name, _args, options)] = commands.calls
    worker_id = options["worker_id"]
    assert commands.calls == [
        (
            "db_worker",
            (),
            {"reload": False, "interval": 1.0, "verbosity": 1, "worker_id": worker_id},
        )
    ]
    # The heartbeat runs under the id the queue records on the jobs this worker takes.
    assert operations == [f"started {worker_id}", f"stopped {worker_id}"]
    [(every, stop)] = clocks
    assert (every, stop.is_set()) == (30.0, True)
    assert "memindai tenggat setiap 30 detik" in capsys.readouterr().out


@pytest.mark.django_db
def test_alur_worker_refuses_a_scan_interval_of_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["worker", "--every", "0"]) == 1
    assert capsys.readouterr().err == "alur: --every harus lebih dari 0 detik\n"
