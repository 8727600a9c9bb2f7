"""``alur backup`` and ``alur restore``: an installation with cases, documents and letters goes
into one archive and comes back whole into an empty one: every row, every stored byte, every
hash chain. The round trip crosses databases (the suite's, SQLite or PostgreSQL, and a SQLite
installation in its own process) and stores (a bucket on the S3 server and a local folder)."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from casekit import WIB, WITA, Desk, sop1_at_decision, sop2_opened
from django.core.files.storage import default_storage
from django.core.management import call_command

from alur.cases.models import Case, Document, Event
from alur.cli import main
from alur.letters import services as letter_services
from alur.letters.models import Letterhead
from tests.clock import sitecustomize as clock
from tests.letters.letterkit import disposition, sop5_at_minutes, sop5_at_step_2

ROOT = Path(__file__).resolve().parents[2]
LEFT_OUT = ["contenttypes", "auth.permission", "sessions"]


def _rows() -> list[dict[str, Any]]:
    """Every row the archive carries, as dumpdata reads it."""
    out = io.StringIO()
    call_command("dumpdata", natural_foreign=True, exclude=LEFT_OUT, stdout=out, verbosity=0)
    return sorted(json.loads(out.getvalue()), key=lambda row: (row["model"], str(row["pk"])))


def _stored_bytes() -> dict[str, bytes]:
    stored = {}
    for name in sorted(set(Document.objects.values_list("file", flat=True))):
        with default_storage.open(name, "rb") as file:
            stored[name] = bytes(file.read())
    return stored


def _installation(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """``alur ARGS`` in a process of its own: SQLite and a local folder under ``tmp_path``."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not (key.startswith("ALUR_") or key == "DATABASE_URL") or key in (clock.NOW, clock.SINCE)
    }
    environment["ALUR_VAR_DIR"] = str(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "alur.cli", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    return run


@pytest.fixture
def busy(demo: SimpleNamespace, s3_storage: str) -> SimpleNamespace:
    """The demo with cases run through the services in both offices: one far along with a
    letter and many documents, others just opened or at a decision."""
    Letterhead.objects.create(
        office=demo.sumbawa,
        government="Pemerintah Kabupaten Sumbawa",
        name="Dinas Komunikasi Informatika Statistik dan Persandian",
        address="Jl. Garuda No. 1, Sumbawa Besar",
        number_pattern="{klasifikasi}/{seq:03d}/{unit}/{year}",
        unit_code="DKIST",
        minutes_classification="000.5.2",
        head_name="Lalu Suharmaji",
        head_position="Kepala Dinas Komunikasi Informatika Statistik dan Persandian",
        head_rank="Pembina Utama Muda (IV/c)",
        head_nip="197105052001121002",
    )
    sumbawa = Desk(demo.people, dt.datetime(2026, 11, 23, 8, 0, tzinfo=WITA))
    batam = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB))
    sop5_at_minutes(sumbawa, demo.sumbawa)
    case = sop5_at_step_2(sumbawa, demo.sumbawa)
    letter_services.letter_generate(
        case=case,
        step=2,
        actor=demo.people["kadis.sumbawa"],
        fields=disposition(case),
        at=sumbawa.tick(case.office),
    )
    sop1_at_decision(batam, demo.batam)
    sop2_opened(batam, demo.batam)
    return demo


@pytest.mark.s3
@pytest.mark.django_db(transaction=True)
def test_an_installation_comes_back_whole_across_databases_and_stores(
    busy: SimpleNamespace,
    s3_server: Any,
    s3_storage: str,
    settings: Any,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows, stored = _rows(), _stored_bytes()
    cases, files = Case.objects.count(), len(stored)
    assert (cases, Event.objects.count() > cases, files > cases) == (4, True, True)
    first = tmp_path / "pertama.zip"

    assert main(["backup", str(first)]) == 0
    assert capsys.readouterr().out == (
        f"Cadangan ditulis ke {first}: {cases} permohonan, {files} berkas.\n"
    )

    # Into a new SQLite installation with a local folder, in a process of its own ...
    other = _installation(tmp_path / "lain")
    assert other("manage", "migrate", "-v", "0").returncode == 0
    restored = other("restore", str(first))
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout == (
        f"Dipulihkan dari {first}: {cases} permohonan, {files} berkas; rantai utuh.\n"
    )
    verified = other("audit", "verify")
    assert (verified.returncode, verified.stdout) == (
        0,
        f"{cases} permohonan diperiksa: rantai utuh.\n",
    )
    dumped = other("manage", "dumpdata", "--natural-foreign", *(f"-e={m}" for m in LEFT_OUT))
    assert sorted(json.loads(dumped.stdout), key=lambda row: (row["model"], str(row["pk"]))) == rows
    media = tmp_path / "lain" / "media"
    assert {name: (media / name).read_bytes() for name in stored} == stored
    second = tmp_path / "kedua.zip"
    assert other("backup", str(second)).returncode == 0

    # ... and from there back into this database, emptied, and a new bucket.
    call_command("flush", interactive=False, verbosity=0)
    s3_server.client().create_bucket(Bucket=f"{s3_storage}-baru")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {
                **settings.STORAGES["default"]["OPTIONS"],
                "bucket_name": f"{s3_storage}-baru",
            },
        },
    }
    assert main(["restore", str(second)]) == 0
    capsys.readouterr()
    assert main(["audit", "verify"]) == 0
    assert capsys.readouterr().out == f"{cases} permohonan diperiksa: rantai utuh.\n"
    assert _rows() == rows
    assert _stored_bytes() == stored
