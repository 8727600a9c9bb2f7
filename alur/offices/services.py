"""The one door for changes to an office's people and their passwords (for units, roles and
Plh/Plt delegations see ``alur.offices.structure``).

Each function checks what the pages cannot see alone (the last administrator, a head role
that would go round in a circle), writes in one transaction and logs the change with its values
before and after (``alur.offices.changes.record_change``). A refusal raises ``FieldInvalid``,
naming the field it belongs to, and leaves nothing changed.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from alur.common.errors import Invalid
from alur.common.text import name_problem
from alur.offices.changes import record_change, snapshot
from alur.offices.mailing import mail_available, mail_send
from alur.offices.models import Membership, Office, Role, Unit, User

PERSON_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "nip",
    "email",
    "unit",
    "position",
    "rank",
    "is_office_admin",
    "is_active",
    "is_system_account",
)
GENERATED_CHARACTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class FieldInvalid(Invalid):
    """Refused because of one field's value: the page shows the message beside that field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PersonData:
    username: str
    name: str
    nip: str = ""
    email: str = ""
    unit: Unit | None = None
    position: str = ""
    rank: str = ""
    roles: Sequence[Role] = ()
    is_office_admin: bool = False
    is_system_account: bool = False
    """Only when made: another system of the office, signing in with API tokens only."""


def person_subject(person: User) -> str:
    """How the log names a person: by the sign-in name, which never changes."""
    return f"Pegawai {person.username}"


def _person_values(person: User) -> dict[str, object]:
    values = snapshot(person, PERSON_FIELDS)
    values["peran"] = sorted(person.roles.values_list("code", flat=True)) if person.pk else []
    return values


def _lock_office(office: Office) -> None:
    """Changes of who administers an office wait on each other, so two administrators who each
    give up their flag at once cannot leave the office with none."""
    Office.objects.select_for_update().filter(pk=office.pk).first()


def _office_of(person: User) -> Office:
    if person.office is None:
        raise FieldInvalid("office", _("Pegawai ini tidak terdaftar di kantor mana pun."))
    return person.office


def _require_password_user(person: User) -> None:
    """A system account has no password to make or reset."""
    if person.is_system_account:
        raise FieldInvalid(
            "is_system_account",
            _("Akun sistem tidak memakai kata sandi; ia masuk ke API dengan token."),
        )


def _other_admins(person: User) -> int:
    return (
        User.objects.filter(office=person.office, is_office_admin=True, is_active=True)
        .exclude(pk=person.pk)
        .count()
    )


def _apply(person: User, data: PersonData) -> None:
    first, _sep, last = data.name.strip().partition(" ")
    person.first_name, person.last_name = first, last.strip()
    person.nip = data.nip.strip()
    person.email = data.email.strip()
    person.unit = data.unit
    person.position = data.position.strip()
    person.rank = data.rank.strip()
    person.is_office_admin = data.is_office_admin


def _roles_set(person: User, roles: Iterable[Role]) -> None:
    wanted = {role.pk for role in roles}
    Membership.objects.filter(user=person).exclude(role_id__in=wanted).delete()
    held = set(Membership.objects.filter(user=person).values_list("role_id", flat=True))
    Membership.objects.bulk_create(Membership(user=person, role_id=pk) for pk in wanted - held)


