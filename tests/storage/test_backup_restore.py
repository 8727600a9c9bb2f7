"""``alur backup`` and ``alur restore``: an installation with cases, documents and letters goes
into one archive and comes back whole into an empty one: every row, every stored byte, every
hash chain. The round trip crosses databases (the suite's, SQLite or PostgreSQL, and a SQLite
installation in its own process) and stores (a bucket on the S3 server and a local folder)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from casekit import WIB, WITA, Desk, sop1_at_decision, sop2_opened
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.management import call_command

from alur.cases import services
from alur.cases.models import Case, Document, Event
from alur.cli import main
from alur.letters import services as letter_services
from alur.letters.models import Letterhead
from alur.monitoring import services as monitoring_services
from alur.offices.models import User
from tests.clock import sitecustomize as clock
from tests.letters.letterkit import disposition, sop5_at_minutes, sop5_at_step_2
from tests.monitoring.halfyear import OPENED_AT, half_year_build

ROOT = Path(__file__).resolve().parents[2]
LEFT_OUT = ["contenttypes", "auth.permission", "sessions"]
# Checkpoints stay in the storage they were written to; an archive does not carry them
NO_CHECKPOINT = "belum ada titik periksa bertanda tangan: rantai diperiksa tanpa pembanding.\n"


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
    # An installation restored elsewhere is given the origin's secret key, from which the
    # record's key is derived when ALUR_RECORD_KEYS is not set
    environment["ALUR_SECRET_KEY"] = django_settings.SECRET_KEY

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
    Letterhead.objects.update_or_create(
        office=demo.sumbawa,
        defaults={
            "government": "Pemerintah Kabupaten Sumbawa",
            "name": "Dinas Komunikasi Informatika Statistik dan Persandian",
            "address": "Jl. Garuda No. 1, Sumbawa Besar",
            "number_pattern": "{klasifikasi}/{seq:03d}/{unit}/{year}",
            "unit_code": "DKIST",
            "minutes_classification": "000.5.2",
            "head_name": "Lalu Suharmaji",
            "head_position": "Kepala Dinas Komunikasi Informatika Statistik dan Persandian",
            "head_rank": "Pembina Utama Muda (IV/c)",
            "head_nip": "197105052001121002",
        },
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
        NO_CHECKPOINT + f"{cases} permohonan diperiksa: rantai utuh.\n",
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
    assert (
        capsys.readouterr().out == NO_CHECKPOINT + f"{cases} permohonan diperiksa: rantai utuh.\n"
    )
    assert _rows() == rows
    assert _stored_bytes() == stored


@pytest.fixture
def one_case(demo: SimpleNamespace) -> SimpleNamespace:
    sop2_opened(Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB)), demo.batam)
    return demo


def test_a_restore_into_an_installation_with_data_is_refused_and_changes_nothing(
    one_case: SimpleNamespace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "cadangan.zip"
    assert main(["backup", str(archive)]) == 0
    before = _rows()

    assert main(["restore", str(archive)]) == 1

    error = capsys.readouterr().err
    assert error.startswith("alur restore: instalasi ini sudah berisi data: ")
    assert "cases.case (1)" in error
    assert error.endswith(
        "Pulihkan hanya ke instalasi kosong: basis data baru yang sudah dimigrasi "
        "(alur manage migrate); tidak ada yang diubah.\n"
    )
    assert _rows() == before


def test_a_file_that_is_no_archive_is_refused(tmp_path: Path, db: None, capsys: Any) -> None:
    source = tmp_path / "bukan.zip"
    source.write_text("bukan arsip", encoding="utf-8")

    assert main(["restore", str(source)]) == 1

    assert capsys.readouterr().err == (
        f"alur restore: {source} bukan arsip cadangan Alur (File is not a zip file); "
        "tidak ada yang diubah.\n"
    )


def _emptied_with(archive: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """The archive with its members changed by ``change``; the database emptied."""
    with zipfile.ZipFile(archive) as source:
        members = {name: source.read(name) for name in source.namelist()}
    change(members)
    changed = archive.with_name("diubah.zip")
    with zipfile.ZipFile(changed, "w") as target:
        for name, content in members.items():
            target.writestr(name, content)
    call_command("flush", interactive=False, verbosity=0)
    return changed


@pytest.mark.django_db(transaction=True)
def test_an_archive_whose_file_was_changed_is_refused_before_anything_is_written(
    one_case: SimpleNamespace, tmp_path: Path, settings: Any, capsys: Any
) -> None:
    archive = tmp_path / "cadangan.zip"
    assert main(["backup", str(archive)]) == 0
    name = Document.objects.values_list("file", flat=True).first()
    assert name is not None

    def tamper(members: dict[str, bytes]) -> None:
        members[f"files/{name}"] += b"%"

    changed = _emptied_with(archive, tamper)
    settings.MEDIA_ROOT = tmp_path / "kosong"
    capsys.readouterr()

    assert main(["restore", str(changed)]) == 1

    assert capsys.readouterr().err == (
        f"alur restore: berkas {name} dalam arsip rusak: SHA-256 tidak cocok; "
        "tidak ada yang diubah.\n"
    )
    assert (Case.objects.count(), User.objects.count()) == (0, 0)
    assert not (tmp_path / "kosong").exists()


@pytest.mark.django_db(transaction=True)
def test_an_archive_whose_record_keys_this_installation_lacks_is_refused(
    one_case: SimpleNamespace, tmp_path: Path, settings: Any, capsys: Any
) -> None:
    archive = tmp_path / "cadangan.zip"
    assert main(["backup", str(archive)]) == 0
    with zipfile.ZipFile(archive) as packed:
        manifest = json.loads(packed.read("manifest.json"))
    assert list(manifest["record_keys"]) == ["lokal"]
    call_command("flush", interactive=False, verbosity=0)
    settings.RECORD_KEYS = {"lokal": b"kunci-lain-" + b"0" * 32, "baru": b"1" * 40}
    settings.RECORD_KEY_ID = "baru"
    capsys.readouterr()

    assert main(["restore", str(archive)]) == 1

    assert capsys.readouterr().err == (
        "alur restore: kunci catatan yang menulis arsip berbeda dengan di instalasi asal: lokal. "
        "Pasang kunci yang sama dengan instalasi asal (ALUR_RECORD_KEYS dan ALUR_RECORD_KEY_ID; "
        "untuk kunci lokal, ALUR_SECRET_KEY atau berkas var/secret_key), lalu pulihkan lagi; "
        "tidak ada yang diubah.\n"
    )
    assert (Case.objects.count(), User.objects.count()) == (0, 0)
    settings.RECORD_KEYS = {"baru": b"1" * 40}

    assert main(["restore", str(archive)]) == 1

    assert "kunci catatan yang menulis arsip tidak ada di instalasi ini: lokal. " in (
        capsys.readouterr().err
    )


@pytest.mark.django_db(transaction=True)
def test_an_archive_of_another_format_is_refused(
    one_case: SimpleNamespace, tmp_path: Path, capsys: Any
) -> None:
    archive = tmp_path / "cadangan.zip"
    assert main(["backup", str(archive)]) == 0

    def newer(members: dict[str, bytes]) -> None:
        manifest = json.loads(members["manifest.json"])
        members["manifest.json"] = json.dumps({**manifest, "format": 2}).encode()

    changed = _emptied_with(archive, newer)
    capsys.readouterr()

    assert main(["restore", str(changed)]) == 1
    assert capsys.readouterr().err == (
        "alur restore: format arsip 2 tidak dikenal; versi Alur ini membaca format 1; "
        "tidak ada yang diubah.\n"
    )
    assert Case.objects.count() == 0


def test_a_backup_refuses_a_stored_file_changed_since_it_was_stored(
    one_case: SimpleNamespace, tmp_path: Path, settings: Any, capsys: Any
) -> None:
    name = Document.objects.values_list("file", flat=True).first()
    assert name is not None
    (Path(settings.MEDIA_ROOT) / name).write_bytes(b"%PDF-1.4\nlain\n")
    archive = tmp_path / "cadangan.zip"

    assert main(["backup", str(archive)]) == 1

    error = capsys.readouterr().err
    assert error.startswith(f"alur backup: berkas tersimpan {name} berubah sejak disimpan")
    assert error.endswith("cadangan tidak dibuat\n")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".zip") == []
    assert not list(tmp_path.glob(".cadangan.zip*"))


def test_the_archive_lists_its_format_version_schema_and_every_file_with_its_hash(
    one_case: SimpleNamespace, tmp_path: Path
) -> None:
    archive = tmp_path / "cadangan.zip"
    assert main(["backup", str(archive)]) == 0

    with zipfile.ZipFile(archive) as packed:
        manifest = json.loads(packed.read("manifest.json"))
        database = packed.read("database.json")
        files = {
            name.removeprefix("files/"): packed.read(name)
            for name in packed.namelist()
            if name.startswith("files/")
        }
    assert (manifest["format"], manifest["alur"]) == (1, "0.1.0")
    assert manifest["database"]["sha256"] == hashlib.sha256(database).hexdigest()
    # the newest migration file of the cases app, read from the source tree
    newest = max(Path(services.__file__).parent.glob("migrations/0*.py")).stem
    assert manifest["schema"]["cases"] == newest
    assert sorted(
        (entry["name"], entry["sha256"], entry["size"]) for entry in manifest["files"]
    ) == sorted(
        (name, hashlib.sha256(content).hexdigest(), len(content)) for name, content in files.items()
    )
    assert set(files) == set(Document.objects.values_list("file", flat=True))


@pytest.mark.django_db(transaction=True)
def test_times_come_back_to_the_microsecond_and_the_chain_holds(
    demo: SimpleNamespace, tmp_path: Path, capsys: Any
) -> None:
    """Django's JSON keeps milliseconds only; the record hashes times to the microsecond."""
    services.case_open(
        office=demo.sumbawa,
        sop_code="permohonan-pembuatan-aplikasi",
        requester=demo.people["opd.bappeda"],
        title="Aplikasi e-Perencanaan",
        uploads={
            "Surat Permohonan Pembuatan Aplikasi": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "s.pdf")
        },
        at=dt.datetime(2026, 10, 14, 9, 30, 15, 123456, tzinfo=WITA),
    )
    times = sorted(Event.objects.values_list("at", flat=True))
    archive = tmp_path / "cadangan.zip"
    assert main(["backup", str(archive)]) == 0
    call_command("flush", interactive=False, verbosity=0)

    assert main(["restore", str(archive)]) == 0

    assert sorted(Event.objects.values_list("at", flat=True)) == times
    assert {t.microsecond for t in times} == {123456}
    capsys.readouterr()
    assert main(["audit", "verify"]) == 0
    assert capsys.readouterr().out == NO_CHECKPOINT + "1 permohonan diperiksa: rantai utuh.\n"


