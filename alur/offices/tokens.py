"""API tokens: the one door to make, revoke and check the keys of the JSON API (``alur.api``).

A token reads ``alur_<prefix>_<secret>``. Only the SHA-256 digest of the whole token is kept:
the token is shown once, when it is made, and cannot be read back. The prefix finds the row;
the digest is compared in constant time. Making and revoking a token is written to the office's
settings log (``record_change``) of the owner's office.

    token_create ──▶ (ApiToken, the token once) ──▶ token_authenticate(token) ──▶ ApiToken | None
    token_revoke ──▶ revoked_at set: the token is refused from then on
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from alur.common.errors import Invalid, NotAllowed
from alur.common.text import name_problem
from alur.offices.changes import record_change
from alur.offices.models import ApiToken, Office, User

PREFIX_LENGTH = 8
MAX_DAYS = 3650
LAST_USED_EVERY = dt.timedelta(minutes=1)
"""``last_used_at`` is written at most this often per token, so a busy client costs no write
per request."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _require_admin_of(actor: User | None, owner: User) -> None:
    """The installation's command line (no actor) or an active administrator of the owner's
    office may manage the owner's tokens."""
    if actor is None:
        return
    if not (actor.is_active and actor.is_office_admin and actor.office_id == owner.office_id):
        raise NotAllowed(_("Hanya admin kantor pemilik token yang dapat mengelola token API."))


def token_create(
    *,
    owner: User,
    name: str,
    scope: str = ApiToken.Scope.READ,
    expires_days: int | None = None,
    actor: User | None,
    at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token of ``owner`` and its text, which is shown this once and never kept."""
    at = at or timezone.now()
    _require_admin_of(actor, owner)
    name = name.strip()
    problem = name_problem(_("Nama token"), name, 100)
    if problem is None and not name:
        problem = _("Nama token: wajib diisi.")
    if problem is None and scope not in ApiToken.Scope.values:
        problem = _("Cakupan token: pilih 'read' atau 'act'.")
    if problem is None and expires_days is not None and not 1 <= expires_days <= MAX_DAYS:
        problem = _("Masa berlaku token: antara 1 dan %(days)s hari.") % {"days": MAX_DAYS}
    if problem is None and owner.office is None:
        problem = _("Token hanya untuk pegawai atau akun sistem sebuah kantor.")
    if problem is not None:
        raise Invalid(problem)
    office: Office = owner.office  # type: ignore[assignment]  # checked just above
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    plain = f"alur_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            owner=owner,
            name=name,
            scope=scope,
            prefix=prefix,
            digest=_digest(plain),
            created_at=at,
            expires_at=None if expires_days is None else at + dt.timedelta(days=expires_days),
        )
        record_change(
            office=office,
            actor=actor,
            subject=_("Token API %(name)s milik %(owner)s") % {"name": name, "owner": owner},
            action="create",
            after={"prefix": prefix, "scope": scope, "expires_at": token.expires_at},
            at=at,
        )
    return token, plain


def token_revoke(*, token: ApiToken, actor: User | None, at: dt.datetime | None = None) -> None:
    """Refuse ``token`` from now on; revoking a revoked token changes nothing."""
    at = at or timezone.now()
    _require_admin_of(actor, token.owner)
    with transaction.atomic():
        revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=at
        )
        if revoked != 1 or token.owner.office is None:
            return
        token.revoked_at = at
        record_change(
            office=token.owner.office,
            actor=actor,
            subject=_("Token API %(name)s milik %(owner)s")
            % {"name": token.name, "owner": token.owner},
            action="revoke",
            before={"prefix": token.prefix, "revoked_at": None},
            after={"prefix": token.prefix, "revoked_at": at},
            at=at,
        )


def token_authenticate(text: str, *, at: dt.datetime | None = None) -> ApiToken | None:
    """The usable token ``text`` is, with its owner; ``None`` for anything else."""
    at = at or timezone.now()
    parts = text.split("_")
    if len(parts) < 3 or parts[0] != "alur" or len(parts[1]) != PREFIX_LENGTH:
        return None
    token = (
        ApiToken.objects.select_related("owner__office", "owner__unit")
        .filter(prefix=parts[1])
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, _digest(text)):
        return None
    if not token.usable_at(at):
        return None
    if token.last_used_at is None or at - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)
        token.last_used_at = at
    return token


def office_tokens(office: Office) -> QuerySet[ApiToken]:
    """The tokens of the office's people and system accounts, newest first."""
    return ApiToken.objects.filter(owner__office=office).select_related("owner")
