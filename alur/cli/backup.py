"""``alur backup ARCHIVE`` and ``alur restore ARCHIVE``: the database and every stored file in
one zip archive, and an empty installation brought back from it.

    manifest.json     format, Alur's version, the schema (last migration of every app), the
                      database entry, every stored file with its SHA-256 and size, and the
                      fingerprint of every record key the events were hashed with
    database.json     every app's rows (Django's dumpdata with natural foreign keys, so it
                      loads into SQLite or PostgreSQL alike, in its JSON with times kept to the
                      microsecond: backup_json.py); content types, permissions and sessions
                      are left out, a migrated installation has its own
    files/<name>      each stored file under its storage name

The backup reads the database in one transaction (REPEATABLE READ, READ ONLY on PostgreSQL;
SQLite's write lock holds writers back meanwhile), so it is one moment of a running Alur.
Stored files are never overwritten (their names are made of their hashes), so the files the
rows name are there to be read after them; each is checked against its recorded SHA-256.

A restore checks the whole archive first (manifest, schema, every hash, the record keys),
refuses an installation that holds any data, then loads the rows and writes the files in one
transaction and checks every case's and monitoring form's record before it commits: nothing
half done.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from alur.cases.audit import key_fingerprint, verify_all
from alur.cases.models import Case, Event
from alur.monitoring.chain import verify_forms
from alur.monitoring.models import MonitoringEvent

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
FILES = "files/"
# A migrated installation makes these itself; sessions end with the installation they were in.
# Files kept from refused forms (cases.StepDraft) wait a few days for their form to be sent
# again and are not the record: an archive carries neither them nor their bytes.
LEFT_OUT = ("contenttypes", "auth.permission", "sessions", "cases.stepdraft")
# Where each stored file's SHA-256 was recorded: (app label, model, file field) -> hash field.
HASH_FIELDS = {
    ("cases", "document", "file"): "sha256",
    ("monitoring", "monitoringrecord", "document"): "document_sha256",
    ("letters", "letterhead", "logo"): "logo_sha256",
}
_CHUNK = 1024 * 1024
SERIALIZER = "alurjson"


class BackupRefused(Exception):
    """The backup or restore cannot be done; the message says why, in Indonesian."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Stored:
    name: str
    sha256: str
    size: int


def backup_write(target: Path) -> tuple[int, int]:
    """The archive written at ``target`` (replaced whole, or not at all): (cases, files)."""
    partial = target.with_name(f".{target.name}.sebagian")
    try:
        with tempfile.TemporaryDirectory() as work, _read_snapshot():
            dump = Path(work) / DATABASE
            serializers.register_serializer(SERIALIZER, "alur.cli.backup_json")
            call_command(
                "dumpdata", natural_foreign=True, exclude=list(LEFT_OUT), output=str(dump),
                format=SERIALIZER, verbosity=0,
            )  # fmt: skip
            cases = Case.objects.count()
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.write(dump, DATABASE)
                files = [_copy_in(archive, name, sha) for name, sha in _stored_files().items()]
                manifest = {
                    "format": FORMAT,
                    "alur": version("alur"),
                    "made_at": timezone.now().isoformat(),
                    "database": {"vendor": connection.vendor, "sha256": _file_hash(dump)},
                    "schema": _schema(),
                    "files": [vars(stored) for stored in files],
                    "record_keys": _record_keys(),
                }
                archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return cases, len(files)


@contextmanager
def _read_snapshot() -> Iterator[None]:
    """One transaction that sees one moment of the database."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _file_fields() -> Iterator[tuple[type[models.Model], str, str]]:
    """Every model's file fields, each with the field its hash is recorded in."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                key = (model._meta.app_label, model._meta.model_name or "", field.name)
                if key not in HASH_FIELDS:
                    raise RuntimeError(f"{'.'.join(key)} keeps files without a recorded hash")
                yield model, field.name, HASH_FIELDS[key]


