"""``alur sop bpmn`` and ``alur sop import-bpmn``: BPMN 2.0 out and in (no Django).

Import writes the SOP whenever the flow could be carried, with every element left out listed
in the report and as comments at the top of the file, and exits 1 when anything was left out or
the written file does not pass ``alur sop check``. When the flow itself cannot be carried
(a parallel gateway, a subprocess, ...) nothing is written.
"""

from __future__ import annotations

import argparse
import pathlib
from typing import TextIO

from alur.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, load_checked
from alur.cli.common import t as _t
from alur.sop import Lang, check_text, dumps, from_bpmn, to_bpmn


def export_bpmn(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lang: Lang = args.lang
    sop = load_checked(args.file, lang, err)
    if isinstance(sop, int):
        return sop
    text = to_bpmn(sop)
    if args.output is None:
        out.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        err.write(f"{args.output}: {_t(lang, 'BPMN ditulis', 'BPMN written')}\n")
    return EXIT_OK


def import_bpmn(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lang: Lang = args.lang
    source = pathlib.Path(args.file)
    if not source.is_file():
        err.write(f"alur: {args.file}: {_t(lang, 'berkas tidak ditemukan', 'file not found')}\n")
        return EXIT_USAGE
    result = from_bpmn(source.read_bytes())
    for problem in result.problems:
        err.write(problem.format(args.file, lang) + "\n")
    if result.sop is None:
        err.write(
            _t(
                lang,
                "Alur proses tidak dapat dibawa: tidak ada berkas yang ditulis.",
                "The flow cannot be carried: no file was written.",
            )
            + "\n"
        )
        return EXIT_PROBLEMS
    left_out = [p for p in result.problems if not p.is_note]
    header = "".join(
        f"# {_t(lang, 'tidak dibawa dari', 'not carried from')} {p.format(source.name, lang)}\n"
        for p in left_out
    )
    text = dumps(result.sop, header=header)
    name = str(args.output) if args.output is not None else "<stdout>"
    checked = check_text(text, name)
    for found in checked.problems:
        err.write(found.format(lang) + "\n")
    if args.output is None:
        out.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    count = len(result.sop.langkah)
    err.write(
        _t(
            lang,
            f"{name}: {count} langkah ditulis; {len(left_out)} hal tidak dibawa.",
            f"{name}: {count} steps written; {len(left_out)} item(s) not carried.",
        )
        + "\n"
    )
    return EXIT_PROBLEMS if left_out or checked.problems else EXIT_OK
