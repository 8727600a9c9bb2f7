"""A worker killed (SIGKILL) in the middle of a job: another ``alur worker`` takes the job up
again once the dead one's heartbeat is older than the timeout, runs it to its end once, and the
reminder and escalation it had sent, by e-mail too, are not sent again. Real worker processes,
a real SMTP server, on SQLite (a file of the test's own) or on the suite's PostgreSQL."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.notifications.smtpkit import SmtpServer, free_port
from tests.operations.opskit import ESCALATION_AT, REMINDER_AT

ROOT = Path(__file__).resolve().parents[2]
SETUP = """
import sys
import django
django.setup()
from alur.demo import demo_load
from tests.operations.jobkit import scan_then_wait
from tests.operations.opskit import hosting_at_step_3
demo_load()
hosting_at_step_3()
scan_then_wait.enqueue([sys.argv[1], sys.argv[2]], sys.argv[3])
"""
Rows = Callable[[str], list[tuple[Any, ...]]]


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[dict[str, str], Rows]]:
    """The environment of the processes, and a reader of the database they share."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env.update(
        {
            "ALUR_VAR_DIR": str(tmp_path),
            "ALUR_MEDIA_ROOT": str(tmp_path / "media"),
            "DJANGO_SETTINGS_MODULE": "alur.settings",
            "ALUR_LOG_LEVEL": "WARNING",
            "ALUR_WORKER_BEAT_SECONDS": "1",
            "ALUR_WORKER_TIMEOUT_SECONDS": "3",
        }
    )
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )

        def rows(sql: str) -> list[tuple[Any, ...]]:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return list(cursor.fetchall())

        yield env, rows
        return
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "alur.cli", "manage", "migrate", "-v", "0"],
        env=env,
        check=True,
        timeout=300,
    )

    def sqlite_rows(sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(tmp_path / "alur.sqlite3") as db:
            return list(db.execute(sql).fetchall())

    yield env, sqlite_rows


def _until(what: str, done: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, f"waited in vain: {what}"
        time.sleep(0.1)


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "alur.cli", "worker", "--every", "3600"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


LANGKAH_3_MAILS = (
    "SELECT state FROM notifications_mail WHERE subject LIKE '%Langkah 3 %'"
    " AND (subject LIKE '% jatuh tempo %' OR subject LIKE '% terlambat sejak %')"
)
"""The scans' reminder and escalation of step 3 (not the mails that told of its opening)."""


# Committed rows, emptied after the test: the worker processes must see what the test wrote. (A
# transactional_db asked for from inside a fixture left the rows behind for the next tests.)
@pytest.mark.django_db(transaction=True)
def test_the_job_of_a_killed_worker_is_finished_by_another_and_sends_nothing_twice(
    database: tuple[dict[str, str], Rows], tmp_path: Path
) -> None:
    env, rows = database
    smtp = SmtpServer(free_port())
    smtp.start()
    env.update(
        {
            "ALUR_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
        }
    )
    moments = [REMINDER_AT.isoformat(), ESCALATION_AT.isoformat()]
    subprocess.run(
        [sys.executable, "-c", SETUP, *moments, str(tmp_path)],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    try:
        first = _worker(env, tmp_path / "first.log")
        _until("the first worker ran the scans", lambda: any(tmp_path.glob("scanned-*")))
        _until(
            "the first worker delivered the two mails",
            lambda: rows(LANGKAH_3_MAILS) == [("terkirim",), ("terkirim",)],
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        [(status, _ids)] = rows(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE task_path LIKE '%scan_then_wait'"
        )
        assert status == "RUNNING"  # and so it would stay, with no one to take it up

        second = _worker(env, tmp_path / "second.log")
        _until(
            "the second worker took the job up", lambda: len(list(tmp_path.glob("scanned-*"))) == 2
        )
        (tmp_path / "go").touch()
        _until(
            "the job ended",
            lambda: (
                rows(
                    "SELECT status FROM django_tasks_database_dbtaskresult "
                    "WHERE task_path LIKE '%scan_then_wait'"
                )
                == [("SUCCESSFUL",)]
            ),
        )
        time.sleep(2)  # two heartbeats and mail rounds more, in which nothing must happen
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=60) == 0
    finally:
        smtp.stop()

    [(returned, worker_ids)] = rows(
        "SELECT return_value, worker_ids FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE '%scan_then_wait'"
    )
    assert len(_json(worker_ids)) == 2  # taken by the dead worker, then by the second
    # The second run found both messages sent already.
    assert _json(returned) == {"reminders": 0, "escalations": 0}
    assert sorted(rows("SELECT kind FROM deadlines_alert WHERE task_id IS NOT NULL")) == [
        ("eskalasi",),
        ("pengingat",),
    ]
    assert sorted(rows("SELECT kind FROM cases_event WHERE kind LIKE 'deadlines.%'")) == [
        ("deadlines.escalation.sent",),
        ("deadlines.reminder.sent",),
    ]
    delivered = sorted(
        message["To"]
        for message in smtp.mailbox.received
        if "Langkah 3 permohonan" in str(message["Subject"])
        and " menunggu Anda" not in str(message["Subject"])  # the step's opening, told at once
    )
    assert delivered == ["kabid.pe@demo.invalid", "kadis.batam@demo.invalid"]
    # The second worker removed its heartbeat when it stopped; the dead one's stays, silent.
    assert len(rows("SELECT worker_id FROM operations_workerbeat")) == 1


def _json(value: Any) -> Any:
    import json

    return json.loads(value) if isinstance(value, str) else value
