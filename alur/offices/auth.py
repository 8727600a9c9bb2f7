"""Who is behind a request, and what a person with a one-time password may open."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from alur.offices.models import Office, User
from alur.offices.twofactor import ENROLL, STATE, VERIFY


def signed_in(request: HttpRequest) -> User:
    """The person behind a request that ``login_required`` let through."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def office_admin(request: HttpRequest) -> tuple[User, Office]:
    """The office administrator behind a request and the office they administer. Anyone else,
    an installation superuser without an office included, is refused: the settings pages show
    and change one office, the administrator's own."""
    user = signed_in(request)
    if not (user.is_active and user.is_office_admin) or user.office is None:
        raise PermissionDenied
    return user, user.office


class PasswordChangeRequiredMiddleware:
    """A person signed in with a one-time password an administrator made
    (``User.must_change_password``) reaches only the page that changes it, sign-out and the
    static files until they have chosen their own; every other request is sent there (with
    htmx, by ``HX-Redirect``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        owes_code = request.session.get(STATE) in (VERIFY, ENROLL)  # asked for first
        if isinstance(user, User) and user.must_change_password and not owes_code:
            change = reverse("password_change")
            open_paths = (change, reverse("logout"), settings.STATIC_URL)
            if not request.path.startswith(open_paths):
                if request.headers.get("HX-Request"):
                    answer = HttpResponse(status=204)
                    answer["HX-Redirect"] = change
                    return answer
                return redirect(change)
        return self.get_response(request)
