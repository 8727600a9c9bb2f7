"""``alur sop render FILE --format html|svg|pdf -o OUT``: the official SOP document."""

from __future__ import annotations

import argparse
from typing import TextIO

from alur.cli.common import EXIT_OK, EXIT_USAGE, load_checked
from alur.cli.common import t as _t
from alur.sop import Lang, chart_layout, chart_svg, render_html, render_pdf


def render_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lang: Lang = args.lang
    sop = load_checked(args.file, lang, err)
    if isinstance(sop, int):
        return sop
    if args.format == "pdf":
        content: bytes = render_pdf(sop)
    else:
        text = render_html(sop) if args.format == "html" else chart_svg(sop)
        content = text.encode("utf-8")
    try:
        args.output.write_bytes(content)
    except OSError as error:
        reason = error.strerror or str(error)
        err.write(
            f"alur: {args.output}: {_t(lang, 'tidak dapat ditulis', 'cannot write')}: {reason}\n"
        )
        return EXIT_USAGE
    pages = len(chart_layout(sop).pages)
    out.write(
        _t(
            lang,
            f"{args.output}: {pages} halaman bagan alur",
            f"{args.output}: {pages} chart page(s)",
        )
        + "\n"
    )
    return EXIT_OK
