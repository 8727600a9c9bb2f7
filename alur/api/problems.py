"""Every refusal of the API as an RFC 9457 problem: ``application/problem+json`` with ``type``,
``title``, ``status``, ``detail`` and, for a request whose fields are wrong, ``errors`` (one per
field: where, and what is wrong). Titles and details are gettext msgids, so they come in the
language of Accept-Language (``alur.api.auth.speak``).

The services' refusals (``alur.common.errors``) map to statuses as on the pages
(``alur.common.http.error_status``): 403, 409, 422, 429.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from alur.api.auth import speak
from alur.common.errors import ServiceError, TooMany
from alur.common.http import error_status

MEDIA_TYPE = "application/problem+json"

_KINDS = {
    400: ("bad-request", "Permintaan tidak sah"),
    401: ("unauthenticated", "Belum masuk"),
    403: ("forbidden", "Tidak diizinkan"),
    404: ("not-found", "Tidak ditemukan"),
    405: ("method-not-allowed", "Metode tidak diizinkan"),
    409: ("conflict", "Bentrok dengan perubahan lain"),
    422: ("invalid", "Isian tidak sah"),
    429: ("too-many", "Terlalu banyak percobaan"),
    500: ("server", "Galat pada server"),
}


def problem(
    status: int,
    detail: str,
    *,
    errors: Sequence[Mapping[str, str]] = (),
) -> HttpResponse:
    slug, title = _KINDS.get(status, ("error", "Galat"))
    body: dict[str, Any] = {
        "type": f"urn:alur:problem:{slug}",
        "title": _(title),
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = list(errors)
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=MEDIA_TYPE
    )


def _field(location: Sequence[object]) -> str:
    """``body.data.nama`` for pydantic's ``("body", "data", "nama")``; the parts of a multipart
    body (ninja's ``file`` and ``form`` sources) are the body's too: ``body.file``."""
    parts = [str(part) for part in location]
    if parts[:1] in (["file"], ["form"]):
        parts[0] = "body"
    return ".".join(parts)


def _service_error(request: HttpRequest, error: object) -> HttpResponse:
    assert isinstance(error, ServiceError)  # noqa: S101  # registered for ServiceError only
    details = [{"field": "", "detail": line} for line in error.details]
    answer = problem(error_status(error), error.message, errors=details)
    if isinstance(error, TooMany) and error.retry_after is not None:
        answer["Retry-After"] = str(error.retry_after)
    return answer


def _validation_error(request: HttpRequest, error: object) -> HttpResponse:
    assert isinstance(error, ValidationError)  # noqa: S101  # registered for it only
    speak(request)
    errors = [
        {"field": _field(item.get("loc", ())), "detail": str(item.get("msg", ""))}
        for item in error.errors
    ]
    return problem(422, _("Isian permintaan tidak sah; lihat errors."), errors=errors)


def _not_found(request: HttpRequest, error: object) -> HttpResponse:
    speak(request)
    return problem(404, _("Tidak ada, atau Anda tidak dapat melihatnya."))


def _http_error(request: HttpRequest, error: object) -> HttpResponse:
    assert isinstance(error, HttpError)  # noqa: S101  # registered for it only
    speak(request)
    if isinstance(error, AuthenticationError):
        detail = _("Kirim token API (Authorization: Bearer …) atau masuk terlebih dahulu.")
    elif error.status_code == 403 and "CSRF" in str(error):
        detail = _("Token CSRF tidak ada atau salah (X-CSRFToken), seperti pada halaman.")
    else:
        detail = str(error)
    return problem(error.status_code, detail)


PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details.",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "detail": {"type": "string"}},
                "required": ["field", "detail"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
EVERY_OPERATION = (401, 403, 422, 429)
"""Not signed in; not allowed (scope, role, CSRF); a request whose fields are wrong; over the
rate limit."""
WITH_A_PATH_PARAMETER = (404,)
CHANGING = (409,)
"""A change made on a stale ``version``, or refused by the state the case is in."""


def documented(schema: OpenAPISchema) -> OpenAPISchema:
    """``schema`` (an OpenAPI document) with the problem documents each operation may answer
    with added where the operation does not name that status itself."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    reference = {"$ref": "#/components/schemas/Problem"}
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            statuses = list(EVERY_OPERATION)
            if "{" in path:
                statuses += WITH_A_PATH_PARAMETER
            if method in ("post", "put", "patch", "delete"):
                statuses += CHANGING
            responses = operation.setdefault("responses", {})
            for status in statuses:
                _slug, title = _KINDS[status]
                responses.setdefault(
                    str(status),
                    {"description": title, "content": {MEDIA_TYPE: {"schema": reference}}},
                )
    return schema


def register(api: NinjaAPI) -> None:
    api.add_exception_handler(ServiceError, _service_error)
    api.add_exception_handler(ValidationError, _validation_error)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(HttpError, _http_error)
