"""Where stored files live, and reading them back checked against the SHA-256 recorded when
they were stored.

Stored files (case documents, letters, signed monitoring forms) go through Django's storage
API only. The default storage is a local folder (``MEDIA_ROOT``), or a private bucket of an
S3-compatible object store (django-storages with boto3) when the four ``ALUR_S3_*`` settings
are given. Files are never handed out by a storage URL: Alur's own views check who may see a
file and read it with ``open_checked``, which refuses bytes that changed after they were stored.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections.abc import Mapping
from typing import IO, Any

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import Storage, default_storage
from django.utils.translation import gettext as _

from alur.common.errors import ServiceError

logger = logging.getLogger("alur.storage")

S3_REQUIRED = ("ALUR_S3_ENDPOINT", "ALUR_S3_BUCKET", "ALUR_S3_ACCESS_KEY", "ALUR_S3_SECRET_KEY")
# Files up to this size are checked in memory; larger ones in a temporary file.
_SPOOL_BYTES = 8 * 1024 * 1024
_CHUNK = 1024 * 1024


def default_storage_config(s3: Mapping[str, str], *, region: str) -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry: a local folder, or the S3 bucket when all four
    ``S3_REQUIRED`` values are set (none set: the folder; some set: refused, naming the rest)."""
    given = {name for name in S3_REQUIRED if s3.get(name, "").strip()}
    if not given:
        # No location of its own: it follows MEDIA_ROOT, even when that changes.
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    missing = [name for name in S3_REQUIRED if name not in given]
    if missing:
        raise ImproperlyConfigured(
            f"S3 storage needs all of {', '.join(S3_REQUIRED)}; missing: {', '.join(missing)}"
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "endpoint_url": s3["ALUR_S3_ENDPOINT"].strip(),
            "bucket_name": s3["ALUR_S3_BUCKET"].strip(),
            "access_key": s3["ALUR_S3_ACCESS_KEY"].strip(),
            "secret_key": s3["ALUR_S3_SECRET_KEY"].strip(),
            "region_name": region,
            # Objects are private; people get them only through Alur's views.
            "default_acl": "private",
            "querystring_auth": True,
            # Like the local folder: a name in use is never written over.
            "file_overwrite": False,
            # Object stores on their own host name (MinIO, SeaweedFS, Ceph) rarely answer
            # bucket-named subdomains.
            "addressing_style": "path",
            "signature_version": "s3v4",
        },
    }


class StoredFileChanged(ServiceError):
    """A stored file's bytes are no longer those recorded when it was stored."""


def open_checked(
    name: str, sha256: str, *, label: str, storage: Storage | None = None
) -> IO[bytes]:
    """The stored file ``name``, read whole and checked against ``sha256``, as an open file at
    its start. Raises ``StoredFileChanged`` (and logs it) when the bytes differ or are gone;
    its message names the file as people know it, ``label``."""
    storage = storage or default_storage
    copy = tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES)  # noqa: SIM115 - returned open
    digest = hashlib.sha256()
    try:
        with storage.open(name, "rb") as stored:
            while chunk := stored.read(_CHUNK):
                digest.update(chunk)
                copy.write(chunk)
    except FileNotFoundError:
        copy.close()
        logger.error("stored file %s is missing", name)
        raise StoredFileChanged(
            _("Berkas %(name)s tidak ditemukan di penyimpanan. Hubungi pengelola Alur.")
            % {"name": label}
        ) from None
    if digest.hexdigest() != sha256:
        copy.close()
        logger.error(
            "stored file %s was changed: SHA-256 %s, recorded %s", name, digest.hexdigest(), sha256
        )
        raise StoredFileChanged(
            _(
                "Berkas %(name)s tidak diberikan: isinya di penyimpanan berubah sejak disimpan "
                "(SHA-256 tidak cocok). Hubungi pengelola Alur."
            )
            % {"name": label}
        )
    copy.seek(0)
    return copy
