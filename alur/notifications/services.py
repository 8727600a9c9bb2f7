"""The one door for notifications: send to people (as each chose), mark read, save choices.

E-mail goes through Django's mail settings after the transaction that decided to send it has
committed, so a rolled-back action never mails anyone.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from alur.notifications.models import Kind, Notification, Preference
from alur.offices.models import User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Choice:
    in_app: bool
    email: bool


DEFAULT_CHOICE = Choice(in_app=True, email=True)


def choices_of(users: Iterable[User], kind: str) -> dict[int, Choice]:
    """Each person's choice for ``kind``; a person who chose nothing gets both."""
    ids = [user.pk for user in users]
    rows = Preference.objects.filter(user_id__in=ids, kind=kind)
    chosen = {row.user_id: Choice(row.in_app, row.email) for row in rows}
    return {pk: chosen.get(pk, DEFAULT_CHOICE) for pk in ids}


def notify(
    *,
    recipients: Iterable[User],
    kind: Kind,
    title: str,
    body: str,
    url: str,
    at: dt.datetime,
) -> list[Notification]:
    """Tell each person in the ways they chose; returns the in-app notifications written."""
    people = {user.pk: user for user in recipients}
    choices = choices_of(people.values(), kind)
    written = Notification.objects.bulk_create(
        Notification(recipient_id=pk, kind=kind, title=title, body=body, url=url, created_at=at)
        for pk, choice in choices.items()
        if choice.in_app
    )
    mail_to = [
        people[pk].email for pk, choice in choices.items() if choice.email and people[pk].email
    ]
    if mail_to:
        transaction.on_commit(lambda: _mail(mail_to, title, body, url))
    return written


def _mail(addresses: list[str], title: str, body: str, url: str) -> None:
    # Links in the app are paths; a mail reader needs the whole address.
    link = f"{settings.ALUR_SITE_URL}{url}" if url.startswith("/") else url
    text = f"{body}\n\n{link}" if link else body
    messages = [
        EmailMessage(subject=f"[Alur] {title}", body=text, to=[address])
        for address in sorted(set(addresses))
    ]
    try:
        get_connection().send_messages(messages)
    except (smtplib.SMTPException, OSError):
        # The in-app notification is written already; a mail server that is down must not
        # undo it or stop the worker. The log says which messages were lost.
        logger.exception("Surel pemberitahuan '%s' tidak terkirim ke %s", title, addresses)


def notification_read(
    *, notification: Notification, user: User, at: dt.datetime | None = None
) -> bool:
    """Mark one of the person's own notifications read; False if it is not theirs or was read."""
    return (
        Notification.objects.filter(
            pk=notification.pk, recipient=user, read_at__isnull=True
        ).update(read_at=at or timezone.now())
        == 1
    )


def notifications_read_all(*, user: User, at: dt.datetime | None = None) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=at or timezone.now()
    )


def preferences_save(*, user: User, choices: Mapping[str, Choice]) -> None:
    """Keep the person's choice for every kind given (unknown kinds are refused)."""
    unknown = set(choices) - set(Kind.values)
    if unknown:
        raise ValueError(f"jenis pemberitahuan tidak dikenal: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        for kind, choice in choices.items():
            Preference.objects.update_or_create(
                user=user, kind=kind, defaults={"in_app": choice.in_app, "email": choice.email}
            )
