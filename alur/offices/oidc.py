"""Signing in through the installation's own identity provider (a regional government's
Keycloak, say) by OpenID Connect, with mozilla-django-oidc doing the protocol: the redirect with
state, nonce and PKCE, the code exchanged for tokens, the ID token's signature checked against
the provider's keys. What is Alur's own is here:

- the provider's endpoints are read from the issuer's discovery document
  (``/.well-known/openid-configuration``) when not set one by one, at the first sign-in rather
  than at start-up, so that a provider that is down stops no process from starting;
- the ID token must name this client as its audience and the issuer as its issuer;
- the provider's word signs in an existing, active person of an office, found by e-mail or by
  NIP (``ALUR_OIDC_MATCH``); it never makes an account. Anything else is refused with the reason
  on the sign-in page and a line in the log;
- a sign-in goes through Django's ``login()`` (so the ``user_logged_in`` handlers run), marks
  the address known as a password sign-in does (``throttle.signin_succeeded``), and leaves
  ``IDP_SIGN_IN`` in the session: the provider's sign-in counts as the second factor.

Off unless ``ALUR_OIDC_CLIENT_ID`` is set: no button, the backend not listed, both pages 404.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from alur.common.http import client_address
from alur.offices import throttle
from alur.offices.models import User
from alur.offices.twofactor import SIGNED_IN_WITH_IDP as IDP_SIGN_IN

logger = logging.getLogger(__name__)

REFUSED = "alur_oidc_refused"
"""Why the last sign-in through the provider was refused, for the sign-in page to say once."""

DISCOVERY_SECONDS = 3600
"""How long a process keeps the provider's discovery document before reading it again."""
_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
LEEWAY_SECONDS = 30
"""How far the provider's clock and this machine's may differ for a token's times."""
_NEXT = "oidc_login_next"
"""mozilla-django-oidc's session key for the page to go to after signing in."""


def enabled() -> bool:
    """Whether the installation signs in through an identity provider (settings.py checked at
    start-up that an issuer or every endpoint comes with the client id)."""
    return bool(settings.OIDC_RP_CLIENT_ID)


def button_name() -> str:
    """The provider's name on the sign-in page's button, or "" where there is no button."""
    return str(settings.ALUR_OIDC_NAME) if enabled() else ""


def _discovered(issuer: str) -> dict[str, Any]:
    key = f"alur.oidc.discovery:{issuer}"
    document: dict[str, Any] | None = cache.get(key)
    if document is None:
        answer = requests.get(
            f"{issuer}/.well-known/openid-configuration",
            timeout=settings.OIDC_TIMEOUT,
            verify=import_from_settings("OIDC_VERIFY_SSL", True),
        )
        answer.raise_for_status()
        document = answer.json()
        # OpenID Connect Discovery 1.0, 4.3: the document names the issuer it was asked of.
        if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
            raise ImproperlyConfigured(f"the discovery document of {issuer} names another issuer")
        cache.set(key, document, DISCOVERY_SECONDS)
    return document


def setting(name: str, *default: Any) -> Any:
    """mozilla-django-oidc's setting ``name``; a provider endpoint not set explicitly is read
    from the issuer's discovery document."""
    if name in _ENDPOINTS and not getattr(settings, name, "") and settings.ALUR_OIDC_ISSUER:
        return str(_discovered(settings.ALUR_OIDC_ISSUER)[_ENDPOINTS[name]])
    return import_from_settings(name, *default)


