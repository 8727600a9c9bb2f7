"""Slowing down password guessing without locking the owner out.

Every refused sign-in is kept for a day as a ``SignInFailure`` (user name, address, time); every
accepted one marks its address as known for that person (``KnownAddress``) and forgets the
failures of that user name from that address. Before a password is even checked, three limits
are asked, and the longest wait they give is the answer:

    the pair       a user name from one address: after ALUR_SIGNIN_FREE_FAILURES failures each
                   further try waits 2, 4, 8 ... seconds after the last one, at most
                   ALUR_SIGNIN_MAX_WAIT_MINUTES. A delay, never a lockout.
    the account    a user name from all the addresses it is not known at: past
                   ALUR_SIGNIN_ACCOUNT_FAILURES failures in ALUR_SIGNIN_WINDOW_MINUTES, the same
                   growing wait for every unknown address (guessing spread over many addresses).
                   The person's known addresses are not slowed by it.
    the address    one address across user names (password spraying): ALUR_SIGNIN_ADDRESS_FAILURES
                   failures in ALUR_SIGNIN_WINDOW_MINUTES block the address until the oldest of
                   them leaves the window. Not for a person at an address known for them (an
                   office behind one shared address keeps working).

A try that is told to wait is neither checked nor counted. The moment a user name starts to wait
and the sign-in that ends it are written to its office's settings log.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from alur.offices.changes import record_change
from alur.offices.models import KnownAddress, SignInFailure, User
from alur.offices.services import person_subject

FORGET_AFTER = dt.timedelta(days=1)
BLOCKED = "masuk ditahan"
UNBLOCKED = "masuk dibuka"


@dataclasses.dataclass(frozen=True)
class Wait:
    """How long a try must wait, and which limit says so (``pair``, ``account``, ``address``)."""

    seconds: int
    limit: str


def _stored(address: str) -> str:
    return address or "::"


def _growing(failures: int, free: int) -> int:
    """Seconds to wait after the latest of ``failures``: none below ``free``, then doubling."""
    if failures < free:
        return 0
    cap = settings.ALUR_SIGNIN_MAX_WAIT_MINUTES * 60
    return int(min(cap, 2 ** min(failures - free + 1, 32)))


def _left(latest: dt.datetime | None, seconds: int, now: dt.datetime) -> int:
    if latest is None or seconds <= 0:
        return 0
    return max(0, int((latest + dt.timedelta(seconds=seconds) - now).total_seconds() + 0.999))


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).select_related("office").first()


def _known(user: User | None) -> QuerySet[KnownAddress]:
    if user is None:
        return KnownAddress.objects.none()
    return KnownAddress.objects.filter(user=user)


def _pair(username: str, address: str, now: dt.datetime) -> QuerySet[SignInFailure]:
    return SignInFailure.objects.filter(
        username=username, address=address, at__gt=now - FORGET_AFTER
    )


def _account(username: str, known: list[str], now: dt.datetime) -> QuerySet[SignInFailure]:
    window = dt.timedelta(minutes=settings.ALUR_SIGNIN_WINDOW_MINUTES)
    return SignInFailure.objects.filter(username=username, at__gt=now - window).exclude(
        address__in=known
    )


def _address_wait(address: str, now: dt.datetime) -> int:
    window = dt.timedelta(minutes=settings.ALUR_SIGNIN_WINDOW_MINUTES)
    limit = settings.ALUR_SIGNIN_ADDRESS_FAILURES
    moments = list(
        SignInFailure.objects.filter(address=address, at__gt=now - window)
        .order_by("-at")
        .values_list("at", flat=True)[:limit]
    )
    if len(moments) < limit:
        return 0
    return _left(moments[-1], int(window.total_seconds()), now)


def signin_wait(*, username: str, address: str, now: dt.datetime | None = None) -> Wait | None:
    """How long a sign-in as ``username`` from ``address`` must still wait, or None."""
    now = now or timezone.now()
    address = _stored(address)
    user = _user(username)
    known = list(_known(user).values_list("address", flat=True))
    waits = []
    if address not in known:
        waits.append(Wait(_address_wait(address, now), "address"))
        account = _account(username, known, now)
        latest = account.order_by("-at").values_list("at", flat=True).first()
        free = settings.ALUR_SIGNIN_ACCOUNT_FAILURES
        waits.append(Wait(_left(latest, _growing(account.count(), free), now), "account"))
    pair = _pair(username, address, now)
    latest = pair.order_by("-at").values_list("at", flat=True).first()
    free = settings.ALUR_SIGNIN_FREE_FAILURES
    waits.append(Wait(_left(latest, _growing(pair.count(), free), now), "pair"))
    longest = max(waits, key=lambda wait: wait.seconds)
    return longest if longest.seconds > 0 else None


def _log(user: User | None, action: str, after: dict[str, object], at: dt.datetime) -> None:
    if user is None or user.office is None:
        return
    record_change(
        office=user.office,
        actor=None,
        subject=person_subject(user),
        action=action,
        after=after,
        at=at,
    )


def signin_failed(*, username: str, address: str, now: dt.datetime | None = None) -> None:
    """Count a refused sign-in; log the moment the user name starts to wait."""
    now = now or timezone.now()
    address = _stored(address)
    username = username[:150]
    with transaction.atomic():
        SignInFailure.objects.filter(at__lte=now - FORGET_AFTER).delete()
        SignInFailure.objects.create(username=username, address=address, at=now)
        user = _user(username)
        known = list(_known(user).values_list("address", flat=True))
        if _pair(username, address, now).count() == settings.ALUR_SIGNIN_FREE_FAILURES:
            _log(user, BLOCKED, {"alamat": address, "batas": "nama pengguna dan alamat"}, now)
        elif (
            address not in known
            and _account(username, known, now).count() == settings.ALUR_SIGNIN_ACCOUNT_FAILURES
        ):
            _log(user, BLOCKED, {"alamat": address, "batas": "nama pengguna"}, now)


def signin_succeeded(*, user: User, address: str, now: dt.datetime | None = None) -> None:
    """Mark ``address`` as known for ``user`` and forget its failures there; log the end of a
    wait it ends."""
    now = now or timezone.now()
    address = _stored(address)
    with transaction.atomic():
        KnownAddress.objects.update_or_create(
            user=user, address=address, defaults={"last_seen": now}
        )
        pair = _pair(user.username, address, now)
        waited = pair.count() >= settings.ALUR_SIGNIN_FREE_FAILURES
        pair.delete()
        if waited:
            _log(user, UNBLOCKED, {"alamat": address}, now)


def failures_of(person: User) -> int:
    """How many failed sign-ins of ``person``'s user name are still counted."""
    return SignInFailure.objects.filter(username=person.username).count()


def signin_unblock(*, person: User, actor: User, now: dt.datetime | None = None) -> int:
    """An administrator forgets every failure of ``person``'s user name, so that no limit of
    theirs slows them down; the number forgotten, logged when there were any."""
    now = now or timezone.now()
    with transaction.atomic():
        forgotten, _kinds = SignInFailure.objects.filter(username=person.username).delete()
        if forgotten and person.office is not None:
            record_change(
                office=person.office,
                actor=actor,
                subject=person_subject(person),
                action=UNBLOCKED,
                after={"gagal dilupakan": forgotten},
                at=now,
            )
    return forgotten