def _check_person(office: Office, data: PersonData, person: User | None) -> None:
    for field, label, text, limit in (
        ("username", _("Nama pengguna"), data.username.strip(), 150),
        ("name", _("Nama"), data.name.strip(), 300),
        ("nip", _("NIP"), data.nip.strip(), 30),
        ("position", _("Jabatan"), data.position.strip(), 200),
        ("rank", _("Pangkat/golongan"), data.rank.strip(), 100),
    ):
        if problem := name_problem(label, text, limit):
            raise FieldInvalid(field, problem)
    same_name = User.objects.filter(username__iexact=data.username.strip())
    if person is not None:
        same_name = same_name.exclude(pk=person.pk)
    if same_name.exists():
        raise FieldInvalid("username", _("Nama pengguna ini sudah dipakai."))
    if data.nip:
        same_nip = User.objects.filter(office=office, nip=data.nip.strip())
        if person is not None:
            same_nip = same_nip.exclude(pk=person.pk)
        if same_nip.exists():
            raise FieldInvalid("nip", _("NIP ini sudah dipakai pegawai lain di kantor ini."))
    if data.unit is not None and data.unit.office_id != office.pk:
        raise FieldInvalid("unit", _("Unit ini bukan unit kantor Anda."))
    if any(role.office_id != office.pk for role in data.roles):
        raise FieldInvalid("roles", _("Peran ini bukan peran kantor Anda."))
    system = person.is_system_account if person is not None else data.is_system_account
    if system and data.is_office_admin:
        raise FieldInvalid("is_office_admin", _("Akun sistem tidak dapat menjadi admin kantor."))


def person_create(*, office: Office, actor: User, data: PersonData) -> User:
    """A new person of the office, without a password: they set it through an invitation, or
    the administrator gives them a one-time password. A system account
    (``data.is_system_account``) never has one: it reaches the API with its tokens only."""
    with transaction.atomic():
        _check_person(office, data, None)
        person = User(
            username=data.username.strip(),
            office=office,
            is_system_account=data.is_system_account,
        )
        _apply(person, data)
        person.set_unusable_password()
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError:  # the same username, saved meanwhile by someone else
            raise FieldInvalid("username", _("Nama pengguna ini sudah dipakai.")) from None
        _roles_set(person, data.roles)
        record_change(
            office=office,
            actor=actor,
            subject=person_subject(person),
            action="dibuat",
            after=_person_values(person),
        )
    return person


def person_update(*, person: User, actor: User, data: PersonData) -> User:
    office = _office_of(person)
    with transaction.atomic():
        _lock_office(office)
        _check_person(office, data, person)
        if (
            person.is_office_admin
            and not data.is_office_admin
            and person.is_active
            and not _other_admins(person)
        ):
            raise FieldInvalid(
                "is_office_admin",
                _("Kantor harus punya setidaknya satu admin kantor; ini admin terakhir."),
            )
        before = _person_values(person)
        _apply(person, data)
        person.save()
        _roles_set(person, data.roles)
        record_change(
            office=office,
            actor=actor,
            subject=person_subject(person),
            action="diubah",
            before=before,
            after=_person_values(person),
        )
    return person


def person_active_set(*, person: User, actor: User, active: bool) -> None:
    """Deactivate (the person can no longer sign in, and keeps their name in every record) or
    reactivate. Never a deletion."""
    office = _office_of(person)
    with transaction.atomic():
        _lock_office(office)
        person.refresh_from_db(fields=["is_active", "is_office_admin"])
        if person.is_active == active:
            return
        if not active and person.pk == actor.pk:
            raise FieldInvalid("is_active", _("Anda tidak dapat menonaktifkan diri sendiri."))
        if not active and person.is_office_admin and not _other_admins(person):
            raise FieldInvalid(
                "is_active",
                _("Kantor harus punya setidaknya satu admin kantor; ini admin terakhir."),
            )
        User.objects.filter(pk=person.pk).update(is_active=active)
        person.is_active = active
        record_change(
            office=office,
            actor=actor,
            subject=person_subject(person),
            action="diaktifkan" if active else "dinonaktifkan",
            before={"is_active": not active},
            after={"is_active": active},
        )


def password_generate(*, person: User, actor: User) -> str:
    """A new password, returned once for the administrator to hand over; never stored as
    text, never logged."""
    _require_password_user(person)
    password = "".join(secrets.choice(GENERATED_CHARACTERS) for _i in range(12))
    office = _office_of(person)
    with transaction.atomic():
        person.set_password(password)
        person.must_change_password = True
        person.save(update_fields=["password", "must_change_password"])
        record_change(
            office=office,
            actor=actor,
            subject=person_subject(person),
            action="sandi sekali pakai dibuat",
        )
    return password


