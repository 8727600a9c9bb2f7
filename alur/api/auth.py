"""Who is behind an API request: a token (``Authorization: Bearer alur_…``) or the browser's
session, whose unsafe requests need the CSRF token as the pages do.

Every answer speaks the language of ``Accept-Language`` (else Indonesian): the authentication
runs first for every operation, so it is where the language is chosen.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from alur.common.errors import NotAllowed
from alur.offices.models import ApiToken, User
from alur.offices.tokens import token_authenticate

TOKEN_ATTRIBUTE = "alur_api_token"  # noqa: S105  # an attribute name, not a secret


def speak(request: HttpRequest) -> None:
    """Answer in the language the client asks for (Accept-Language), Indonesian otherwise."""
    language = translation.get_language_from_request(request)
    translation.activate(language)
    request.LANGUAGE_CODE = translation.get_language()


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
        return found.owner


class BrowserSession(SessionAuth):
    """The signed-in person of the pages; ``csrf`` (on by default) checks unsafe methods."""

    def __call__(self, request: HttpRequest) -> Any:
        speak(request)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if isinstance(user, User) and user.is_active else None


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
