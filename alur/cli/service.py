"""The ``alur`` commands that need the database: manage, demo, serve, worker, audit verify,
backup and restore.

``alur.cli`` imports this module only when one of these commands runs, after setting Django up,
so that ``alur sop ...`` keeps working without Django.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from typing import TextIO

from django.conf import settings
from django.core.management import call_command, execute_from_command_line
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from alur.cases.audit import verify_all
from alur.cases.models import Case
from alur.cli.backup import BackupRefused, backup_write, restore_read
from alur.deadlines.worker import clock_start
from alur.demo import DEMO_PASSWORD, OFFICES, demo_load, demo_year_load

EXIT_OK = 0
EXIT_PROBLEMS = 1

BROKEN_REASONS = {
    "missing": "catatan hilang atau urutannya diubah",
    "prev_hash": "rujukan ke catatan sebelumnya tidak cocok",
    "hash": "isi catatan diubah setelah ditulis",
    "last": "catatan terakhir hilang atau penanda rantai pada permohonan diubah",
}


def manage(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Django's own command line (``django-admin``) with Alur's settings."""
    execute_from_command_line(["alur manage", *args.args])
    return EXIT_OK


def demo(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if _needs_migrating():
        err.write("alur: basis data belum disiapkan; jalankan dulu: alur manage migrate\n")
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
    """Prepare the database and the static files, load the demo, and serve."""
    call_command("migrate", interactive=False, verbosity=0)
    if not settings.DEBUG:
        # With DEBUG off, whitenoise serves the collected files under hashed names.
        call_command("collectstatic", interactive=False, verbosity=0)
    if args.demo:
        demo_load()
        _write_logins(out)
        _load_demo_year(out)
    host = f"[{args.host}]" if ":" in args.host else args.host
    out.write(
        f"\nAlur: http://{host}:{args.port}/  (administrasi: http://{host}:{args.port}/admin/, "
        "akun admin: alur manage createsuperuser)\n"
    )
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        out.write(
            "Dari komputer lain: nama atau alamat server ini harus ada di ALUR_ALLOWED_HOSTS.\n"
        )
    child = worker_start() if args.worker else None
    if child is not None:
        out.write("Pekerja latar (alur worker) berjalan: pengingat dan eskalasi tenggat.\n")
    out.flush()
    # Django's runserver, without the reloader (which would restart this whole command in a
    # child process). Static files need no --insecure: settings install whitenoise's
    # runserver_nostatic, which turns runserver's own static handler off whatever the flag,
    # and WhiteNoiseMiddleware serves /static/ in both DEBUG modes (the collected, hashed files
    # when DEBUG is off; the apps' files through the finders when it is on).
    try:
        call_command("runserver", f"{host}:{args.port}", use_reloader=False)
    except KeyboardInterrupt:
        out.write("\n")
    finally:
        if child is not None:
            worker_stop(child)
    return EXIT_OK


def worker_start() -> subprocess.Popen[bytes]:
    """``alur worker`` as a child process of ``alur serve``, with the same environment."""
    code = "import sys; from alur.cli import main; sys.exit(main(['worker']))"
    return subprocess.Popen([sys.executable, "-c", code])  # noqa: S603 - our own interpreter


def worker_stop(child: subprocess.Popen[bytes]) -> None:
    """Ask the worker to finish its job (SIGTERM), and end it if it does not in time."""
    child.terminate()
    try:
        child.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


WORKER_STOP_SECONDS = 15


def worker(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Queue the deadline scan on a clock and run queued jobs until stopped (Ctrl+C, SIGTERM).

    Several workers may run against one database: each message is claimed once."""
    if _needs_migrating():
        err.write("alur: basis data belum disiapkan; jalankan dulu: alur manage migrate\n")
        return EXIT_PROBLEMS
    every = args.every if args.every is not None else float(settings.ALUR_SCAN_SECONDS)
    if every <= 0:
        err.write("alur: --every harus lebih dari 0 detik\n")
        return EXIT_PROBLEMS
    _thread, stop = clock_start(every)
    out.write(f"alur worker: memindai tenggat setiap {every:g} detik; Ctrl+C untuk berhenti.\n")
    out.flush()
    try:
        call_command("db_worker", reload=False, interval=1.0, verbosity=1)
    except KeyboardInterrupt:
        out.write("\n")
    finally:
        stop.set()
    return EXIT_OK


def audit_verify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check every case's hash-chained record; name the first broken link of each case."""
    checked = Case.objects.count()
    broken = list(verify_all())
    for link in broken:
        reason = BROKEN_REASONS.get(link.reason, link.reason)
        out.write(
            f"permohonan {link.case_number}: rantai putus di catatan #{link.seq} ({reason})\n"
        )
    if broken:
        out.write(f"{checked} permohonan diperiksa: {len(broken)} rantai putus.\n")
        return EXIT_PROBLEMS
    out.write(f"{checked} permohonan diperiksa: rantai utuh.\n")
    return EXIT_OK


def backup(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The database and every stored file in one archive (alur.cli.backup)."""
    if _needs_migrating():
        err.write("alur: basis data belum disiapkan; jalankan dulu: alur manage migrate\n")
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
    if _needs_migrating():
        err.write("alur: basis data belum disiapkan; jalankan dulu: alur manage migrate\n")
        return EXIT_PROBLEMS
    try:
        cases, files = restore_read(args.archive)
    except BackupRefused as refused:
        err.write(f"alur restore: {refused.message}; tidak ada yang diubah.\n")
        return EXIT_PROBLEMS
    out.write(f"Dipulihkan dari {args.archive}: {cases} permohonan, {files} berkas; rantai utuh.\n")
    return EXIT_OK


def _needs_migrating() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _write_logins(out: TextIO) -> None:
    header = ("Nama pengguna", "Nama", "Kantor", "Peran / OPD")
    rows = [
        (
            person.username,
            person.name,
            office.code,
            ", ".join(person.roles) if person.roles else f"OPD {person.unit}",
        )
        for office in OFFICES
        for person in office.people
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    out.write(f"Akun demo; kata sandi setiap akun: {DEMO_PASSWORD}\n\n")
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        out.write("  ".join([*cells, row[3]]) + "\n")
