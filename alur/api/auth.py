"""Who is behind an API request: a token (``Authorization: Bearer alur_…``) or the browser's
session, whose unsafe requests need the CSRF token as the pages do.

Every answer speaks the language of ``Accept-Language`` (else Indonesian): the authentication
runs first for every operation, so it is where the language is chosen.

Each authenticated request is counted against ``ALUR_API_RATE_PER_MINUTE``: per token, and per
person for the session (the pages' own requests are not counted). The count is the public pages'
(``alur.public.services.attempt_count``: rows in the database, so every web process sees the
same count); one past the limit is refused with 429 and ``Retry-After`` before it does anything.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from alur.common.errors import NotAllowed, TooMany
from alur.offices.models import ApiToken, User
from alur.offices.tokens import token_authenticate
from alur.public.services import Limit, attempt_count, client_digest

TOKEN_ATTRIBUTE = "alur_api_token"  # noqa: S105  # an attribute name, not a secret


def speak(request: HttpRequest) -> None:
    """Answer in the language the client asks for (Accept-Language), Indonesian otherwise."""
    language = translation.get_language_from_request(request)
    translation.activate(language)
    request.LANGUAGE_CODE = translation.get_language()


def _within_rate(client: str, whom: str) -> None:
    """Count this request of ``client``; refuse it (``TooMany``) past the minute's limit."""
    times: int = settings.ALUR_API_RATE_PER_MINUTE
    if times <= 0:
        return
    try:
        attempt_count(Limit("api", times, dt.timedelta(minutes=1)), client_digest(client))
    except TooMany as refused:
        seconds = refused.retry_after or 60
        raise TooMany(
            _(
                "Terlalu banyak permintaan API untuk %(whom)s: paling banyak %(times)s per "
                "menit. Coba lagi dalam %(seconds)s detik."
            )
            % {"whom": whom, "times": times, "seconds": seconds},
            retry_after=seconds,
        ) from None


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        speak(request)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = token_authenticate(token, at=timezone.now())
        if found is None:
            return None
        setattr(request, TOKEN_ATTRIBUTE, found)
        request.user = found.owner
        _within_rate(f"api token {found.pk}", _("token '%(name)s'") % {"name": found.name})
        return found.owner


class BrowserSession(SessionAuth):
    """The signed-in person of the pages; ``csrf`` (on by default) checks unsafe methods."""

    def __call__(self, request: HttpRequest) -> Any:
        speak(request)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not (isinstance(user, User) and user.is_active):
            return None
        _within_rate(f"api person {user.pk}", str(user))
        return user


def caller(request: HttpRequest) -> User:
    """The person or system account the request acts for."""
    user = request.auth  # type: ignore[attr-defined]  # set by ninja from the auth above
    if not isinstance(user, User):
        raise NotAllowed(_("Masuk terlebih dahulu."))
    return user


def require_act(request: HttpRequest) -> User:
    """The caller, if the request may change things: a session, or a token of scope ``act``."""
    token: ApiToken | None = getattr(request, TOKEN_ATTRIBUTE, None)
    if token is not None and token.scope != ApiToken.Scope.ACT:
        raise NotAllowed(
            _("Token '%(name)s' hanya untuk membaca (cakupan read); tindakan perlu cakupan act.")
            % {"name": token.name}
        )
    return caller(request)
