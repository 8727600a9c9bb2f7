"""Who may see an office's performance reports: its heads, on the office's own data only.

A head is a person who holds (or stands in for, by a Plh/Plt delegation that day) a role at
most ``HEAD_DEPTH`` levels below the top of the office's role tree (``Role.head``): the Kadis at
the top, the Kabid under the Kadis, the Kasi and Sub Koordinator under a Kabid. The tree is the
office's own setting, so an office with another structure adjusts its roles' heads, not code.
People of requesting OPDs never see reports, nor does anyone see another office's.
"""

from __future__ import annotations

import datetime as dt

from alur.cases.permissions import role_codes
from alur.offices.models import Office, Role, User

HEAD_DEPTH = 2
"""Kadis 0, Kabid 1, Kasi / Sub Koordinator 2."""


def head_roles(office: Office) -> set[str]:
    """The codes of the office's roles within ``HEAD_DEPTH`` of the top of its role tree."""
    heads = dict(Role.objects.filter(office=office).values_list("code", "head__code"))
    found: set[str] = set()
    for code in heads:
        current: str | None = heads[code]
        depth, seen = 0, {code}
        while current is not None and current not in seen and depth <= HEAD_DEPTH:
            seen.add(current)
            depth += 1
            current = heads.get(current)
        if depth <= HEAD_DEPTH and current is None:
            found.add(code)
    return found


def can_see_reports(user: User, office: Office, on: dt.date) -> bool:
    if not user.is_authenticated or user.office_id != office.pk or user.is_agency_person:
        return False
    return bool(role_codes(user, on) & head_roles(office))
