"""How long a sign-in lasts: it ends after ``ALUR_SESSION_IDLE_MINUTES`` without a request and
``ALUR_SESSION_MAX_HOURS`` after it began, whichever comes first. The cookie's own age
(``SESSION_COOKIE_AGE``) is the longest; both limits are checked here, on the server, from two
times kept in the session, so a kept cookie does not outlive them.

An htmx request that finds its session gone, ended here or by ``login_required``, gets
``HX-Redirect`` to the sign-in page (coming back to the page it was made from), so that the
sign-in page loads whole rather than inside a panel.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import timezone

from alur.offices.signin import SESSION_ENDED

STARTED = "alur_session_started"
SEEN = "alur_session_seen"
SEEN_EVERY = 60
"""Seconds between two writes of the last request's time: not one write per request."""


def _page(request: HttpRequest) -> str:
    """The page a request is about: for htmx, the page it was made from."""
    current = request.headers.get("HX-Current-URL", "")
    if current:
        parts = urlsplit(current)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()


def _to_sign_in(request: HttpRequest) -> HttpResponse:
    there = redirect_to_login(_page(request))
    if request.headers.get("HX-Request"):
        answer = HttpResponse(status=204)
        answer["HX-Redirect"] = there["Location"]
        return answer
    return there


def session_begin(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """At sign-in (``user_logged_in``), both times start now: the requests after it read them
    without a write."""
    if request is not None and hasattr(request, "session"):
        request.session[STARTED] = request.session[SEEN] = timezone.now().timestamp()


def _ended(request: HttpRequest, now: float) -> bool:
    started = request.session.get(STARTED)
    seen = request.session.get(SEEN)
    if started is None:
        request.session[STARTED] = request.session[SEEN] = now
        return False
    too_old = now - started > settings.ALUR_SESSION_MAX_HOURS * 3600
    idle = seen is not None and now - seen > settings.ALUR_SESSION_IDLE_MINUTES * 60
    if too_old or idle:
        return True
    if seen is None or now - seen >= SEEN_EVERY:
        request.session[SEEN] = now
    return False


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and _ended(request, timezone.now().timestamp()):
            logout(request)
            request.session[SESSION_ENDED] = True
            return _to_sign_in(request)
        response = self.get_response(request)
        sign_in = resolve_url(settings.LOGIN_URL)
        if (
            request.headers.get("HX-Request")
            and response.status_code == 302
            and urlsplit(response["Location"]).path == sign_in
            and request.path != sign_in
        ):
            return _to_sign_in(request)
        return response