class Refused(Exception):
    """The provider signed someone in whom Alur will not. ``reason``: ``missing`` (no claim
    to match), ``unverified``, ``unknown``, ``several``, ``inactive``, ``system``, or
    ``failed`` (the provider or its answer); ``account``: the claim matched (an e-mail address
    or a NIP), "" when there is none."""

    def __init__(self, reason: str, account: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.account = account


def refusal_text(refusal: dict[str, str]) -> str:
    """The sign-in page's words for a refusal kept in the session under ``REFUSED``."""
    account = refusal.get("account", "")
    by_nip = settings.ALUR_OIDC_MATCH == "nip"
    texts = {
        "missing": _(
            "%(name)s tidak mengirimkan NIP Anda, sehingga Alur tidak dapat mengenali Anda. "
            "Hubungi admin kantor."
        )
        if by_nip
        else _(
            "%(name)s tidak mengirimkan alamat e-mail Anda, sehingga Alur tidak dapat "
            "mengenali Anda. Hubungi admin kantor."
        ),
        "unverified": _(
            "Alamat e-mail akun SSO Anda (%(account)s) belum diverifikasi oleh %(name)s. "
            "Verifikasi dulu alamat itu, lalu coba lagi."
        ),
        "unknown": _(
            "Akun SSO Anda (%(account)s) tidak terhubung dengan pegawai mana pun di Alur. "
            "Minta admin kantor mencatat NIP Anda."
        )
        if by_nip
        else _(
            "Akun SSO Anda (%(account)s) tidak terhubung dengan pegawai mana pun di Alur. "
            "Minta admin kantor mencatat e-mail Anda."
        ),
        "several": _(
            "Akun SSO Anda (%(account)s) cocok dengan lebih dari satu pegawai di Alur. Minta "
            "admin kantor memastikan hanya satu pegawai yang tercatat dengannya."
        ),
        "inactive": _(
            "Akun SSO Anda (%(account)s) terhubung dengan pegawai yang tidak aktif di Alur. "
            "Hubungi admin kantor."
        ),
        "system": _(
            "Akun SSO Anda (%(account)s) terhubung dengan akun sistem, yang tidak dapat masuk "
            "lewat halaman ini."
        ),
    }
    text = texts.get(
        refusal.get("reason", ""), _("Masuk dengan %(name)s tidak berhasil. Silakan coba lagi.")
    )
    return text % {"name": settings.ALUR_OIDC_NAME, "account": account}


def _unverified(value: object) -> bool:
    """``email_verified`` present and false; some providers send the word rather than the
    JSON boolean."""
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def person_for(claims: dict[str, Any]) -> User:
    """The one active person of an office whom the provider's ``claims`` name, by e-mail
    (case-insensitively, refused when the provider says the address is unverified) or by NIP
    (``ALUR_OIDC_NIP_CLAIM``, spaces ignored as the people form does). An installation's
    superuser, who belongs to no office, is never signed in this way.

    Several people may share an address, a former one kept inactive beside the new one: the
    one active person who is no system account is the match; only when there is none does an
    inactive person or a system account make the refusal's reason."""
    if settings.ALUR_OIDC_MATCH == "nip":
        account = re.sub(r"\s+", "", str(claims.get(settings.ALUR_OIDC_NIP_CLAIM) or ""))
        if not account:
            raise Refused("missing")
        found = User.objects.filter(nip=account)
    else:
        account = str(claims.get("email") or "").strip()
        if not account:
            raise Refused("missing")
        if _unverified(claims.get("email_verified")):
            raise Refused("unverified", account)
        found = User.objects.filter(email__iexact=account)
    people = list(found.filter(office__isnull=False).select_related("office").order_by("pk"))
    usable = [p for p in people if p.is_active and not p.is_system_account]
    if len(usable) == 1:
        return usable[0]
    if usable:
        raise Refused("several", account)
    if any(p.is_system_account for p in people):
        raise Refused("system", account)
    if people:
        raise Refused("inactive", account)
    raise Refused("unknown", account)


class OIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """mozilla-django-oidc's backend, matching people by ``person_for`` and never making one.

    Its settings are read when used, not when the backend is made: Django makes a backend for
    every signed-in request (``get_user``), and that must not ask the provider anything."""

    def __init__(self) -> None:
        self.UserModel = User

    get_settings = staticmethod(setting)

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return str(setting("OIDC_OP_TOKEN_ENDPOINT"))

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return str(setting("OIDC_OP_USER_ENDPOINT"))

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return str(setting("OIDC_OP_JWKS_ENDPOINT"))

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:
        return str(settings.OIDC_RP_CLIENT_ID)

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:
        return str(settings.OIDC_RP_CLIENT_SECRET)

    @property
    def OIDC_RP_SIGN_ALGO(self) -> str:
        return str(settings.OIDC_RP_SIGN_ALGO)

    @property
    def OIDC_RP_IDP_SIGN_KEY(self) -> str | None:
        return None

    def authenticate(
        self, request: HttpRequest | None, *, nonce: str | None, code_verifier: str | None
    ) -> User | None:
        """Only the callback's call: Django offers a backend the credentials its signature
        takes, so the password form's user name and password never reach this one."""
        if request is None or not enabled():
            return None
        user: User | None = super().authenticate(request, nonce=nonce, code_verifier=code_verifier)
        return user

    def get_payload_data(self, token: str, key: Any) -> dict[str, Any]:
        """The claims of ``token``, its signature checked with ``key`` and its times with
        ``LEEWAY_SECONDS`` to spare: a provider whose clock runs half a second ahead would
        otherwise issue tokens "not yet valid" here now and then. Never an unsigned token."""
        algorithm = jwt.get_unverified_header(token).get("alg")
        if algorithm != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"the token is signed with {algorithm!r}")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                options={"verify_aud": False},  # checked in get_or_create_user
                leeway=LEEWAY_SECONDS,
            )
        except jwt.DecodeError as error:
            raise SuspiciousOperation("the token's signature does not verify") from error
        return claims

    def retrieve_matching_jwk(self, token: str) -> jwt.PyJWK:
        """The provider's key that signed ``token``: the one its ``kid`` names, or for a token
        without ``kid`` (allowed while a provider has one signing key) the only signing key
        of its algorithm. mozilla-django-oidc's own fails on a token without ``kid``."""
        header = jwt.get_unverified_header(token)
        answer = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT,
            timeout=settings.OIDC_TIMEOUT,
            verify=import_from_settings("OIDC_VERIFY_SSL", True),
        )
        answer.raise_for_status()
        keys = [
            key
            for key in answer.json().get("keys", [])
            if key.get("use", "sig") == "sig"
            and key.get("alg", header.get("alg")) == header.get("alg")
        ]
        if "kid" in header:
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("no single key of the provider fits the ID token")
        return jwt.PyJWK(keys[0])

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User:
        """``payload`` is the ID token, its signature and nonce already checked. The claims
        matched are its own with the userinfo endpoint's over them, which must be about the
        same subject."""
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("the ID token is not meant for this client")
        issuer = settings.ALUR_OIDC_ISSUER
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("the ID token comes from another issuer")
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("the userinfo is about another subject than the ID token")
        return person_for({**payload, **userinfo})

    def get_user(self, user_id: int) -> AbstractBaseUser | None:
        """Django's own: a person made inactive is signed out at their next request."""
        return ModelBackend.get_user(self, user_id)


