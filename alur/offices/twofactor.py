"""Two-factor sign-in: a time-based code from an authenticator app (TOTP, RFC 6238) after the
password, and ten recovery codes for a lost phone (docs/signin.md).

The devices, the codes, their checking and their throttling are django-otp's (``TOTPDevice``,
``StaticDevice``); what is Alur's own is who must use it and where a sign-in stands:

- Required (when ``ALUR_TWO_FACTOR_REQUIRED`` is on, the default) for superusers, office
  administrators and heads of office and division: a person who holds a role at the top of their
  office's ladder that heads another, or a role that heads a role that heads another (Kadis and
  Kabid; not a section head whose staff head no one). Optional for everyone else: whoever has
  turned it on is asked for a code at every sign-in.
- Where a sign-in stands is kept in its session (``STATE``): decided once at sign-in, so the pages
  after it ask no query. A sign-in that still owes a code reaches only the code page, one that
  must first set the app up only the set-up page; both may sign out.
- A sign-in through the installation's identity provider (OpenID Connect) counts as two-factor:
  the provider enforces its own.

Every change (turned on, new recovery codes, turned off, reset by an administrator, a recovery
code used) is written to the office's account log, never a code or a key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import django_otp
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from alur.offices.models import Role, User
from alur.offices.services import account_logged

STATE = "alur_two_factor"
"""The session key of where a sign-in stands: ``VERIFY``, ``ENROLL`` or ``DONE``."""
VERIFY = "kode"
ENROLL = "pasang"
DONE = "selesai"
SIGNED_IN_WITH_IDP = "alur_signed_in_with_idp"
"""Set by the OpenID Connect sign-in: the identity provider has already asked its own factors."""

APP_NAME = "aplikasi autentikator"
RECOVERY_NAME = "kode pemulihan"
RECOVERY_CODES = 10
APP_DIGITS = 6
WAIT_WORTH_SAYING = dt.timedelta(seconds=5)
"""Shorter waits after a wrong code (django-otp's 1, 2, 4 seconds) are not worth a sentence."""

TURNED_ON = "dua langkah diaktifkan"
TURNED_OFF = "dua langkah dimatikan"
RESET = "dua langkah direset"
CODES_RENEWED = "kode pemulihan dibuat ulang"
CODE_USED = "kode pemulihan dipakai"


def heads_office_or_division(person: User) -> bool:
    """Whether ``person`` holds a role at the top of the office's ladder that heads another, or a
    role that heads a role that heads another."""
    return Role.objects.filter(
        Q(head__isnull=True, subordinates__isnull=False)
        | Q(subordinates__subordinates__isnull=False),
        memberships__user=person,
    ).exists()


def required(person: User) -> bool:
    """Whether ``person`` must sign in with a second factor."""
    if not settings.ALUR_TWO_FACTOR_REQUIRED or person.is_system_account:
        return False
    return person.is_superuser or person.is_office_admin or heads_office_or_division(person)


def app_device(person: User, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=person, confirmed=confirmed).order_by("pk").first()


def recovery_device(person: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=person, confirmed=True).order_by("pk").first()


def turned_on(person: User) -> bool:
    return app_device(person) is not None


def recovery_codes_left(person: User) -> int:
    left: int = StaticToken.objects.filter(device__user=person, device__confirmed=True).count()
    return left


def state_at_sign_in(person: User) -> str:
    if turned_on(person):
        return VERIFY
    return ENROLL if required(person) else DONE


def on_sign_in(sender: object, request: HttpRequest | None, user: User, **kwargs: object) -> None:
    """At sign-in (``user_logged_in``): what the new sign-in still owes."""
    if request is not None and hasattr(request, "session") and isinstance(user, User):
        request.session[STATE] = state_at_sign_in(user)


def enrollment(person: User) -> TOTPDevice:
    """The app being set up: the unconfirmed device of an earlier visit, or a new one with a new
    key."""
    device = app_device(person, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=person, name=APP_NAME, confirmed=False)
    return device


def _new_recovery_codes(person: User) -> list[str]:
    StaticDevice.objects.filter(user=person).delete()
    device = StaticDevice.objects.create(user=person, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def confirm(person: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Turn two-factor on with the app's first code: the recovery codes (shown once), or None
    when the code is not the app's."""
    if not device.verify_token(code.strip().replace(" ", "")):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=person).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(person)
        account_logged(person=person, action=TURNED_ON, actor=person)
    return codes


def renew_recovery_codes(person: User) -> list[str]:
    with transaction.atomic():
        codes = _new_recovery_codes(person)
        account_logged(person=person, action=CODES_RENEWED, actor=person)
    return codes


def turn_off(person: User, *, actor: User) -> None:
    """Remove every device of ``person``: by themselves (where not required) or by their office's
    administrator for a lost phone (``RESET``), after which they set the app up again."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=person).delete()
        StaticDevice.objects.filter(user=person).delete()
        account_logged(
            person=person, action=TURNED_OFF if actor.pk == person.pk else RESET, actor=actor
        )


def unthrottle(person: User) -> None:
    """Forget the wrong codes counted against ``person``'s devices (with their failed sign-ins,
    by the administrator's "Buka masuk"): a thief who knows the password must not be able to
    keep the owner waiting for days."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=person).update(
            throttling_failure_count=0, throttling_failure_timestamp=None
        )


@dataclass(frozen=True)
class Check:
    device: Device | None
    wait: dt.timedelta | None = None
    """Set when too many wrong codes were tried: how long until the next is checked."""
    recovery: bool = False


def waiting(device: Device) -> dt.timedelta | None:
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return None
    until: dt.datetime = data["locked_until"]
    return max(until - timezone.now(), dt.timedelta(seconds=1))


def check(person: User, code: str) -> Check:
    """A code typed at sign-in: six digits from the app, or one of the recovery codes (used up by
    it). django-otp throttles each device: after each wrong code the next waits twice as long."""
    code = code.strip().replace(" ", "").replace("-", "").lower()
    recovery = not (len(code) == APP_DIGITS and code.isdigit())
    device = recovery_device(person) if recovery else app_device(person)
    if device is None:
        return Check(None)
    wait = waiting(device)
    if wait is not None:
        return Check(None, wait=wait)
    matched = django_otp.verify_token(person, device.persistent_id, code)
    if matched is None:
        device.refresh_from_db()
        wait = waiting(device)
        return Check(None, wait=wait if wait is not None and wait >= WAIT_WORTH_SAYING else None)
    if recovery:
        account_logged(
            person=person,
            action=CODE_USED,
            actor=person,
            after={"sisa": recovery_codes_left(person)},
        )
    return Check(matched, recovery=recovery)


def passed(request: HttpRequest, device: Device | None = None) -> None:
    """The sign-in has given its second factor (or set it up): every page opens."""
    if device is not None:
        django_otp.login(request, device)
    request.session[STATE] = DONE


def _owed(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not hasattr(request, "session"):
        return None
    state = request.session.get(STATE)
    if state is None:  # a sign-in older than two-factor: decided on its first request
        state = request.session[STATE] = state_at_sign_in(user)
    if state == DONE or request.session.get(SIGNED_IN_WITH_IDP):
        return None
    return str(state)


class TwoFactorMiddleware:
    """A sign-in that owes a code, or must first set the app up, reaches only that page, sign-out,
    the choice of language and the static files. Pages are redirected there (htmx by
    ``HX-Redirect``, coming back after); the JSON API answers 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        owed = _owed(request)
        if owed is None:
            return self.get_response(request)
        page = reverse("two_factor_verify" if owed == VERIFY else "two_factor_setup")
        open_paths = (page, reverse("logout"), reverse("set_language"), settings.STATIC_URL)
        if request.path.startswith(open_paths):
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "type": "about:blank",
                    "title": _("Verifikasi dua langkah belum selesai"),
                    "status": 403,
                    "detail": _("Selesaikan verifikasi dua langkah di halaman masuk dahulu."),
                },
                status=403,
                content_type="application/problem+json",
            )
        there = f"{page}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            answer = HttpResponse(status=204)
            answer["HX-Redirect"] = page
            return answer
        return redirect(there)
