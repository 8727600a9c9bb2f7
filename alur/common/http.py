"""What every view needs: the htmx request type, the client's address, the status of a refusal,
errors as lines."""

from __future__ import annotations

import ipaddress
from typing import TypeVar

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django_htmx.middleware import HtmxDetails

from alur.common.errors import Conflict, NotAllowed, ServiceError, TooMany

T = TypeVar("T")

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def found(value: T | None) -> T:
    """``value``, or a 404 when a selector found nothing the person may see."""
    if value is None:
        raise Http404
    return value


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    networks = (ipaddress.ip_network(n, strict=False) for n in settings.ALUR_TRUSTED_PROXIES)
    return any(address.version == network.version and address in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address of the person behind a request. ``X-Forwarded-For`` counts only when the
    request came from a proxy named in ``ALUR_TRUSTED_PROXIES``: read from its right, the first
    address that is not itself a trusted proxy is the client (anything left of it the client
    could have written). From anyone else the header is ignored and ``REMOTE_ADDR`` is the
    client. Empty when there is no valid address."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return ""
    if not _trusted(remote):
        return str(remote)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    client = remote
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        client = address
        if not _trusted(address):
            break
    return str(client)


def error_status(error: ServiceError) -> int:
    """403 for a refused person, 409 for a conflict, 429 for too many attempts, 422 for an
    incomplete action."""
    if isinstance(error, TooMany):
        return 429
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, Conflict):
        return 409
    return 422


def error_lines(error: ServiceError) -> list[str]:
    return [error.message, *error.details]


def form_error_lines(form: forms.Form) -> list[str]:
    """Every error of a form as one line each, labelled with the field's name (or with the
    form's ``error_labels`` entry for it, where a label alone would not say where)."""
    lines: list[str] = []
    labels: dict[str, str] = getattr(form, "error_labels", {})
    for name, errors in form.errors.items():
        label = labels.get(name) or (form.fields[name].label if name in form.fields else None)
        lines += [f"{label}: {error}" if label else str(error) for error in errors]
    return lines


def download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    """``content`` as a file to save under ``filename``: never shown in the page, never sniffed
    as another type."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response
