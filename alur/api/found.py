"""What several of the API's operations look up for the caller, with the case pages' selectors:
a case they may see (else 404, as if it did not exist), and how a document is shown."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from alur.api.auth import caller
from alur.api.schemas import DocumentOut
from alur.cases import selectors
from alur.cases.models import Case, Document
from alur.common.http import found
from alur.offices.models import User


def visible_case(request: HttpRequest, case_id: int) -> tuple[User, Case]:
    """The caller and the case ``case_id``, if they may see it."""
    user = caller(request)
    return user, found(selectors.case_for(user, case_id))


def document_out(document: Document) -> DocumentOut:
    return DocumentOut(
        id=document.pk,
        name=document.name,
        version=document.version,
        original_name=document.original_name,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
        step=document.step,
        uploaded_at=document.uploaded_at,
        uploaded_by=str(document.uploaded_by),
        download=reverse("api-v1:document_content", args=[document.case_id, document.pk]),
    )
