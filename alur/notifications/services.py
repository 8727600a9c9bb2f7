"""The one door for notifications: send to people (as each chose), mark read, save choices.

E-mail is written to the outbox (``alur.notifications.outbox``) in the transaction that decided
to send it, and delivered by ``alur worker``: a rolled-back action never mails anyone, and a mail
server that is down delays a mail without losing it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alur.cases.models import Case
from alur.notifications.models import Kind, Notification, Preference
from alur.notifications.outbox import mail_queue
from alur.offices.models import User


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
    """Tell each person in the ways they chose; returns the in-app notifications written.
    Nobody who cannot sign in is told: a deactivated person, or a member of the public (who
    hears by e-mail from ``alur.public``)."""
    people = {user.pk: user for user in recipients if user.is_active}
    choices = choices_of(people.values(), kind)
    mail_to = [
        people[pk].email for pk, choice in choices.items() if choice.email and people[pk].email
    ]
    # Links in the app are paths; a mail reader needs the whole address.
    link = f"{settings.ALUR_SITE_URL}{url}" if url.startswith("/") else url
    with transaction.atomic():
        written = Notification.objects.bulk_create(
            Notification(recipient_id=pk, kind=kind, title=title, body=body, url=url, created_at=at)
            for pk, choice in choices.items()
            if choice.in_app
        )
        if mail_to:
            mail_queue(
                to=mail_to,
                subject=f"[Alur] {title}",
                body=f"{body}\n\n{link}" if link else body,
            )
    return written


RequesterChannel = Callable[..., bool]
"""``channel(case, title=..., body=...)``: reach the requester of ``case`` another way than the
app's own notifications; True when it did (the case's requester is theirs to reach)."""

_REQUESTER_CHANNELS: list[RequesterChannel] = []


def requester_channel_add(channel: RequesterChannel) -> None:
    """Reach some requesters through ``channel`` (``alur.public`` e-mails the public, who
    have no account); once, however often it is called."""
    if channel not in _REQUESTER_CHANNELS:
        _REQUESTER_CHANNELS.append(channel)


def requester_tell(
    case: Case, *, kind: Kind, title: str, body: str, url: str, at: dt.datetime
) -> list[Notification]:
    """Tell the requester of ``case`` something about it: the one way every app reaches the
    requester, so how they are reached (in the app, by e-mail, or by a channel of their own
    for a requester with no account) is decided here."""
    for channel in _REQUESTER_CHANNELS:
        if channel(case, title=title, body=body):
            return []
    return notify(recipients=[case.requester], kind=kind, title=title, body=body, url=url, at=at)


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
