"""A request body larger than Alur accepts is refused with 413 before any of it is read.

Django parses a form's body (in memory, then in temporary files) as soon as anything asks for
``request.POST``, and the CSRF check does so for a form without the token header: a body of
hundreds of megabytes from anyone holding only a CSRF cookie would be written to disk before
the 403. ``BodyLimitMiddleware`` stands before every middleware that reads the body and looks
only at the declared length. ``ChunkedBodyLimit`` wraps the WSGI application for bodies sent
without a length (chunked): it reads at most one byte more than the limit, in memory, and gives
Django the body with its length, so the middleware decides for both the same way.

The limit is ``ALUR_REQUEST_MAX_BYTES``: by default the largest document plus the largest form
Django takes beside it (``DATA_UPLOAD_MAX_MEMORY_SIZE``).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

_READ_SIZE = 64 * 1024


def limit_text() -> str:
    """The limit as people read sizes: "25 MB", "1.5 MB", "64 KB"."""
    limit: int = settings.ALUR_REQUEST_MAX_BYTES
    if limit < 1024 * 1024:
        return f"{limit // 1024} KB"
    return f"{limit / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


class BodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads no body with a length it cannot read either
        if declared > settings.ALUR_REQUEST_MAX_BYTES:
            return too_large(request)
        return self.get_response(request)


def too_large(request: HttpRequest) -> HttpResponse:
    message = _(
        "Kiriman terlalu besar: lebih dari %(limit)s. Kirim berkas yang lebih kecil, "
        "atau satu per satu."
    ) % {"limit": limit_text()}
    if "application/json" in request.headers.get("Accept", ""):
        response: HttpResponse = JsonResponse({"galat": message}, status=413)
    elif request.headers.get("HX-Request") == "true":
        # Above the form, keeping what the person entered in it.
        response = HttpResponse(
            render_to_string("web/too_large.html#message", {"message": message}), status=413
        )
        response["HX-Retarget"] = "#halaman"
        response["HX-Reswap"] = "afterbegin"
    else:
        page = render_to_string("web/too_large.html", {"message": message}, request=request)
        response = HttpResponse(page, status=413)
    return response


class ChunkedBodyLimit:
    """Give a body sent without Content-Length its length, reading no more than the limit.

    Only when the server has ended the input itself (``wsgi.input_terminated``, as servers that
    decode chunked bodies say); otherwise Django reads no body without a length and nothing is
    done here.
    """

    def __init__(self, application: WsgiApp) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not environ.get("CONTENT_LENGTH") and environ.get("wsgi.input_terminated"):
            limit: int = settings.ALUR_REQUEST_MAX_BYTES
            stream = environ["wsgi.input"]
            body = bytearray()
            while len(body) <= limit:
                chunk = stream.read(min(_READ_SIZE, limit + 1 - len(body)))
                if not chunk:
                    break
                body += chunk
            # Over the limit, the middleware refuses on the length alone and reads nothing.
            environ["CONTENT_LENGTH"] = str(len(body))
            environ["wsgi.input"] = io.BytesIO(b"" if len(body) > limit else bytes(body))
        return self.application(environ, start_response)
