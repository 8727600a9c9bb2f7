"""A case's documents: every version of each, a version's bytes, and a new version of one. The
same selectors as the case page and its download (``alur.cases.views.document_download``), and
the one door for a document added to a running case (``services.document_add``)."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import gettext as _
from ninja import File, Router, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from alur.api.auth import caller, require_act
from alur.api.found import document_out, visible_case
from alur.api.problems import problem
from alur.api.schemas import DocumentGroupOut, DocumentOut, ProblemOut, RowId
from alur.cases import selectors, services
from alur.cases.documents import DocumentRejected
from alur.cases.history import document_groups
from alur.cases.models import Document
from alur.common.downloads import REFUSED_STATUS, stored_file
from alur.common.http import found
from alur.common.storage import StoredFileChanged

router = Router(tags=["dokumen"])

BYTES = {
    "description": "The version's bytes, as an attachment with its content type.",
    "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
}


def _document(request: HttpRequest, case_id: int, document_id: int) -> Document:
    return found(selectors.document_for(caller(request), case_pk=case_id, document_pk=document_id))


@router.get(
    "/cases/{case_id}/documents",
    response={200: list[DocumentGroupOut], 404: ProblemOut},
    summary="A case's documents by name, each with every version, newest first",
)
def document_list(request: HttpRequest, case_id: RowId) -> list[DocumentGroupOut]:
    _user, case = visible_case(request, case_id)
    return [
        DocumentGroupOut(name=group.name, versions=[document_out(d) for d in group.versions])
        for group in document_groups(case, None)
    ]


@router.get(
    "/cases/{case_id}/documents/{document_id}/content",
    response={404: ProblemOut, 500: ProblemOut},
    url_name="document_content",
    summary="The bytes of one version of a document",
    openapi_extra={"responses": {"200": BYTES, "304": {"description": "Not modified"}}},
)
def document_content(
    request: HttpRequest, case_id: RowId, document_id: RowId
) -> HttpResponse | FileResponse:
    """Streamed from the storage backend after its bytes are checked against the SHA-256
    recorded when it was stored; a version never changes, so its digest is its ETag."""
    document = _document(request, case_id, document_id)
    etag = f'"{document.sha256}"'
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:
        return unchanged
    try:
        response = stored_file(
            name=document.file.name,
            sha256=document.sha256,
            filename=document.original_name,
            content_type=document.content_type,
        )
    except StoredFileChanged as changed:
        return problem(REFUSED_STATUS, changed.message)
    response["ETag"] = etag
    response["Cache-Control"] = "private"
    patch_vary_headers(response, ("Authorization", "Cookie"))
    return response


@router.post(
    "/cases/{case_id}/documents/{document_id}/versions",
    response={201: DocumentOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    summary="Upload a new version of a document of a running case",
)
def document_version_add(
    request: HttpRequest, case_id: RowId, document_id: RowId, file: File[UploadedFile]
) -> Status[DocumentOut]:
    user = require_act(request)
    document = _document(request, case_id, document_id)
    try:
        stored = services.document_add(
            case=document.case,
            name=document.name,
            upload=file,
            filename=file.name or _("berkas"),
            actor=user,
        )
    except DocumentRejected as rejected:
        raise ValidationError([{"loc": ("body", "file"), "msg": rejected.message}]) from None
    return Status(201, document_out(stored))