def _stored_files() -> dict[str, str]:
    """The name of every stored file the rows refer to, with its recorded SHA-256."""
    wanted: dict[str, str] = {}
    for model, field, hash_field in _file_fields():
        rows = model._default_manager.exclude(**{field: ""}).values_list(field, hash_field)
        wanted.update(rows.order_by(field).distinct())
    return wanted


def _copy_in(archive: zipfile.ZipFile, name: str, sha256: str) -> Stored:
    digest = hashlib.sha256()
    size = 0
    try:
        with default_storage.open(name, "rb") as stored, archive.open(FILES + name, "w") as copy:
            while chunk := stored.read(_CHUNK):
                digest.update(chunk)
                copy.write(chunk)
                size += len(chunk)
    except FileNotFoundError:
        raise BackupRefused(f"berkas tersimpan {name} tidak ada di penyimpanan") from None
    if digest.hexdigest() != sha256:
        raise BackupRefused(
            f"berkas tersimpan {name} berubah sejak disimpan (SHA-256 {digest.hexdigest()}, "
            f"tercatat {sha256}); cadangan tidak dibuat"
        )
    return Stored(name=name, sha256=sha256, size=size)


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _schema() -> dict[str, str]:
    """The last migration applied of every app: the shape the rows were dumped in."""
    applied = MigrationRecorder(connection).applied_migrations()
    last: dict[str, str] = {}
    for app, name in sorted(applied):
        last[app] = max(last.get(app, ""), name)
    return last


def restore_read(source: Path) -> tuple[int, int]:
    """The installation brought back from the archive at ``source``: (cases, files). Refused,
    with nothing changed, unless the archive is whole and the installation empty."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupRefused(f"{source} bukan arsip cadangan Alur ({error})") from None
    with archive, tempfile.TemporaryDirectory() as work:
        manifest = _manifest(archive, source)
        _refuse_another_schema(manifest["schema"])
        _refuse_other_record_keys(manifest.get("record_keys", {}))
        _refuse_data()
        # loaddata reads the format from the name
        dump = Path(work) / f"database.{SERIALIZER}"
        with archive.open(DATABASE) as packed, dump.open("wb") as unpacked:
            _copy(packed, unpacked)
        if _file_hash(dump) != manifest["database"]["sha256"]:
            raise BackupRefused(f"{DATABASE} dalam arsip rusak: SHA-256 tidak cocok")
        files = [Stored(**entry) for entry in manifest["files"]]
        for stored in files:
            _check_packed(archive, stored)
        written: list[str] = []
        try:
            with transaction.atomic(), _dates_as_dumped():
                serializers.register_serializer(SERIALIZER, "alur.cli.backup_json")
                call_command("loaddata", str(dump), verbosity=0)
                for stored in files:
                    if _put(archive, stored):
                        written.append(stored.name)
                _refuse_missing_files(files)
                _refuse_broken_records()
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
        return Case.objects.count(), len(files)


def _manifest(archive: zipfile.ZipFile, source: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupRefused(f"{source} bukan arsip cadangan Alur: {MANIFEST} tidak ada") from None
    except ValueError as error:
        raise BackupRefused(f"{MANIFEST} dalam {source} tidak terbaca ({error})") from None
    if manifest.get("format") != FORMAT:
        raise BackupRefused(
            f"format arsip {manifest.get('format')!r} tidak dikenal; versi Alur ini membaca "
            f"format {FORMAT}"
        )
    return manifest


def _refuse_another_schema(schema: dict[str, str]) -> None:
    here = _schema()
    differ = sorted(app for app in schema.keys() | here.keys() if schema.get(app) != here.get(app))
    if differ:
        details = ", ".join(
            f"{app}: arsip {schema.get(app, '-')}, di sini {here.get(app, '-')}" for app in differ
        )
        raise BackupRefused(
            "skema basis data berbeda dari arsip (" + details + "); pulihkan dengan versi Alur "
            "yang membuat arsip, setelah alur manage migrate"
        )


def _record_keys() -> dict[str, str | None]:
    """The fingerprint of every key id the records' events (cases', monitoring forms') were
    hashed with."""
    used = {
        key_id
        for model in (Event, MonitoringEvent)
        for key_id in model.objects.exclude(key_id="").values_list("key_id", flat=True).distinct()
    }
    return {key_id: key_fingerprint(key_id) for key_id in sorted(used)}


def _refuse_other_record_keys(archived: dict[str, str | None]) -> None:
    """The events would not verify here: a key id the archive's events name is missing from
    this installation's settings, or holds another key."""
    missing = sorted(key_id for key_id in archived if key_fingerprint(key_id) is None)
    other = sorted(
        key_id
        for key_id, fingerprint in archived.items()
        if key_id not in missing and key_fingerprint(key_id) != fingerprint
    )
    if not (missing or other):
        return
    parts = []
    if missing:
        parts.append("tidak ada di instalasi ini: " + ", ".join(missing))
    if other:
        parts.append("berbeda dengan di instalasi asal: " + ", ".join(other))
    raise BackupRefused(
        "kunci catatan yang menulis arsip " + "; ".join(parts) + ". Pasang kunci yang sama "
        "dengan instalasi asal (ALUR_RECORD_KEYS dan ALUR_RECORD_KEY_ID; untuk kunci lokal, "
        "ALUR_SECRET_KEY atau berkas var/secret_key), lalu pulihkan lagi"
    )


