"""Reads for the notification pages and the bell."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from alur.notifications.models import Digest, Kind, Notification, Preference
from alur.notifications.services import DEFAULT_CHOICE, Choice
from alur.offices.models import User

PAGE_SIZE = 50


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_of(user: User, *, page: int | str | None = 1) -> Page[Notification]:
    """One page of the person's notifications, newest first, ``PAGE_SIZE`` to a page."""
    found = Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
    return Paginator(found, PAGE_SIZE).get_page(page)


def notification_of(user: User, pk: int) -> Notification | None:
    return Notification.objects.filter(recipient=user, pk=pk).first()


def preferences_of(user: User) -> list[tuple[Kind, Choice]]:
    """Every kind with the person's choice (both ways when they chose nothing)."""
    rows = {p.kind: Choice(p.in_app, p.email) for p in Preference.objects.filter(user=user)}
    return [(kind, rows.get(kind.value, DEFAULT_CHOICE)) for kind in Kind]


def digest_chosen(user: User) -> bool:
    """Whether the person gets their e-mails once a day, in one digest."""
    return Digest.objects.filter(user=user).exists()
