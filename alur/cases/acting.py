"""What a person acted as, when they acted on a case through a Plh/Plt delegation.

The record says so at the moment of acting. The event of the act (a step completed or
confirmed, a letter made or recorded) carries, under ``ACTED_AS`` in its data, the delegation
``permissions.acting_delegation`` finds for the lane acted in: its kind, the role's code and
name as they were that day, its dates and its basis. The completed visit keeps the same
(``Task.done_as``). Events written before the record said so have no such entry and stay as
they were: the hash chain covers the data as it was written.

    permissions.acting_delegation ──▶ acted_as(delegation) ──▶ event.data[ACTED_AS], task.done_as
                                                           └─▶ pages: "Kabid TI (Plh. Kepala Dinas)"
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from alur.cases import permissions
from alur.cases.models import Case, Event, Task
from alur.offices.models import Delegation, User
from alur.sop import Sop as SopDefinition

ACTED_AS = "_delegation"
"""The key of an event's data that says what its actor acted as. It starts with an underscore,
so it is never one of an SOP's form or field ids, which share the data of a step's events."""

TITLE_PREFIX = {"plh": "Plh.", "plt": "Plt."}
"""How Indonesian official letters write a title held as a delegate."""


def acted_as(delegation: Delegation) -> dict[str, str]:
    """The delegation as the record keeps it."""
    return {
        "kind": delegation.kind,
        "role": delegation.role.code,
        "role_name": delegation.role.name,
        "starts": delegation.starts.isoformat(),
        "ends": delegation.ends.isoformat(),
        "reason": delegation.reason,
    }


def step_delegation(
    user: User, case: Case, definition: SopDefinition, step: int, on: dt.date
) -> Delegation | None:
    """The delegation through which ``user`` acts on ``step`` of ``case`` on ``on``: ``None``
    when they hold one of the step's lanes in their own right (they act as themselves), or
    none at all."""
    held = permissions.lanes_of(user, case, definition, on)
    found: Delegation | None = None
    for lane in definition.steps[step].lanes:
        if lane not in held:
            continue
        delegation = permissions.acting_delegation(user, case, definition, lane, on)
        if delegation is None:
            return None
        found = found or delegation
    return found


def acting_title(kind: str, title: str) -> str:
    """``Plh. Kepala Dinas Komunikasi dan Informatika``: a title held as a delegate, as a letter
    writes it (letters are always Indonesian)."""
    prefix = TITLE_PREFIX.get(kind)
    return f"{prefix} {title}" if prefix else title


def acted_as_text(payload: object) -> str:
    """What the pages show beside the actor's name, in the person's language: ``Plh. Kepala
    Dinas``; empty when the record says nothing of a delegation."""
    if not isinstance(payload, Mapping):
        return ""
    role = str(payload.get("role_name") or payload.get("role") or "")
    kind = payload.get("kind")
    if kind == "plh":
        return _("Plh. %(role)s") % {"role": role}
    if kind == "plt":
        return _("Plt. %(role)s") % {"role": role}
    return ""


def recorded_as(item: Event | Task) -> str:
    """What the actor of an event, or whoever completed a visit, acted as (``acted_as_text``)."""
    payload: Any = item.done_as if isinstance(item, Task) else item.data.get(ACTED_AS)
    return acted_as_text(payload)


def actor_text(name: str, item: Event | Task) -> str:
    """``Kabid TI Sumbawa (Plh. Kepala Dinas)``, or the name alone: for exports."""
    role = recorded_as(item)
    return f"{name} ({role})" if role else name
