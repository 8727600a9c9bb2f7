"""The ``alur`` commands that need the database: manage, demo, serve, worker, audit verify,
backup and restore.

``alur.cli`` imports this module only when one of these commands runs, after setting Django up,
so that ``alur sop ...`` keeps working without Django.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.management import call_command, execute_from_command_line
from django.db import connections
from django.utils import timezone

from alur.administration.first_run import first_run_link_new
from alur.cases.audit import unkeyed_count, verify_all, verify_documents, verify_rows_all
from alur.cases.checkpoints import (
    CheckpointForged,
    checkpoint_newest,
    checkpoint_write,
    rewritten_since,
)
from alur.cases.models import Case
from alur.cli.backup import BackupRefused, backup_write, restore_read
from alur.cli.supervise import SERVER_PROCESS, Supervisor
from alur.common.errors import ServiceError
from alur.deadlines.worker import clock_start
from alur.demo import DEMO_PASSWORD, OFFICES, Person, demo_load, demo_year_load
from alur.monitoring.chain import verify_forms
from alur.offices import tokens
from alur.offices.models import ApiToken, User
from alur.operations.health import migrations_waiting
from alur.operations.jobs import worker_id_new
from alur.operations.worker import operations_start

EXIT_OK = 0
EXIT_PROBLEMS = 1

BROKEN_REASONS = {
    "missing": "catatan hilang atau urutannya diubah",
    "prev_hash": "rujukan ke catatan sebelumnya tidak cocok",
    "hash": "isi catatan diubah setelah ditulis",
    "last": "catatan terakhir hilang atau penanda rantai pada permohonan diubah",
    "key": "catatan menyebut kunci yang tidak dikenal",
    "unkeyed": "catatan tanpa kunci setelah catatan berkunci",
    "checkpoint": "rantai ditulis ulang setelah titik periksa bertanda tangan",
    "gone": "permohonan yang tercatat di titik periksa hilang",
}
MISMATCH_REASONS = {
    "task_missing": "baris kunjungan hilang",
    "task_extra": "baris kunjungan tanpa catatan",
    "task_opened": "waktu dibuka berbeda dengan catatan",
    "task_done": "penyelesaian (waktu, pelaku atau keputusan) berbeda dengan catatan",
    "status": "status permohonan berbeda dengan catatan",
    "document_record": "baris dokumen tidak tercatat dengan SHA-256 ini",
    "document_missing": "berkas tidak ada di penyimpanan",
    "document_bytes": "isi berkas berubah (SHA-256 tidak cocok)",
}


def manage(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Django's own command line (``django-admin``) with Alur's settings."""
    execute_from_command_line(["alur manage", *args.args])
    return EXIT_OK


def demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if _unmigrated(err):
        return EXIT_PROBLEMS
    demo_load()
    _write_logins(out)
    if args.year:
        _load_demo_year(out, say_when_kept=True)
    return EXIT_OK


def _load_demo_year(out: TextIO, *, say_when_kept: bool = False) -> None:
    """A year of history for the demo offices that have no cases yet (see alur.demo.year)."""
    written = demo_year_load(now=timezone.now())
    if written:
        out.write(f"Riwayat demo: {written} permohonan setahun terakhir dimuat.\n")
    elif say_when_kept:
        out.write("Riwayat demo tidak dimuat: kantor demo sudah berisi permohonan.\n")


