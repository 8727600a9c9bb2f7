"""Documents out: the monitoring form and the case timeline as PDF (WeasyPrint), and where the
signed form's PDF is kept.

A signed form is stored under ``monitoring/<office>/<sop>/<sha256>.pdf``: a path made from its
content, never from a name someone chose, so no signed form can overwrite another. If the same
bytes are already there they are not written again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from alur.monitoring.models import MonitoringRecord, MonitoringRow
from alur.monitoring.selectors import form_context


@dataclass(frozen=True)
class Stored:
    path: str
    sha256: str
    size: int


def html_pdf(template: str, context: Mapping[str, Any]) -> bytes:
    """``template`` rendered and laid out as an A4 PDF."""
    # Imported here: loading WeasyPrint builds its default stylesheets (and logs doing so),
    # which every command and process start would otherwise pay for.
    from weasyprint import HTML

    html = render_to_string(template, dict(context))
    pdf = HTML(string=html).write_pdf()
    if pdf is None:  # WeasyPrint returns None only when given a target to write to
        raise RuntimeError("WeasyPrint wrote no PDF")
    return bytes(pdf)


def form_pdf(record: MonitoringRecord, rows: Sequence[MonitoringRow]) -> bytes:
    return html_pdf("monitoring/form_pdf.html", form_context(record, rows))


def signed_form_store(record: MonitoringRecord, rows: Sequence[MonitoringRow]) -> Stored:
    content = form_pdf(record, rows)
    sha256 = hashlib.sha256(content).hexdigest()
    path = f"monitoring/{record.sop.office_id}/{record.sop_id}/{sha256}.pdf"
    if not default_storage.exists(path):
        saved = default_storage.save(path, ContentFile(content))
        if saved != path:
            raise RuntimeError(f"the signed form was stored as {saved}, not {path}")
    return Stored(path=path, sha256=sha256, size=len(content))
