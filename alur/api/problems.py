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

from alur.api.auth import speak
from alur.common.errors import ServiceError
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
    """``body.data.nama`` for pydantic's ``("body", "data", "nama")``."""
    return ".".join(str(part) for part in location)


def _service_error(request: HttpRequest, error: object) -> HttpResponse:
    assert isinstance(error, ServiceError)  # noqa: S101  # registered for ServiceError only
    details = [{"field": "", "detail": line} for line in error.details]
    return problem(error_status(error), error.message, errors=details)


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


def register(api: NinjaAPI) -> None:
    api.add_exception_handler(ServiceError, _service_error)
    api.add_exception_handler(ValidationError, _validation_error)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(HttpError, _http_error)
