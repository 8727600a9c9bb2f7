"""A stored file handed to the person who may see it: checked against its recorded SHA-256
first (``alur.common.storage.open_checked``), refused with a page saying so when it changed."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render

from alur.common.storage import StoredFileChanged, open_checked

# The stored bytes are the server's fault, not the request's.
REFUSED_STATUS = 500


def stored_file(*, name: str, sha256: str, filename: str, content_type: str) -> FileResponse:
    """The stored file ``name``, read through the storage backend and checked, streamed as an
    attachment saved as ``filename`` and never sniffed as another type. Raises
    ``StoredFileChanged`` when its bytes are not those recorded."""
    stored = open_checked(name, sha256, label=filename)
    response = FileResponse(
        stored, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def stored_file_response(
    request: HttpRequest, *, name: str, sha256: str, filename: str, content_type: str
) -> HttpResponse | FileResponse:
    """``stored_file`` for a page: the refusal page when its bytes are not those recorded."""
    try:
        return stored_file(name=name, sha256=sha256, filename=filename, content_type=content_type)
    except StoredFileChanged as error:
        return render(
            request, "common/file_refused.html", {"message": error.message}, status=REFUSED_STATUS
        )
