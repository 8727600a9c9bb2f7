"""The JSON API, version 1, at /api/v1/ (django-ninja): its OpenAPI 3.1 document at
/api/v1/openapi.json and its browsable docs at /api/v1/docs, served from Alur's static files
(Swagger UI as django-ninja ships it: no CDN, no inline script, so the pages' CSP holds).

Reads answer with an ETag and a conditional GET with the same one gets 304.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, set_response_etag
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from alur.api import cases, documents, problems, registry, reports, sops
from alur.api.auth import BrowserSession, TokenAuth


class AlurApi(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """django-ninja's document, with the refusals every operation can answer as problem
        documents (``problems.documented``), so that a client, and the schema check of the
        suite, know each status an operation may give."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return problems.documented(schema)

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            set_response_etag(response)
            response["Vary"] = "Authorization, Cookie, Accept-Language"
            answer = get_conditional_response(request, etag=response["ETag"], response=response)
            return answer or response
        return response


api = AlurApi(
    title="Alur API",
    version="1",
    description="Alur untuk sistem pemerintahan lain: SOP, permohonan, tugas, dan tindakan. "
    "Lihat docs/api.md.",
    urls_namespace="api-v1",
    auth=[TokenAuth(), BrowserSession()],
)
problems.register(api)
api.add_router("", sops.router)
api.add_router("", cases.router)
api.add_router("", documents.router)
api.add_router("", reports.router)
api.add_router("", registry.router)
