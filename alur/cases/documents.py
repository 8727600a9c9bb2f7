"""Storing a document: checked, hashed, typed from its content, never overwritten."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import IO

import filetype
from django.conf import settings
from django.core.files.base import File
from django.db.models import Max
from django.utils.translation import gettext as _

from alur.cases.models import Case, Document, stored_path
from alur.common.errors import Invalid
from alur.offices.models import User


class DocumentRejected(Invalid):
    """The file cannot be kept as this document (its type or size); a refusal like any other
    of the services, so callers need not translate it."""


# Markup that a browser would run as a page (the WHATWG MIME sniffing patterns), tested on
# the first bytes after a byte-order mark and white space, case-insensitively.
_HTML_STARTS = tuple(
    b"<" + tag
    for tag in (
        b"!doctype html", b"html", b"head", b"script", b"iframe", b"h1", b"div", b"font",
        b"table", b"a", b"style", b"title", b"b", b"body", b"br", b"p", b"!--",
    )
)  # fmt: skip


def _markup_type(head: bytes) -> str | None:
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip(b"\t\n\x0c\r ").lower()
    for pattern in _HTML_STARTS:
        if start.startswith(pattern) and start[len(pattern) : len(pattern) + 1] in (b" ", b">"):
            return "text/html"
    if start.startswith((b"<?xml", b"<svg")):
        return "text/xml"
    return None


def sniff_type(head: bytes) -> str | None:
    """The content type read from the first bytes; plain UTF-8 text counts as text/plain, but
    HTML and XML (which a browser may run) do not."""
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)
    if not head:
        return None
    markup = _markup_type(head)
    if markup is not None:
        return markup
    try:
        # not final: a multi-byte character cut at the end of the sample is still text
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    return "text/plain" if b"\x00" not in head else None


def size_text(size: int) -> str:
    """A size as people read it: "20 MB", "1,5 MB", "512 KB", "900 bita"."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            number = f"{size / factor:.1f}".removesuffix(".0").replace(".", ",")
            return f"{number} {unit}"
    return f"{size} bita"


def _safe_original_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().replace("\x00", "")
    return base[:200] or "berkas"


@dataclass(frozen=True)
class Checked:
    sha256: str
    size: int
    content_type: str


def file_checked(upload: IO[bytes], filename: str) -> Checked:
    """The file's hash, size and type read from its content, refused (``DocumentRejected``)
    when it is empty, larger than ``ALUR_UPLOAD_MAX_BYTES`` or not of ``ALUR_UPLOAD_TYPES``."""
    limit: int = settings.ALUR_UPLOAD_MAX_BYTES
    digest = hashlib.sha256()
    size = 0
    head = b""
    upload.seek(0)
    while chunk := upload.read(1024 * 1024):
        if len(head) < 8192:
            head += chunk[: 8192 - len(head)]
        size += len(chunk)
        if size > limit:
            raise DocumentRejected(
                _("Berkas %(file)s terlalu besar: batasnya %(limit)s.")
                % {"file": _safe_original_name(filename), "limit": size_text(limit)}
            )
        digest.update(chunk)
    if size == 0:
        raise DocumentRejected(
            _("Berkas %(file)s kosong.") % {"file": _safe_original_name(filename)}
        )
    content_type = sniff_type(head)
    allowed: list[str] = settings.ALUR_UPLOAD_TYPES
    if content_type is None or content_type not in allowed:
        raise DocumentRejected(
            _(
                "Jenis berkas %(file)s (%(type)s) tidak diterima. Yang diterima: PDF, gambar "
                "PNG/JPEG, ZIP, dokumen Word/Excel/ODT, atau teks."
            )
            % {"file": _safe_original_name(filename), "type": content_type or _("tidak dikenal")}
        )
    upload.seek(0)
    return Checked(digest.hexdigest(), size, content_type)


def document_store(
    *,
    case: Case,
    name: str,
    upload: IO[bytes],
    filename: str,
    actor: User,
    at: dt.datetime,
    step: int | None = None,
    generated: bool = False,
) -> Document:
    """Store ``upload`` as the next version of ``name`` in ``case``. Call inside the case lock."""
    checked = file_checked(upload, filename)
    latest = Document.objects.filter(case=case, name=name).aggregate(n=Max("version"))["n"] or 0
    document = Document(
        case=case,
        name=name,
        version=latest + 1,
        original_name=_safe_original_name(filename),
        sha256=checked.sha256,
        size=checked.size,
        content_type=checked.content_type,
        step=step,
        uploaded_by=actor,
        uploaded_at=at,
        generated=generated,
    )
    upload.seek(0)
    # Stored under its hash (see models._stored_name): the same content is one file, and no
    # upload can overwrite another document's bytes or pick its own path.
    path = stored_path(case.office_id, case.pk, document.sha256)
    if document.file.storage.exists(path):
        document.file.name = path
    else:
        document.file.save(path, File(upload), save=False)
    document.save()
    return document
