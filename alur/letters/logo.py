"""The letterhead's logo as the letters print it: the stored file, checked against its SHA-256,
as a ``data:`` address the PDF (and the settings page) embed. Only files the settings pages
accepted are stored (PNG decoded, SVG rebuilt from an allow-list), so this reads, never checks
the format again."""

from __future__ import annotations

import base64

from alur.common.storage import open_checked
from alur.letters.models import Letterhead


def logo_data_uri(letterhead: Letterhead) -> str:
    """The logo as ``data:<type>;base64,...``, or "" when the letterhead has none."""
    if not (letterhead.logo and letterhead.logo_sha256 and letterhead.logo_type):
        return ""
    with open_checked(
        letterhead.logo.name, letterhead.logo_sha256, label="logo kop surat"
    ) as stored:
        data = stored.read()
    return f"data:{letterhead.logo_type};base64,{base64.b64encode(data).decode('ascii')}"
