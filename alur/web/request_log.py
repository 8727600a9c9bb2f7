"""One log line per request, and the request's id in every log line written while it runs.

The id is django-guid's: the proxy's ``X-Request-ID`` when it is a well-formed UUID (nginx's
``$request_id``, 32 hex digits, is one), else a new one, sent back in the same header.
``RequestIdFilter`` puts it on every record as ``request_id`` ("-" outside a request), for the
text and JSON formats of ``LOGGING`` in the settings.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.encoding import escape_uri_path
from django_guid.context import guid
from django_guid.log_filters import CorrelationId

logger = logging.getLogger("alur.request")


class RequestIdFilter(CorrelationId):
    def __init__(self) -> None:
        super().__init__(correlation_id_field="request_id")

    def filter(self, record: logging.LogRecord) -> bool:
        super().filter(record)
        if getattr(record, "request_id", None) is None:
            record.request_id = "-"
        return True


class RequestLogMiddleware:
    """Outermost: it sees every response, the refused ones included, and its time."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        user = getattr(request, "user", None)
        user_id = str(user.pk) if user is not None and user.is_authenticated else "-"
        # Encoded as in the request line, so that no path can break the line in two.
        path = escape_uri_path(request.path)
        logger.info(
            "%s %s %s %.1fms user=%s",
            request.method,
            path,
            response.status_code,
            duration_ms,
            user_id,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
            },
        )
        return response


def forget_request_id(**_kwargs: object) -> None:
    """Lines written between requests belong to none (connected to ``request_finished``, sent
    once the response is closed: after Django's own line for a 4xx or 5xx)."""
    guid.set(None)
