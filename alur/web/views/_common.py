"""What every view needs: the signed-in person, the htmx request type, error statuses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from alur.cases.services import Conflict, NotAllowed, ServiceError
from alur.offices.models import User


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def signed_in(request: HttpRequest) -> User:
    """The person behind a request that ``login_required`` let through."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def error_status(error: ServiceError) -> int:
    """403 for a refused person, 409 for a conflict, 422 for an incomplete action."""
    if isinstance(error, NotAllowed):
        return 403
    if isinstance(error, Conflict):
        return 409
    return 422


def error_lines(error: ServiceError) -> list[str]:
    return [error.message, *error.details]
