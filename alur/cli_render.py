"""``alur sop render FILE --format html|svg|pdf -o OUT``: the official SOP document."""

from __future__ import annotations

import argparse
import pathlib
from typing import TextIO

from alur.sop import chart_layout, chart_svg, check_file, render_html, render_pdf
from alur.sop._messages import Lang

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _t(lang: Lang, indonesian: str, english: str) -> str:
    return indonesian if lang == "id" else english


def render_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lang: Lang = args.lang
    if not pathlib.Path(args.file).is_file():
        err.write(f"alur: {args.file}: {_t(lang, 'berkas tidak ditemukan', 'file not found')}\n")
        return EXIT_USAGE
    result = check_file(args.file)
    if result.sop is None:
        for problem in result.problems:
            err.write(problem.format(lang) + "\n")
        return EXIT_PROBLEMS
    if args.format == "pdf":
        content: bytes = render_pdf(result.sop)
    else:
        text = render_html(result.sop) if args.format == "html" else chart_svg(result.sop)
        content = text.encode("utf-8")
    try:
        args.output.write_bytes(content)
    except OSError as error:
        reason = error.strerror or str(error)
        err.write(
            f"alur: {args.output}: {_t(lang, 'tidak dapat ditulis', 'cannot write')}: {reason}\n"
        )
        return EXIT_USAGE
    pages = len(chart_layout(result.sop).pages)
    out.write(
        _t(
            lang,
            f"{args.output}: {pages} halaman bagan alur",
            f"{args.output}: {pages} chart page(s)",
        )
        + "\n"
    )
    return EXIT_OK
