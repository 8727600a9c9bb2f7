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
    alur audit verify
    alur manage ARGS...

Exit status: 0 when all is well, 1 when a file has problems (or a simulation reaches no end, or
a case's record is broken), 2 on a usage error (unknown option, missing file, bad setting).

``alur sop`` needs no database and imports no Django; the other commands set Django up
(``DJANGO_SETTINGS_MODULE``, by default ``alur.settings``) only when they run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pathlib
import sys
from collections.abc import Callable, Sequence
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from alur.cli_bpmn import export_bpmn, import_bpmn
from alur.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, load_checked
from alur.cli_common import t as _t
from alur.cli_render import render_command
from alur.sop import check_file
from alur.sop._calendar import OfficeCalendar
from alur.sop._engine_errors import Refused
from alur.sop._messages import Lang
from alur.sop._schema import schema_json
from alur.sop._simulate import EndlessSimulation, Simulation, simulate
from alur.sop._state import InputValue


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
    check.set_defaults(run=_check)

    schema = sop_commands.add_parser("schema", help="JSON Schema format SOP")
    schema.add_argument("-o", "--output", metavar="FILE", type=pathlib.Path)
    schema.set_defaults(run=_schema)

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
    simulate.set_defaults(run=_simulate)

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
    verify.set_defaults(run=_with_django("audit_verify"))

    # No -h of its own: `alur manage --help` is Django's help.
    manage = commands.add_parser(
        "manage", help="perintah Django (django-admin) dengan pengaturan Alur", add_help=False
    )
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(run=_with_django("manage"))
    return parser


Command = Callable[[argparse.Namespace, TextIO, TextIO], int]


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
    """The command ``name`` of ``alur.cli_django``, run after Django is set up."""

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
        from alur import cli_django

        command: Command = getattr(cli_django, name)
        return command(args, out, err)

    return run


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lang: Lang = args.lang
    missing = [f for f in args.files if not pathlib.Path(f).is_file()]
    if missing:
        for name in missing:
            text = "berkas tidak ditemukan" if lang == "id" else "file not found"
            err.write(f"alur: {name}: {text}\n")
        return EXIT_USAGE
    results = [check_file(f) for f in args.files]
    problems = [p for r in results for p in r.problems]
    if args.json:
        report = {
            "files": [
                {"file": r.file, "ok": r.ok, "problems": [p.to_json(lang) for p in r.problems]}
                for r in results
            ]
        }
        out.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        for problem in problems:
            out.write(problem.format(lang) + "\n")
        out.write(_summary(len(problems), len(results), lang) + "\n")
    return EXIT_PROBLEMS if problems else EXIT_OK


def _summary(problems: int, files: int, lang: Lang) -> str:
    if lang == "id":
        if not problems:
            return f"{files} berkas diperiksa: tidak ada masalah."
        return f"{problems} masalah dalam {files} berkas."
    if not problems:
        return f"{files} file(s) checked: no problems."
    return f"{problems} problem(s) in {files} file(s)."


def _schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    text = schema_json()
    if args.output is None:
        out.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return EXIT_OK


def _simulate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lang: Lang = args.lang
    try:
        zone = ZoneInfo(args.office_zone)
    except (ZoneInfoNotFoundError, ValueError):
        err.write(
            f"alur: {_t(lang, 'zona waktu tidak dikenal', 'unknown time zone')}: "
            f"{args.office_zone}\n"
        )
        return EXIT_USAGE
    try:
        start = _start_moment(args.start, zone)
        answers = _answers(args.answer)
        data = _data(args.data)
    except ValueError as error:
        err.write(f"alur: {error}\n")
        return EXIT_USAGE
    sop = load_checked(args.file, lang, err)
    if isinstance(sop, int):
        return sop
    calendar = OfficeCalendar(zone=args.office_zone)
    try:
        run = simulate(sop, calendar, start=start, answers=answers, data=data)
    except EndlessSimulation as endless:
        text = _t(
            lang,
            f"tidak sampai ke akhir: lebih dari {endless.visited} kunjungan langkah "
            f"(terakhir langkah {endless.last_step}); periksa --answer",
            f"no end reached: more than {endless.visited} step visits "
            f"(last at step {endless.last_step}); check --answer",
        )
        err.write(f"alur: {text}\n")
        return EXIT_PROBLEMS
    except Refused as refused:
        err.write(f"alur: {refused.message(lang)}\n")
        return EXIT_PROBLEMS
    if args.json:
        out.write(json.dumps(_simulation_json(run), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_simulation(run, lang, out)
    return EXIT_OK if run.reached_end else EXIT_PROBLEMS


def _start_moment(text: str | None, zone: ZoneInfo) -> dt.datetime:
    if text is None:
        return dt.datetime.now(zone).replace(second=0, microsecond=0)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--start: bukan waktu ISO-8601 / not an ISO-8601 time: {text}") from None
    # A time written without an offset is read as office time.
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _answers(items: list[str]) -> dict[int, list[str]]:
    answers: dict[int, list[str]] = {}
    for item in items:
        step, sep, values = item.partition("=")
        choices = [v.strip().lower() for v in values.split(",")]
        if not sep or not step.strip().isdigit() or any(c not in ("ya", "tidak") for c in choices):
            raise ValueError(f"--answer {item}: tulis / write STEP=ya|tidak[,ya|tidak...]")
        answers.setdefault(int(step), []).extend(choices)
    return answers


def _data(items: list[str]) -> dict[str, InputValue]:
    data: dict[str, InputValue] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--data {item}: tulis / write FIELD=VALUE")
        data[name.strip()] = value.strip()
    return data


def _office_time(moment: dt.datetime | None) -> str:
    return "—" if moment is None else moment.strftime("%Y-%m-%d %H:%M %Z")


def _working_time(minutes: int, per_day: int, lang: Lang) -> str:
    days, rest = divmod(minutes, per_day)
    hours, mins = divmod(rest, 60)
    units = ("hari kerja", "jam", "menit") if lang == "id" else ("working days", "h", "min")
    parts = [f"{days} {units[0]}"]
    if hours:
        parts.append(f"{hours} {units[1]}")
    if mins:
        parts.append(f"{mins} {units[2]}")
    return " ".join(parts)


def _print_simulation(run: Simulation, lang: Lang, out: TextIO) -> None:
    out.write(f"{run.sop.identitas.nama} ({run.sop.kode})\n")
    rows = [
        (
            f"{v.step}" + (f" ({_t(lang, 'ke', 'visit')}-{v.visit})" if v.visit > 1 else ""),
            " + ".join(v.lane_names),
            _office_time(v.opened),
            _office_time(v.due),
            (f"→ {v.decision.value}" if v.decision else "")
            + (
                f" [{_t(lang, 'membuka kasus', 'opens a case of')} {v.related_sop}]"
                if v.related_sop
                else ""
            ),
        )
        for v in run.steps
    ]
    header = (
        _t(lang, "Langkah", "Step"),
        _t(lang, "Lajur", "Lane"),
        _t(lang, "Dibuka", "Opened"),
        _t(lang, "Tenggat", "Due"),
        "",
    )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        out.write(("  ".join([*cells, row[4]])).rstrip() + "\n")
    outcome = run.outcome.value if run.outcome else "—"
    reason = f": {run.reason}" if run.reason else ""
    out.write(
        _t(lang, "Akhir", "End")
        + f": {_t(lang, 'langkah', 'step')} {run.end_step}, {outcome}{reason} "
        f"({_office_time(run.ended)})\n"
    )
    total = _working_time(run.total_allowed_minutes, run.minutes_per_day, lang)
    label = _t(lang, "Total waktu kerja yang diizinkan", "Total working time allowed")
    out.write(f"{label}: {total}\n")


def _simulation_json(run: Simulation) -> dict[str, object]:
    def iso(moment: dt.datetime | None) -> str | None:
        return None if moment is None else moment.isoformat()

    return {
        "sop": run.sop.kode,
        "steps": [
            {
                "step": v.step,
                "visit": v.visit,
                "lane": " + ".join(v.lane_names),
                "lanes": list(v.lanes),
                "opened": iso(v.opened),
                "due": iso(v.due),
                "done": iso(v.done),
                "decision": None if v.decision is None else v.decision.value,
                "allowed_minutes": v.allowed_minutes,
                "related_sop": v.related_sop,
            }
            for v in run.steps
        ],
        "end": {
            "step": run.end_step,
            "outcome": None if run.outcome is None else run.outcome.value,
            "reason": run.reason,
            "at": iso(run.ended),
        },
        "total_allowed_minutes": run.total_allowed_minutes,
        "total_allowed_working_days": round(run.total_allowed_minutes / run.minutes_per_day, 4),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    code: int = args.run(args, sys.stdout, sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