def serve(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Prepare the database and the static files, load the demo, and serve: the web server and
    ``alur worker`` as children that end with this process (alur.cli.supervise)."""
    call_command("migrate", interactive=False, verbosity=0)
    if not settings.DEBUG:
        # With DEBUG off, whitenoise serves the collected files under hashed names.
        call_command("collectstatic", interactive=False, verbosity=0)
    if args.demo:
        demo_load()
        _write_logins(out)
        _load_demo_year(out)
    host = f"[{args.host}]" if ":" in args.host else args.host
    token = first_run_link_new()
    if token is not None:
        out.write(
            "\nAlur belum memiliki pengguna. Buka tautan sekali pakai ini untuk membuat kantor "
            f"pertama dan akun adminnya:\n  http://{host}:{args.port}/mulai/{token}/\n"
            "(Tautan berlaku sekali; alur serve berikutnya memberi tautan baru selama belum "
            "ada pengguna.)\n"
        )
    out.write(
        f"\nAlur: http://{host}:{args.port}/  (administrasi: http://{host}:{args.port}/admin/, "
        "akun admin: alur manage createsuperuser)\n"
    )
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        out.write(
            "Dari komputer lain: nama atau alamat server ini harus ada di ALUR_ALLOWED_HOSTS.\n"
        )
    out.write(
        f"Server web: granian, {settings.ALUR_WEB_PROCESSES} proses x "
        f"{settings.ALUR_WEB_THREADS} utas (ALUR_WEB_PROCESSES, ALUR_WEB_THREADS); "
        "Ctrl+C untuk berhenti.\n"
    )
    if args.worker:
        out.write("Pekerja latar (alur worker) berjalan: pengingat dan eskalasi tenggat.\n")
    out.flush()
    # The children open their own connections; none is shared across the fork.
    connections.close_all()
    supervisor = Supervisor(stop_seconds=float(settings.ALUR_WEB_STOP_TIMEOUT + 5))
    # The server's processes end with it (alur.wsgi), knowing serve by its process id.
    supervisor.start(
        "web",
        web_server_argv(args.host, args.port),
        {SERVER_PROCESS: str(os.getpid()), METRICS_DIR: str(metrics_dir_fresh())},
    )
    if args.worker:
        supervisor.start("worker", worker_argv())
    ended = supervisor.run()
    if ended is None:
        out.write("\nAlur berhenti.\n")
        return EXIT_OK
    code = supervisor.children[ended].returncode
    err.write(
        f"alur: {CHILD_NAMES[ended]} berhenti sendiri (kode {code}); "
        "semua proses Alur dihentikan.\n"
    )
    return EXIT_PROBLEMS


METRICS_DIR = "PROMETHEUS_MULTIPROC_DIR"


def metrics_dir_fresh() -> Path:
    """The directory where the server's processes add up their request metrics (/metrics,
    alur.operations.metrics): ``PROMETHEUS_MULTIPROC_DIR`` when set, else ``var/metrics``;
    emptied, since the counts of processes that are gone would otherwise be added in."""
    folder = Path(os.environ.get(METRICS_DIR) or settings.VAR_DIR / "metrics")
    folder.mkdir(parents=True, exist_ok=True)
    for counts in folder.glob("*.db"):
        counts.unlink()
    return folder


CHILD_NAMES = {"web": "server web (granian)", "worker": "pekerja latar (alur worker)"}


def web_server_argv(host: str, port: int) -> list[str]:
    """granian serving Alur's WSGI application (bench/README.md tells why granian).

    Connections and headers are read by granian's own (Rust) threads, so a slow client holds
    no Python thread; a request is handed to one of ``ALUR_WEB_THREADS`` threads of a process
    once its headers are in. Under ``ALUR_WEB_SERVER_PROCESS`` each process of granian ends
    with granian's own (alur.wsgi)."""
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "alur.wsgi:application",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(settings.ALUR_WEB_PROCESSES),
        "--blocking-threads",
        str(settings.ALUR_WEB_THREADS),
        "--http1-header-read-timeout",
        str(settings.ALUR_WEB_HEADER_TIMEOUT * 1000),
        "--workers-kill-timeout",
        str(settings.ALUR_WEB_STOP_TIMEOUT),
        "--respawn-failed-workers",
        "--no-ws",
        # Where the access log would be switched on (--access-log): left to logging.
    ]


def worker_argv() -> list[str]:
    """``alur worker`` with this interpreter and the same environment."""
    return [
        sys.executable,
        "-c",
        "import sys; from alur.cli import main; sys.exit(main(['worker']))",
    ]


