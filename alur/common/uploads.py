"""What an upload field says before a file is chosen: the types the upload checks accept (the
file picker's ``accept``) and the size limit, in the person's language. The checks themselves
read the content (``alur.cases.documents``); these only tell people and filter the picker."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from alur.common.formatting import size_text

KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "application/pdf": ("PDF", (".pdf",)),
    "image/png": ("PNG", (".png",)),
    "image/jpeg": ("JPEG", (".jpg", ".jpeg")),
    "application/zip": ("ZIP", (".zip",)),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        "Word (DOCX)",
        (".docx",),
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (
        "Excel (XLSX)",
        (".xlsx",),
    ),
    "application/vnd.oasis.opendocument.text": ("ODT", (".odt",)),
    "text/plain": ("teks (TXT)", (".txt",)),
}
"""The name people know a type by, and its usual file name endings."""


def allowed_types() -> list[str]:
    types: list[str] = settings.ALUR_UPLOAD_TYPES
    return list(types)


def accept(types: Iterable[str] | None = None) -> str:
    """The ``accept`` of a file input: each type and its usual endings."""
    parts: list[str] = []
    for mime in allowed_types() if types is None else types:
        parts += [mime, *KINDS.get(mime, ("", ()))[1]]
    return ",".join(parts)


def limits_text(types: Iterable[str] | None = None) -> str:
    """What the upload accepts: "Jenis berkas: PDF, PNG, …; paling besar 20,0 MB per berkas"."""
    chosen = allowed_types() if types is None else list(types)
    names = [KINDS.get(mime, (mime, ()))[0] for mime in chosen]
    limit: int = settings.ALUR_UPLOAD_MAX_BYTES
    return _("Jenis berkas: %(types)s; paling besar %(size)s per berkas.") % {
        "types": ", ".join(names),
        "size": size_text(limit),
    }


def input_attrs(described_by: str, types: Iterable[str] | None = None) -> dict[str, str]:
    """The attributes of a file input whose limits are said in the element ``described_by``."""
    return {"accept": accept(types), "aria-describedby": described_by}
