"""The first run of an empty installation: ``alur serve`` prints a one-time link when no one can
sign in yet, and ``/mulai/<token>/`` makes the first office and its administrator from it.

The link holds a random token; only its SHA-256 is stored. It works once, and only while the
installation has no user: setting up deletes it, and a new link replaces an older one.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alur.administration.models import FirstRunToken
from alur.common.errors import Invalid
from alur.offices.changes import record_change, snapshot
from alur.offices.models import Office, User


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def first_run_link_new() -> str | None:
    """A new token for the setup link when the installation has no user yet (an older one stops
    working), else None and no token is kept."""
    with transaction.atomic():
        FirstRunToken.objects.all().delete()
        if User.objects.exists():
            return None
        token = secrets.token_urlsafe(32)
        FirstRunToken.objects.create(digest=_digest(token), created_at=timezone.now())
        return token


def first_run_open(token: str) -> bool:
    """Whether ``token`` is a setup link that still works."""
    return (
        FirstRunToken.objects.filter(digest=_digest(token)).exists() and not User.objects.exists()
    )


def _office_code(name: str) -> str:
    base = slugify(name)[:56] or "kantor"
    code, n = base, 1
    while Office.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def first_run_complete(*, token: str, values: Mapping[str, Any]) -> User:
    """Make the first office and its administrator (an installation superuser too) and use the
    link up; refused when the link is unknown, used, or someone already exists."""
    with transaction.atomic():
        found = FirstRunToken.objects.select_for_update().filter(digest=_digest(token)).first()
        if found is None or User.objects.exists():
            raise Invalid(_("Tautan penyiapan ini sudah tidak berlaku."))
        office = Office.objects.create(
            code=_office_code(values["office_name"]),
            name=values["office_name"],
            government=values["government"],
            city=values["city"],
            zone=values["zone"],
        )
        first, _space, last = values["full_name"].strip().partition(" ")
        user = User.objects.create_user(
            username=values["username"],
            password=values["password"],
            first_name=first[:150],
            last_name=last[:150],
            office=office,
            is_staff=True,
            is_superuser=True,
            is_office_admin=True,
        )
        FirstRunToken.objects.all().delete()
        record_change(
            office=office,
            actor=user,
            subject="Kantor",
            action="dibuat",
            after=snapshot(office, ("name", "government", "city", "zone")),
        )
        return user
