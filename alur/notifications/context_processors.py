"""The bell in the top bar: how many of the signed-in person's notifications are unread."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from alur.notifications.selectors import unread_count
from alur.offices.models import User


def bell(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if not isinstance(user, User):
        return {}
    # Counted only when a page shows the bell.
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