def _to_sign_in(request: HttpRequest, refusal: Refused) -> HttpResponse:
    request.session[REFUSED] = {"reason": refusal.reason, "account": refusal.account}
    return HttpResponseRedirect(reverse("login"))


class StartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """From the sign-in page's button to the provider, with the page to come back to
    (``next``)."""

    def __init__(self, **kwargs: Any) -> None:
        # The provider's endpoint is looked up in get(), where a provider that cannot be reached
        # is told on the sign-in page rather than as an error.
        View.__init__(self, **kwargs)

    get_settings = staticmethod(setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError, KeyError, ImproperlyConfigured) as error:
            logger.warning("oidc sign-in: the provider cannot be reached: %s", error)
            return _to_sign_in(request, Refused("failed"))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        response: HttpResponse = super().get(request)
        return response


class CallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """Where the provider sends the browser back: the person is signed in, or sent to the
    sign-in page with the reason."""

    get_settings = staticmethod(setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404
        try:
            response: HttpResponse = super().get(request)
        except Refused as refusal:
            # The claim matched is the only personal data the line holds.
            logger.warning(
                "oidc sign-in refused: %s %s=%s",
                refusal.reason,
                settings.ALUR_OIDC_MATCH,
                refusal.account or "-",
            )
            return _to_sign_in(request, refusal)
        except (
            requests.RequestException,
            jwt.InvalidTokenError,
            ValueError,
            KeyError,
            ImproperlyConfigured,
        ) as error:
            # The provider unreachable or answering wrongly, or an ID token out of its time
            # (mozilla-django-oidc turns only a bad signature into SuspiciousOperation).
            logger.warning("oidc sign-in failed: %s: %s", type(error).__name__, error)
            return _to_sign_in(request, Refused("failed"))
        return response

    def login_failure(self) -> HttpResponse:
        """The provider said no, the sign-in's state was gone, or the token was not good."""
        logger.warning("oidc sign-in failed at the provider or in its answer")
        return _to_sign_in(self.request, Refused("failed"))

    def login_success(self) -> HttpResponse:
        """Always through ``login()``, even for a person signed in already (which
        mozilla-django-oidc skips for its session refresh, not used here)."""
        request = self.request
        target = request.session.pop(_NEXT, None) or resolve_url(settings.LOGIN_REDIRECT_URL)
        auth.login(request, self.user)
        request.session[IDP_SIGN_IN] = True
        throttle.signin_succeeded(user=self.user, address=client_address(request))
        return HttpResponseRedirect(target)