def _refuse_data() -> None:
    left_out = {label for label in LEFT_OUT if "." in label}
    full = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in LEFT_OUT or label in left_out:
            continue
        count = model._default_manager.count()
        if count:
            full.append(f"{label} ({count})")
    if full:
        raise BackupRefused(
            "instalasi ini sudah berisi data: " + ", ".join(full) + ". Pulihkan hanya ke "
            "instalasi kosong: basis data baru yang sudah dimigrasi (alur manage migrate)"
        )


def _check_packed(archive: zipfile.ZipFile, stored: Stored) -> None:
    digest = hashlib.sha256()
    try:
        with archive.open(FILES + stored.name) as packed:
            while chunk := packed.read(_CHUNK):
                digest.update(chunk)
    except KeyError:
        raise BackupRefused(f"berkas {stored.name} tercatat di manifest tetapi tidak ada") from None
    if digest.hexdigest() != stored.sha256:
        raise BackupRefused(f"berkas {stored.name} dalam arsip rusak: SHA-256 tidak cocok")


def _put(archive: zipfile.ZipFile, stored: Stored) -> bool:
    """``stored`` written to the storage under its name; False when the same bytes are there."""
    if default_storage.exists(stored.name):
        with default_storage.open(stored.name, "rb") as present:
            digest = hashlib.sha256()
            while chunk := present.read(_CHUNK):
                digest.update(chunk)
        if digest.hexdigest() == stored.sha256:
            return False
        default_storage.delete(stored.name)
    with archive.open(FILES + stored.name) as packed:
        saved = default_storage.save(stored.name, File(packed, name=stored.name))
    if saved != stored.name:
        raise BackupRefused(f"berkas {stored.name} tersimpan sebagai {saved}")
    return True


@contextmanager
def _dates_as_dumped() -> Iterator[None]:
    """Dates set on creation (``auto_now_add``) keep their dumped value while rows load."""
    fields = [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add)
    ]
    kept = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in kept:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _refuse_missing_files(files: list[Stored]) -> None:
    packed = {stored.name: stored.sha256 for stored in files}
    missing = sorted(name for name, sha in _stored_files().items() if packed.get(name) != sha)
    if missing:
        raise BackupRefused("arsip tidak memuat berkas yang dirujuk: " + ", ".join(missing))


def _refuse_broken_records() -> None:
    broken = [f"{link.case_number} #{link.seq}" for link in verify_all()]
    broken += [f"formulir monitoring {form.label} #{form.seq}" for form in verify_forms()]
    if broken:
        raise BackupRefused("rantai catatan putus setelah dipulihkan: " + ", ".join(broken))


def _copy(source: IO[bytes], target: IO[bytes]) -> None:
    while chunk := source.read(_CHUNK):
        target.write(chunk)