def password_link(person: User) -> str:
    """The whole address at which ``person`` sets a password. It works once (the token is
    drawn from the password it replaces) and for ``PASSWORD_RESET_TIMEOUT`` seconds."""
    path = reverse(
        "password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return f"{settings.ALUR_SITE_URL}{path}"


def password_link_send(*, person: User, actor: User, invitation: bool) -> None:
    """Mail the person a link to set their password: an invitation for someone new, or a reset."""
    office = _office_of(person)
    _require_password_user(person)
    if not person.email:
        raise FieldInvalid("email", _("Pegawai ini belum punya alamat e-mail."))
    if not mail_available():
        raise FieldInvalid("email", _("Pengiriman e-mail belum diatur pada instalasi ini."))
    action = "diundang" if invitation else "tautan sandi dikirim"
    _password_link_mail(person, office, invitation=invitation, actor=actor, action=action)


def _password_link_mail(
    person: User, office: Office, *, invitation: bool, actor: User, action: str
) -> None:
    """Mail ``person`` the link and log ``action`` by ``actor`` in the office's log, in one
    transaction."""
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    if invitation:
        subject = _("[Alur] Undangan ke %(office)s") % {"office": office.name}
        intro = _("Anda diundang memakai Alur di %(office)s dengan nama pengguna %(username)s.")
    else:
        subject = _("[Alur] Atur ulang kata sandi")
        intro = _("Kata sandi Alur Anda (nama pengguna %(username)s) dapat diatur ulang.")
    body = "\n\n".join(
        [
            intro % {"office": office.name, "username": person.username},
            _(
                "Buka tautan ini untuk membuat kata sandi; tautan berlaku %(hours)s jam dan "
                "hanya sekali pakai:"
            )
            % {"hours": hours},
            password_link(person),
        ]
    )
    with transaction.atomic():
        mail_send(to=person.email, subject=subject, body=body)
        record_change(
            office=office,
            actor=actor,
            subject=person_subject(person),
            action=action,
            after={"email": person.email},
        )


def password_link_request(*, login: str) -> int:
    """Someone who forgot their password asks for a link by user name or e-mail address. It
    goes to the address on record of each active employee of an office the text names (not a
    system account; a requester of the public belongs to no office), one whose invitation
    lapsed included, logged in the office's log with the employee as actor. How many were sent
    is for the tests and the log: the page answers the same either way, so that it tells no one
    who has an account."""
    login = login.strip()
    if not login or not mail_available():
        return 0
    people = (
        User.objects.filter(is_active=True, office__isnull=False, is_system_account=False)
        .exclude(email="")
        .filter(models.Q(username__iexact=login) | models.Q(email__iexact=login))
        .select_related("office")
        .order_by("pk")
    )
    sent = 0
    for person in people:
        _password_link_mail(
            person,
            _office_of(person),
            invitation=False,
            actor=person,
            action="tautan sandi diminta",
        )
        sent += 1
    return sent


def account_logged(
    *, person: User, action: str, actor: User, after: dict[str, object] | None = None
) -> None:
    """Log a change to ``person``'s account (a password, two-factor) in their office's log; an
    installation's superuser belongs to no office's log."""
    if person.office is not None:
        record_change(
            office=person.office,
            actor=actor,
            subject=person_subject(person),
            action=action,
            after=after,
        )


def password_changed(*, person: User, by_link: bool) -> None:
    """Log that ``person`` set their own password (never the password): by the link of a
    reset or an invitation, or by changing it while signed in."""
    action = "sandi dibuat lewat tautan" if by_link else "sandi diganti"
    account_logged(person=person, action=action, actor=person)
