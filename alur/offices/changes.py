"""The office's settings log: every change an office administrator makes, with the values before
and after, so that the office can show who set what and when."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils import timezone

from alur.offices.models import Office, SettingChange, User

Values = dict[str, Any]


def _plain(value: object) -> object:
    """A value as JSON can hold it: dates and times as ISO text, rows as their key and name."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "nama": str(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> Values:
    """The named fields of a row, as the log keeps them."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def record_change(
    *,
    office: Office,
    actor: User | None,
    subject: str,
    action: str,
    before: Mapping[str, object] | None = None,
    after: Mapping[str, object] | None = None,
    at: dt.datetime | None = None,
) -> SettingChange | None:
    """Log one change. Of the values only those that differ are kept; a save that changed nothing
    (same values before and after) is not logged and gives None."""
    old = {k: _plain(v) for k, v in (before or {}).items()}
    new = {k: _plain(v) for k, v in (after or {}).items()}
    if before is not None and after is not None:
        changed = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
        if not changed:
            return None
        old = {k: v for k, v in old.items() if k in changed}
        new = {k: v for k, v in new.items() if k in changed}
    return SettingChange.objects.create(
        office=office,
        actor=actor,
        at=at or timezone.now(),
        subject=subject,
        action=action,
        before=old,
        after=new,
    )
