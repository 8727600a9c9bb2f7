"""Who signs a letter, and as what. A delegate signs with their own name, rank and NIP under
the title they stand in for, written ``Plh.`` or ``Plt.`` before it (Tata Naskah Dinas):
``Plh. Kepala Dinas Komunikasi dan Informatika``.

- A disposition is signed by the person who disposes: under their own position, or, when they
  act on the step through a delegation on the letter's date (``acting.step_delegation``, the
  rule that let them act), as ``Plh.``/``Plt.`` of that role.
- The reply (its draft too) and the Berita Acara are signed by the head of office the letterhead
  names. When the head is away on the letter's date, that is when a Plh/Plt delegation of the
  head's role is in force on it, the delegate signs instead, unless the person making the letter
  holds the head's role themselves: the person making it when they are that delegate, else the
  delegate of the day (the one that began last).
- The head's role is the top of the office's role tree (``Role.head``, the office's own setting):
  the role with no head, or, when several have none, the one of them with roles under it. When
  that is not one role, letters keep the head the letterhead names.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db.models import Exists, OuterRef

from alur.cases.acting import acting_title
from alur.letters.content import Party, head_party, person_party
from alur.letters.models import Letterhead
from alur.offices.models import Delegation, Membership, Office, Role, Unit, User


def head_role(office: Office) -> Role | None:
    """The role of the head of ``office``: the top of its role tree, if that is one role."""
    tops = list(
        Role.objects.filter(office=office, head__isnull=True)
        .annotate(leads=Exists(Role.objects.filter(head=OuterRef("pk"))))
        .order_by("pk")
    )
    if len(tops) > 1:
        tops = [role for role in tops if role.leads]
    return tops[0] if len(tops) == 1 else None


def head_delegation(office: Office, actor: User, day: dt.date) -> Delegation | None:
    """The Plh/Plt who signs for the head of ``office`` on ``day`` in a letter ``actor`` makes,
    or ``None`` when the head signs (see the module's rule)."""
    role = head_role(office)
    if role is None or Membership.objects.filter(user=actor, role=role).exists():
        return None
    in_force = list(
        Delegation.objects.filter(
            role=role,
            starts__lte=day,
            ends__gte=day,
            delegate__office=office,
            delegate__is_active=True,
        )
        .exclude(delegate__unit__kind=Unit.Kind.AGENCY)
        .select_related("role", "delegate")
        .order_by("-starts", "-pk")
    )
    own = [delegation for delegation in in_force if delegation.delegate_id == actor.pk]
    return next(iter(own or in_force), None)


def _title(role: Role, letterhead: Letterhead, head: Role | None) -> str:
    """The title a delegate of ``role`` stands in for: the head's position as the letterhead
    writes it for the head's role, else the role's name."""
    if head is not None and role.pk == head.pk and letterhead.head_position.strip():
        return letterhead.head_position
    return role.name


def head_signer(title: str, letterhead: Letterhead, actor: User, day: dt.date) -> Party:
    """The signature block for the head of office (``title``: the party's label, e.g. PIHAK
    PERTAMA): the head from the letterhead, or the Plh/Plt of the day."""
    office = letterhead.office
    delegation = head_delegation(office, actor, day)
    if delegation is None:
        return head_party(title, letterhead)
    stands_for = _title(delegation.role, letterhead, delegation.role)  # the head's role
    return dataclasses.replace(
        person_party(title, delegation.delegate, letterhead.name),
        position=acting_title(delegation.kind, stands_for),
    )


def person_signer(actor: User, delegation: Delegation | None, letterhead: Letterhead) -> Party:
    """The signature block of the person making the letter: under their own position, or as
    Plh/Plt of the role they act in through ``delegation``."""
    party = person_party("", actor, actor.unit.name if actor.unit else "")
    if delegation is None:
        return party
    head = head_role(letterhead.office)
    return dataclasses.replace(
        party, position=acting_title(delegation.kind, _title(delegation.role, letterhead, head))
    )
