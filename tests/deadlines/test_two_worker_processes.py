"""Two ``alur`` worker processes scan one SQLite database file at the same moment: each
reminder and escalation is sent once. (On PostgreSQL, ``test_two_workers.py`` runs threads.)
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the file database of an SQLite installation"
)

SETUP = """
import datetime as dt, io, sys
from zoneinfo import ZoneInfo
import django
django.setup()
from alur.cases import services
from alur.demo import demo_load
from alur.offices.models import Office, User

def pdf(name):
    return io.BytesIO(b"%PDF-1.4\\n% " + name.encode() + b"\\n%%EOF\\n"), name + ".pdf"

demo_load()
people = {u.username: u for u in User.objects.all()}
at = dt.datetime(2026, 8, 14, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
request = (
    "Rekomendasi penyediaan layanan hosting aplikasi yang dikeluarkan oleh Tim Teknis "
    "Diskominfo Batam",
    "Surat penunjukan pegawai OPD sebagai pengelola/administrator aplikasi",
    "Petunjuk Instalasi Aplikasi",
    "Surat Permohonan",
)
case = services.case_open(
    office=Office.objects.get(code="diskominfo-batam"), sop_code="layanan-hosting-aplikasi",
    requester=people["opd.disdukcapil"], title="Hosting", at=at - dt.timedelta(hours=1),
    uploads={name: pdf(name) for name in request},
)
services.task_act(case=case, step=2, actor=people["kadis.batam"], at=at,
                  uploads={"Surat Disposisi": pdf("Surat Disposisi")})
"""

WORKER = """
import datetime as dt, pathlib, sys, time
from zoneinfo import ZoneInfo
import django
django.setup()
from alur.deadlines.alerts import deadlines_scan

name, directory = sys.argv[1], pathlib.Path(sys.argv[2])
(directory / f"ready-{name}").touch()
while not (directory / "go").exists():
    time.sleep(0.01)
wib = ZoneInfo("Asia/Jakarta")
for hour, minute in ((8, 30), (10, 30)):
    moment = dt.datetime(2026, 8, 18, hour, minute, tzinfo=wib)
    result = deadlines_scan(now=moment)
    print("scan", result.reminders, result.escalations, flush=True)
"""


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        {
            "ALUR_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "alur.settings",
            "ALUR_LOG_LEVEL": "WARNING",
        }
    )
    return env


def _run(code: str, env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-c", code, *args], env=env, check=True, timeout=300)


def test_two_worker_processes_send_one_reminder_and_one_escalation(tmp_path: Path) -> None:
    env = _env(tmp_path)
    _run("from alur.cli import main; main(['manage', 'migrate', '-v', '0'])", env)
    _run(SETUP, env)

    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, name, str(tmp_path)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    deadline = time.monotonic() + 120
    while not all((tmp_path / f"ready-{n}").exists() for n in ("a", "b")):
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.05)
    (tmp_path / "go").touch()
    outputs = [worker.communicate(timeout=120)[0] for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0]
    scans = sorted(
        tuple(line.split()[1:])
        for out in outputs
        for line in out.splitlines()
        if line.startswith("scan ")
    )
    # Each worker scanned twice: one found the reminder, one the escalation (maybe the same).
    assert len(scans) == 4
    assert sum(int(reminders) for reminders, _ in scans) == 1
    assert sum(int(escalations) for _, escalations in scans) == 1
    with sqlite3.connect(tmp_path / "alur.sqlite3") as db:
        alerts = db.execute("SELECT kind FROM deadlines_alert ORDER BY id").fetchall()
        events = db.execute(
            "SELECT kind FROM cases_event WHERE kind LIKE 'deadlines.%' ORDER BY seq"
        ).fetchall()
    assert alerts == [("pengingat",), ("eskalasi",)]
    assert events == [("deadlines.reminder.sent",), ("deadlines.escalation.sent",)]
