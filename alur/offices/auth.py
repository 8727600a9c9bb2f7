"""Who is behind a request."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from alur.offices.models import User


def signed_in(request: HttpRequest) -> User:
    """The person behind a request that ``login_required`` let through."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
