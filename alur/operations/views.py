"""Health and metrics for the machines that watch Alur: no sign-in, never cached, and nothing
in them an outsider could use (no versions, paths, addresses or error messages)."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from alur.common.http import client_address
from alur.operations.health import readiness
from alur.operations.metrics import scrape_registry


@never_cache
@require_GET
def health_live(request: HttpRequest) -> JsonResponse:
    """The process answers."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def health_ready(request: HttpRequest) -> JsonResponse:
    """Ready to serve: 200 when every check passes, 503 with each check's result otherwise."""
    checks = readiness(now=timezone.now())
    ready = all(check.ok for check in checks.values())
    return JsonResponse(
        {
            "status": "ok" if ready else "fail",
            "checks": {
                name: {"ok": check.ok, "detail": check.detail} for name, check in checks.items()
            },
        },
        status=200 if ready else 503,
    )


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """The Prometheus text format, for local addresses or the holder of the token."""
    refusal = _refusal(request)
    if refusal is not None:
        return refusal
    return HttpResponse(generate_latest(scrape_registry()), content_type=CONTENT_TYPE_LATEST)


def _refusal(request: HttpRequest) -> HttpResponse | None:
    token = settings.ALUR_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return None
        response = HttpResponse(
            "Metrik memerlukan token: Authorization: Bearer <ALUR_METRICS_TOKEN>\n",
            status=401,
            content_type="text/plain; charset=utf-8",
        )
        response["WWW-Authenticate"] = 'Bearer realm="alur-metrics"'
        return response
    try:
        local = ipaddress.ip_address(client_address(request)).is_loopback
    except ValueError:
        local = False
    if local:
        return None
    return HttpResponse(
        "Metrik hanya dilayani untuk alamat lokal; atur ALUR_METRICS_TOKEN untuk akses lain.\n",
        status=403,
        content_type="text/plain; charset=utf-8",
    )
