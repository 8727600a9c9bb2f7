"""The one door for notifications: send to people (as each chose), mark read, save choices.

E-mail is written to the outbox (``alur.notifications.outbox``) in the transaction that decided
to send it, and delivered by ``alur worker``: a rolled-back action never mails anyone, and a mail
server that is down delays a mail without losing it. A person who chose the daily digest has
each e-mail written as a line of it, sent as their office opens the next working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from alur.cases.models import Case
from alur.notifications.models import Digest, Kind, Notification, Preference
from alur.notifications.outbox import mails_write
from alur.offices.calendar import calendar_for
from alur.offices.models import Office, User
from alur.sop import OfficeCalendar


@dataclass(frozen=True)
class Choice:
    in_app: bool
    email: bool


DEFAULT_CHOICE = Choice(in_app=True, email=True)


_quiet: ContextVar[bool] = ContextVar("alur_notifications_quiet", default=False)


@contextmanager
def quietly() -> Iterator[None]:
    """Tell nobody of what is done inside: history written after the fact (the demo's year of
    requests) is no news to anyone."""
    token = _quiet.set(True)
    try:
        yield
    finally:
        _quiet.reset(token)


def is_quiet() -> bool:
    """Whether what is done now is told to nobody (inside ``quietly``): for a caller that
    reaches people by other ways than ``notify`` (a mail of its own)."""
    return _quiet.get()


def notify(
    *,
    recipients: Iterable[User],
    kind: Kind,
    title: str,
    body: str,
    url: str,
    at: dt.datetime,
    actor: User | None = None,
    mail: bool = True,
) -> list[Notification]:
    """Tell each person in the ways they chose; returns the in-app notifications written.
    Nobody who cannot sign in is told: a deactivated person, or a member of the public (who
    hears by e-mail from ``alur.public``); nor ``actor``, of what they did themselves.
    ``mail=False``: in the app only, for a caller whose e-mail must carry what the app's
    notification may not keep (a one-time link)."""
    ids = sorted({user.pk for user in recipients})
    return notify_people(
        people=Q(pk__in=ids),
        kind=kind,
        title=title,
        body=body,
        url=url,
        at=at,
        actor=actor,
        mail=mail,
    )


def notify_people(
    *,
    people: Q,
    kind: Kind,
    title: str,
    body: str,
    url: str,
    at: dt.datetime,
    actor: User | None = None,
    mail: bool = True,
) -> list[Notification]:
    """``notify`` the users ``people`` finds (a filter such as
    ``permissions.people_for_lanes``): who they are and what each chose is one query, the
    notifications one insert, their e-mails (each, or a line of a daily digest) one more."""
    if _quiet.get():
        return []
    chosen = Preference.objects.filter(user=OuterRef("pk"), kind=kind)
    found = User.objects.filter(pk__in=User.objects.filter(people).values("pk"), is_active=True)
    if actor is not None:
        found = found.exclude(pk=actor.pk)
    rows = list(
        found.annotate(
            in_app=Coalesce(Subquery(chosen.values("in_app")[:1]), Value(True)),
            by_mail=Coalesce(Subquery(chosen.values("email")[:1]), Value(True)),
            daily=Exists(Digest.objects.filter(user=OuterRef("pk"))),
        )
        .order_by("pk")
        .values_list("pk", "email", "office_id", "in_app", "by_mail", "daily")
    )
    # Links in the app are paths; a mail reader needs the whole address.
    link = f"{settings.ALUR_SITE_URL}{url}" if url.startswith("/") else url
    mail_now: list[str] = []
    mail_daily: list[tuple[str, int | None]] = []
    for _pk, email, office_id, _in_app, by_mail, daily in rows:
        if mail and by_mail and email:
            if daily:
                mail_daily.append((email, office_id))
            else:
                mail_now.append(email)
    if not rows:
        return []
    # Inside the caller's transaction: no savepoint of its own (two queries fewer per event).
    with transaction.atomic(savepoint=False):
        written = Notification.objects.bulk_create(
            Notification(recipient_id=pk, kind=kind, title=title, body=body, url=url, created_at=at)
            for pk, _email, _office, in_app, _mail, _daily in rows
            if in_app
        )
        mails_write(
            now=mail_now,
            daily=_digest_moments(mail_daily, at),
            subject=f"[Alur] {title}",
            body=f"{body}\n\n{link}" if link else body,
        )
    return written


def _digest_moments(
    people: list[tuple[str, int | None]], at: dt.datetime
) -> dict[str, dt.datetime]:
    """When each address's daily digest takes up what happened at ``at``: the opening of its
    office's next working day (``digest_moment``)."""
    offices = Office.objects.in_bulk({office_id for _email, office_id in people if office_id})
    return {
        email: digest_moment(at, calendar_for(offices[office_id]) if office_id in offices else None)
        for email, office_id in people
    }


def digest_moment(at: dt.datetime, calendar: OfficeCalendar | None) -> dt.datetime:
    """The opening of the office's first working day after the local day of ``at``: one digest
    a day, sent as the office opens; 08:00 the next day in the installation's zone for a
    person of no office."""
    if calendar is None:
        zone = timezone.get_default_timezone()
        day = at.astimezone(zone).date() + dt.timedelta(days=1)
        return dt.datetime.combine(day, dt.time(8), tzinfo=zone)
    day = at.astimezone(calendar.zone).date() + dt.timedelta(days=1)
    return calendar.next_opening(dt.datetime.combine(day, dt.time.min, tzinfo=calendar.zone))


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
    case: Case,
    *,
    kind: Kind,
    title: str,
    body: str,
    url: str,
    at: dt.datetime,
    actor: User | None = None,
) -> list[Notification]:
    """Tell the requester of ``case`` something about it: the one way every app reaches the
    requester, so how they are reached (in the app, by e-mail, or by a channel of their own
    for a requester with no account) is decided here. Not when the requester is ``actor``:
    they did it themselves."""
    if _quiet.get() or (actor is not None and actor.pk == case.requester_id):
        return []
    for channel in _REQUESTER_CHANNELS:
        if channel(case, title=title, body=body):
            return []
    return notify_people(
        people=Q(pk=case.requester_id), kind=kind, title=title, body=body, url=url, at=at
    )


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


def preferences_save(
    *, user: User, choices: Mapping[str, Choice], daily: bool | None = None
) -> None:
    """Keep the person's choice for every kind given (unknown kinds are refused), and, when
    ``daily`` is given, whether their e-mails come once a day in one digest."""
    unknown = set(choices) - set(Kind.values)
    if unknown:
        raise ValueError(f"jenis pemberitahuan tidak dikenal: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        if daily is True:
            Digest.objects.get_or_create(user=user, defaults={"chosen_at": timezone.now()})
        elif daily is False:
            Digest.objects.filter(user=user).delete()
        for kind, choice in choices.items():
            Preference.objects.update_or_create(
                user=user, kind=kind, defaults={"in_app": choice.in_app, "email": choice.email}
            )
