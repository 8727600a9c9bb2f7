"""The page of a form the CSRF check refused, in the app's shell and language.

Django answers 404, 403 (``PermissionDenied``) and 500 with the templates ``404.html``,
``403.html`` and ``500.html`` of ``alur/web/templates``; the CSRF check calls the view named by
``CSRF_FAILURE_VIEW`` instead, so it is this one. Django's reason (in English, for developers)
is not shown.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
