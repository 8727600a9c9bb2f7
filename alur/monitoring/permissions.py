"""Who assesses an office's SOPs and reads its timelines: the office's heads.

A head is an officer of the office holding, or standing in for by a Plh/Plt delegation on the
day, a role that heads another role (``Role.head``): the Kadis, a Kabid, a Kasi or a section
coordinator with staff under them. Requesting OPDs, staff without people under them and other
offices are refused. The office's own organisation chart decides, so no list of titles is kept.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser

from alur.cases.permissions import role_codes
from alur.offices.models import Office, Role, User


def head_roles(office: Office) -> set[str]:
    """The codes of the roles of ``office`` that head another role."""
    return set(
        Role.objects.filter(office=office, subordinates__isnull=False)
        .values_list("code", flat=True)
        .distinct()
    )


def is_office_head(user: User | AnonymousUser, office: Office, on: dt.date) -> bool:
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    if user.office_id != office.pk or user.is_agency_person:
        return False
    return bool(role_codes(user, on) & head_roles(office))
