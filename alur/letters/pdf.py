"""HTML to PDF with WeasyPrint: a letter is a Django template under ``letters/pdf/``."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The PDF of ``template`` rendered with ``context``, always in Indonesian: an official
    letter is written in Indonesian whatever language the person reads the pages in."""
    from weasyprint import HTML  # imported here: loading pango takes a moment

    with translation.override("id"):
        html = render_to_string(template, context)
    pdf = HTML(string=html).write_pdf()
    if pdf is None:  # only when a target is given, which it is not here
        raise RuntimeError("WeasyPrint wrote no PDF")
    return bytes(pdf)