def worker(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Queue the deadline scan on a clock and run queued jobs until stopped (Ctrl+C, SIGTERM);
    beside them, a heartbeat that runs again the jobs of workers that died, and the delivery of
    the mail outbox (docs/operations.md).

    Several workers may run against one database: each message is claimed once."""
    if _unmigrated(err):
        return EXIT_PROBLEMS
    every = args.every if args.every is not None else float(settings.ALUR_SCAN_SECONDS)
    if every <= 0:
        err.write("alur: --every harus lebih dari 0 detik\n")
        return EXIT_PROBLEMS
    worker_id = worker_id_new()
    operations_stop = operations_start(worker_id)
    _thread, stop = clock_start(every)
    out.write(f"alur worker: memindai tenggat setiap {every:g} detik; Ctrl+C untuk berhenti.\n")
    out.flush()
    try:
        call_command("db_worker", reload=False, interval=1.0, verbosity=1, worker_id=worker_id)
    except KeyboardInterrupt:
        out.write("\n")
    finally:
        stop.set()
        operations_stop()
    return EXIT_OK


def audit_verify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check every case's hash-chained record against the newest signed checkpoint, every
    monitoring form's chain, and the rows and stored documents against the record; name the
    first broken link of each case and form and every row that does not match
    (docs/operations.md#checkpoints)."""
    problems = 0
    try:
        checkpoint = checkpoint_newest()
    except CheckpointForged as forged:
        out.write(_forged(forged))
        checkpoint, problems = None, 1
    if checkpoint is None and not problems:
        out.write("belum ada titik periksa bertanda tangan: rantai diperiksa tanpa pembanding.\n")
    elif checkpoint is not None:
        out.write(
            f"dibandingkan dengan titik periksa {checkpoint.name} "
            f"({len(checkpoint.pins)} permohonan).\n"
        )
    since = bool(args.since_checkpoint) and checkpoint is not None
    checked = Case.objects.count()
    broken = list(verify_all(pins=checkpoint.pins if checkpoint else None, since_pin=since))
    for link in broken:
        out.write(_broken(f"permohonan {link.case_number}", link.seq, link.reason))
    for form in (forms_broken := list(verify_forms())):
        out.write(_broken(f"formulir monitoring {form.label}", form.seq, form.reason))
    mismatches = list(verify_rows_all())
    if not since:
        mismatches += verify_documents()
    for found in mismatches:
        reason = MISMATCH_REASONS.get(found.reason, found.reason)
        out.write(f"permohonan {found.case_number}: {found.what}: {reason}\n")
    unkeyed = unkeyed_count()
    if unkeyed:
        out.write(f"{unkeyed} catatan tanpa kunci (ditulis sebelum rantai berkunci).\n")
    if mismatches:
        out.write(f"{len(mismatches)} baris tidak cocok dengan catatan.\n")
    if forms_broken:
        out.write(f"{len(forms_broken)} formulir monitoring: rantai putus.\n")
    if broken:
        out.write(f"{checked} permohonan diperiksa: {len(broken)} rantai putus.\n")
        return EXIT_PROBLEMS
    out.write(f"{checked} permohonan diperiksa: rantai utuh.\n")
    return EXIT_PROBLEMS if problems or mismatches or forms_broken else EXIT_OK


def _broken(record: str, seq: int, reason: str) -> str:
    """The line naming a record's first broken link."""
    return f"{record}: rantai putus di catatan #{seq} ({BROKEN_REASONS.get(reason, reason)})\n"


def _forged(forged: CheckpointForged) -> str:
    if forged.another_key:
        return (
            f"titik periksa {forged.name}: ditandatangani kunci lain (sidik {forged.key}), "
            f"bukan kunci yang dipakai di sini (sidik {forged.expected}); setiap mesin "
            "instalasi memakai berkas kunci yang sama (ALUR_CHECKPOINT_SIGNING_KEY_FILE)\n"
        )
    return f"titik periksa {forged.name}: tanda tangan tidak sah atau berkas rusak\n"


def audit_checkpoint(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write a signed checkpoint of every chain's head now (the worker writes them too).
    Refused while the record no longer extends the newest checkpoint; written, with a word
    about it, when the newest does not verify with this key (after a deliberate key change)."""
    try:
        newest = checkpoint_newest()
    except CheckpointForged as forged:
        err.write(_forged(forged))
        newest = None
    broken = rewritten_since(newest) if newest is not None else []
    if newest is not None and broken:
        for link in broken:
            err.write(_broken(f"permohonan {link.case_number}", link.seq, link.reason))
        err.write(
            f"alur audit checkpoint: catatan tidak lagi melanjutkan titik periksa {newest.name}; "
            "tidak ada titik periksa yang ditulis\n"
        )
        return EXIT_PROBLEMS
    name = checkpoint_write(now=timezone.now())
    out.write(f"Titik periksa ditulis: {name}\n")
    return EXIT_OK


def token_create(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """A token for a person or a system account, made by the installation's operator (no
    actor: the office's log names no one); its text printed this once."""
    owner = User.objects.filter(username=args.username).first()
    if owner is None:
        err.write(f"alur token create: tidak ada pengguna {args.username!r}\n")
        return EXIT_PROBLEMS
    try:
        token, plain = tokens.token_create(
            owner=owner, name=args.name, scope=args.scope, expires_days=args.expires, actor=None
        )
    except ServiceError as refused:
        err.write(f"alur token create: {refused.message}\n")
        return EXIT_PROBLEMS
    expires = token.expires_at
    until = f"sampai {expires.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC" if expires else "tanpa batas"
    out.write(
        f"Token {token.name!r} untuk {owner.username} ({token.scope}, {until}); simpan sekarang, "
        f"tidak ditampilkan lagi:\n{plain}\n"
    )
    return EXIT_OK


def token_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Every token (or one person's): prefix, owner, name, scope, state and last use."""
    rows = ApiToken.objects.select_related("owner").order_by("owner__username", "created_at")
    if args.username:
        rows = rows.filter(owner__username=args.username)
    now = timezone.now()
    for token in rows:
        state = "dicabut" if token.revoked_at else ("berlaku" if token.usable_at(now) else "habis")
        used = (
            f"{token.last_used_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC"
            if token.last_used_at
            else "-"
        )
        out.write(
            f"{token.prefix}\t{token.owner.username}\t{token.name}\t{token.scope}\t{state}"
            f"\t{used}\n"
        )
    return EXIT_OK


def token_revoke(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    token = ApiToken.objects.select_related("owner__office").filter(prefix=args.prefix).first()
    if token is None:
        err.write(f"alur token revoke: tidak ada token berawalan {args.prefix!r}\n")
        return EXIT_PROBLEMS
    tokens.token_revoke(token=token, actor=None)
    out.write(f"Token {token.prefix} ({token.name}, {token.owner.username}) dicabut.\n")
    return EXIT_OK


def backup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The database and every stored file in one archive (alur.cli.backup)."""
    if _unmigrated(err):
        return EXIT_PROBLEMS
    try:
        cases, files = backup_write(args.archive)
    except BackupRefused as refused:
        err.write(f"alur backup: {refused.message}\n")
        return EXIT_PROBLEMS
    out.write(f"Cadangan ditulis ke {args.archive}: {cases} permohonan, {files} berkas.\n")
    return EXIT_OK


def restore(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """An empty installation brought back from an archive of ``alur backup``."""
    if _unmigrated(err):
        return EXIT_PROBLEMS
    try:
        cases, files = restore_read(args.archive)
    except BackupRefused as refused:
        err.write(f"alur restore: {refused.message}; tidak ada yang diubah.\n")
        return EXIT_PROBLEMS
    out.write(f"Dipulihkan dari {args.archive}: {cases} permohonan, {files} berkas; rantai utuh.\n")
    return EXIT_OK


def _unmigrated(err: TextIO) -> bool:
    """Whether the database still lacks migrations; if so, say what to run first."""
    if not migrations_waiting():
        return False
    err.write("alur: basis data belum disiapkan; jalankan dulu: alur manage migrate\n")
    return True


def _what_they_do(person: Person) -> str:
    """Their roles, "admin kantor" for an office administrator, or the OPD they file for."""
    if person.office_admin:
        return ", ".join([*person.roles, "admin kantor"])
    return ", ".join(person.roles) if person.roles else f"OPD {person.unit}"


def _write_logins(out: TextIO) -> None:
    header = ("Nama pengguna", "Nama", "Kantor", "Peran / OPD")
    rows = [
        (
            person.username,
            person.name,
            office.code,
            _what_they_do(person),
        )
        for office in OFFICES
        for person in office.people
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    out.write(f"Akun demo; kata sandi setiap akun: {DEMO_PASSWORD}\n")
    if settings.ALUR_TWO_FACTOR_REQUIRED:
        out.write(
            "Kadis, Kabid dan admin kantor memasang aplikasi autentikator saat pertama masuk "
            "(verifikasi dua langkah; ALUR_TWO_FACTOR_REQUIRED=0 untuk mencoba tanpa itu).\n"
        )
    else:
        out.write("\n")
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        out.write("  ".join([*cells, row[3]]) + "\n")
