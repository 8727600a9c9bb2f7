"""The ``alur`` command.

    alur sop check FILE... [--lang id|en] [--json]
    alur sop schema [-o FILE]
    alur sop simulate FILE [--start ISO] [--answer STEP=ya|tidak[,...]]... [--office-zone ZONE]

Exit status: 0 when all is well, 1 when a file has problems (or a simulation reaches no end),
2 on a usage error (unknown option, missing file).
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from collections.abc import Sequence
from typing import TextIO

from alur.sop import check_file
from alur.sop._messages import Lang
from alur.sop._schema import schema_json

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


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
    return parser


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
    from alur.sop._simulate_cli import run_simulate

    return run_simulate(args, out, err)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    code: int = args.run(args, sys.stdout, sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