@pytest.mark.django_db(transaction=True)
def test_a_monitoring_forms_record_changed_in_the_archive_is_refused_after_loading(
    demo: SimpleNamespace, tmp_path: Path, settings: Any, capsys: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    half_year = half_year_build(demo)
    record = monitoring_services.monitoring_open(
        sop=half_year.sop, year=2026, half=1, actor=demo.people["kadis.sumbawa"], at=OPENED_AT
    )
    archive = tmp_path / "cadangan.zip"
    assert main(["backup", str(archive)]) == 0
    with zipfile.ZipFile(archive) as packed:
        assert list(json.loads(packed.read("manifest.json"))["record_keys"]) == ["lokal"]

    def tamper(members: dict[str, bytes]) -> None:
        rows = json.loads(members["database.json"])
        for row in rows:
            if row["model"] == "monitoring.monitoringevent":
                row["fields"]["data"] = {**row["fields"]["data"], "half": 2}
        members["database.json"] = json.dumps(rows).encode()
        manifest = json.loads(members["manifest.json"])
        manifest["database"]["sha256"] = hashlib.sha256(members["database.json"]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()

    changed = _emptied_with(archive, tamper)
    capsys.readouterr()

    assert main(["restore", str(changed)]) == 1

    label = f"{record.sop.code} 2026/1 v1"
    assert capsys.readouterr().err == (
        f"alur restore: rantai catatan putus setelah dipulihkan: formulir monitoring {label} "
        "#1; tidak ada yang diubah.\n"
    )
    assert Case.objects.count() == 0
