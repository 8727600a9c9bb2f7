"""Inventaris: the office's applications and electronic systems, as the SOPs' steps wrote them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from alur.offices.auth import signed_in
from alur.registry import selectors


@login_required
def registry(request: HttpRequest) -> HttpResponse:
    records = selectors.registry(
        signed_in(request),
        applications_page=request.GET.get("halaman"),
        systems_page=request.GET.get("halaman_sistem"),
    )
    return render(request, "registry/registry.html", {"registry": records})
