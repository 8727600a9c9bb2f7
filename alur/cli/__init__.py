"""The ``alur`` command.

    alur sop check FILE... [--lang id|en] [--json]
    alur sop schema [-o FILE]
    alur sop simulate FILE [--start ISO] [--answer STEP=ya|tidak[,...]]... [--office-zone ZONE]
    alur sop render FILE [--format html|svg|pdf] -o OUT [--lang id|en]
    alur sop bpmn FILE [-o OUT.bpmn] [--lang id|en]
    alur sop import-bpmn IN.bpmn [-o OUT.yaml] [--lang id|en]
    alur serve [--host HOST] [--port PORT] [--no-demo] [--no-worker]
    alur worker [--every SECONDS]
    alur demo [--year]
    alur audit verify [--since-checkpoint] | alur audit checkpoint
    alur token create USERNAME --name NAME [--scope read|act] [--expires DAYS]
    alur token list [USERNAME] | alur token revoke PREFIX
    alur backup ARCHIVE
    alur restore ARCHIVE
    alur manage ARGS...

Exit status: 0 when all is well, 1 when a file has problems (or a simulation reaches no end, or
a case's record is broken), 2 on a usage error (unknown option, missing file, bad setting).

``alur sop`` needs no database and imports no Django; the other commands set Django up
(``DJANGO_SETTINGS_MODULE``, by default ``alur.settings``) only when they run.

    __init__.py   the parser and ``main``
    common.py     exit codes, two-language wording, reading a checked SOP file
    sop.py        sop check | schema | simulate
    render.py     sop render
    bpmn.py       sop bpmn | import-bpmn
    service.py    serve | worker | demo | audit verify/checkpoint | token | backup | restore |
                  manage
                  (Django, imported when they run; backup.py holds the archive)
    supervise.py  serve's children (web server, worker) that end with it
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from alur.cli.bpmn import export_bpmn, import_bpmn
from alur.cli.common import EXIT_USAGE
from alur.cli.render import render_command
from alur.cli.sop import check_command, schema_command, simulate_command, upgrade_command


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: galat/error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="alur", description="Alur: SOP yang berjalan / SOPs that run.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sop = commands.add_parser("sop", help="periksa, jelaskan, dan jalankan berkas SOP")
    sop_commands = sop.add_subparsers(dest="sop_command", required=True, parser_class=_Parser)

    check = sop_commands.add_parser("check", help="periksa berkas SOP / check SOP files")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument("--lang", choices=("id", "en"), default="id")
    check.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    check.set_defaults(run=check_command)

    upgrade = sop_commands.add_parser(
        "upgrade",
        help="naikkan berkas SOP ke format terbaru, komentar tetap / rewrite SOP files to the "
        "newest format, comments kept",
    )
    upgrade.add_argument("files", nargs="+", metavar="FILE")
    upgrade.add_argument("--lang", choices=("id", "en"), default="id")
    upgrade.set_defaults(run=upgrade_command)

    schema = sop_commands.add_parser("schema", help="JSON Schema format SOP")
    schema.add_argument("-o", "--output", metavar="FILE", type=pathlib.Path)
    schema.set_defaults(run=schema_command)

    simulate = sop_commands.add_parser(
        "simulate", help="jalankan SOP dari awal sampai akhir / run an SOP start to end"
    )
    simulate.add_argument("file", metavar="FILE")
    simulate.add_argument("--start", metavar="ISO-DATETIME")
    simulate.add_argument(
        "--answer",
        action="append",
        default=[],
        metavar="STEP=ya|tidak[,...]",
        help="jawaban keputusan STEP pada tiap kunjungan, berurutan (bawaan: ya)",
    )
    simulate.add_argument("--office-zone", metavar="ZONE", default="Asia/Jakarta")
    simulate.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="nilai isian yang dicatat (mis. tanggal jadwal)",
    )
    simulate.add_argument("--lang", choices=("id", "en"), default="id")
    simulate.add_argument("--json", action="store_true")
    simulate.set_defaults(run=simulate_command)

    render = sop_commands.add_parser(
        "render", help="cetak dokumen SOP resmi / render the official SOP document"
    )
    render.add_argument("file", metavar="FILE")
    render.add_argument("--format", choices=("html", "svg", "pdf"), default="pdf")
    render.add_argument("-o", "--output", metavar="OUT", type=pathlib.Path, required=True)
    render.add_argument("--lang", choices=("id", "en"), default="id")
    render.set_defaults(run=render_command)
    _add_bpmn_commands(sop_commands)

    serve = commands.add_parser(
        "serve", help="siapkan basis data dan data demo, lalu jalankan aplikasi web"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--no-demo",
        dest="demo",
        action="store_false",
        help="jangan muat instalasi demo (kantor, pegawai, dan SOP contoh)",
    )
    serve.add_argument(
        "--no-worker",
        dest="worker",
        action="store_false",
        help="jangan jalankan alur worker (pengingat dan eskalasi) bersama server web",
    )
    serve.set_defaults(run=_with_django("serve", static_manifest=True))

    worker = commands.add_parser(
        "worker", help="jalankan pekerjaan latar: pengingat tenggat, eskalasi, peninjauan SOP"
    )
    worker.add_argument(
        "--every",
        type=float,
        default=None,
        metavar="SECONDS",
        help="jeda antar-pemindaian tenggat dalam detik (bawaan: ALUR_SCAN_SECONDS, 60)",
    )
    worker.set_defaults(run=_with_django("worker"))

    demo = commands.add_parser("demo", help="muat instalasi demo dan tampilkan akun-akunnya")
    demo.add_argument(
        "--year",
        action="store_true",
        help="isi juga riwayat setahun (permohonan selesai dan berjalan) untuk laporan kinerja",
    )
    demo.set_defaults(run=_with_django("demo"))

    audit = commands.add_parser("audit", help="periksa catatan permohonan")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True, parser_class=_Parser)
    verify = audit_commands.add_parser(
        "verify", help="periksa rantai catatan setiap permohonan / verify every case's record"
    )
    verify.add_argument(
        "--since-checkpoint",
        action="store_true",
        help="periksa hanya catatan sesudah titik periksa terbaru (lebih cepat, tidak menyeluruh)",
    )
    verify.set_defaults(run=_with_django("audit_verify"))
    checkpoint = audit_commands.add_parser(
        "checkpoint",
        help="tulis titik periksa bertanda tangan sekarang / write a signed checkpoint now",
    )
    checkpoint.set_defaults(run=_with_django("audit_checkpoint"))

    _add_token_commands(commands)

    backup = commands.add_parser(
        "backup", help="cadangkan basis data dan berkas tersimpan ke satu arsip / back up"
    )
    backup.add_argument("archive", metavar="ARCHIVE", type=pathlib.Path)
    backup.set_defaults(run=_with_django("backup"))
    restore = commands.add_parser(
        "restore", help="pulihkan instalasi kosong dari arsip alur backup / restore"
    )
    restore.add_argument("archive", metavar="ARCHIVE", type=pathlib.Path)
    restore.set_defaults(run=_with_django("restore"))

    # No -h of its own: `alur manage --help` is Django's help.
    manage = commands.add_parser(
        "manage", help="perintah Django (django-admin) dengan pengaturan Alur", add_help=False
    )
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(run=_with_django("manage"))
    return parser


Command = Callable[[argparse.Namespace, TextIO, TextIO], int]


def _add_token_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    token = commands.add_parser("token", help="token API untuk sistem lain / API tokens")
    token_commands = token.add_subparsers(dest="token_command", required=True, parser_class=_Parser)
    create = token_commands.add_parser(
        "create", help="buat token, ditampilkan sekali / create a token, shown once"
    )
    create.add_argument("username", metavar="USERNAME")
    create.add_argument("--name", required=True, help="untuk apa token ini / what it is for")
    create.add_argument("--scope", choices=("read", "act"), default="read")
    create.add_argument("--expires", type=int, metavar="DAYS", help="berlaku sekian hari")
    create.set_defaults(run=_with_django("token_create"))
    listed = token_commands.add_parser("list", help="daftar token / list tokens")
    listed.add_argument("username", metavar="USERNAME", nargs="?")
    listed.set_defaults(run=_with_django("token_list"))
    revoke = token_commands.add_parser("revoke", help="cabut token / revoke a token")
    revoke.add_argument("prefix", metavar="PREFIX", help="awalan token, dari alur token list")
    revoke.set_defaults(run=_with_django("token_revoke"))


def _add_bpmn_commands(sop_commands: argparse._SubParsersAction[_Parser]) -> None:
    export = sop_commands.add_parser(
        "bpmn", help="ekspor SOP sebagai BPMN 2.0 / export an SOP as BPMN 2.0"
    )
    export.add_argument("file", metavar="FILE")
    export.add_argument("-o", "--output", metavar="OUT.bpmn", type=pathlib.Path)
    export.add_argument("--lang", choices=("id", "en"), default="id")
    export.set_defaults(run=export_bpmn)

    imported = sop_commands.add_parser(
        "import-bpmn", help="ubah proses BPMN 2.0 menjadi berkas SOP / BPMN 2.0 to an SOP file"
    )
    imported.add_argument("file", metavar="IN.bpmn")
    imported.add_argument("-o", "--output", metavar="OUT.yaml", type=pathlib.Path)
    imported.add_argument("--lang", choices=("id", "en"), default="id")
    imported.set_defaults(run=import_bpmn)


def _with_django(name: str, *, static_manifest: bool = False) -> Command:
    """The command ``name`` of ``alur.cli.service``, run after Django is set up."""

    def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alur.settings")
        if static_manifest:
            # Settings choose hashed static names only once collectstatic has written its
            # manifest; `alur serve` collects before serving, so it asks for them at once.
            os.environ.setdefault("ALUR_STATIC_MANIFEST", "1")
        import django
        from django.apps import apps
        from django.core.exceptions import ImproperlyConfigured

        try:
            if not apps.ready:
                django.setup()
        except ImproperlyConfigured as error:
            err.write(f"alur: pengaturan tidak sah / invalid setting: {error}\n")
            return EXIT_USAGE
        from alur.cli import service

        command: Command = getattr(service, name)
        return command(args, out, err)

    return run


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    code: int = args.run(args, sys.stdout, sys.stderr)
    return code
