"""The one door for the public's requests: filing one, reaching it again, acting on it.

    request_file   a request of a person with no account: their record, the case through
                   ``cases.services.case_open_public``, a tracking number
    code_send      a one-time code to the requester's e-mail (queued in the mail outbox)
    code_check     the code entered: the request it opens, or a refusal
    step_do        the requester's own open step (what was returned), done from the status page
    request_withdraw  the requester withdraws the running request, with a reason
    request_comment   the requester writes to the office about the running request
    public_tell    tell a public requester of a change of their request, by e-mail

Every entry point counts its attempts per client (a keyed digest of the address, never the
address) in ``Attempt`` rows, so the limits hold however many web processes run; one beyond a
limit is refused with ``TooMany`` and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from alur.cases.models import Case, Event, RequesterKind
from alur.cases.requesting import case_comment, case_withdraw
from alur.cases.services import Uploads, case_open_public, task_act
from alur.catalog.services import published_version
from alur.common.errors import Invalid, NotAllowed, TooMany
from alur.common.text import length_problem, name_problem
from alur.notifications.outbox import mail_queue
from alur.offices.models import Office, Unit, User
from alur.public.models import AccessCode, Attempt, PublicRequest

PUBLIC_UNIT_CODE = "masyarakat"
"""The code of each office's unit of the public, made with its first public request."""


@dataclass(frozen=True)
class Limit:
    action: str
    times: int
    window: dt.timedelta


FILE_LIMIT = Limit("file", 5, dt.timedelta(hours=1))
"""Requests one client may file in an hour."""
CODE_SEND_LIMIT = Limit("code_send", 5, dt.timedelta(hours=1))
"""Codes one client may ask for in an hour."""
CODE_CHECK_LIMIT = Limit("code_check", 10, dt.timedelta(minutes=15))
"""Codes one client may enter in a quarter of an hour."""
COMMENT_LIMIT = Limit("comment", 10, dt.timedelta(hours=1))
"""Messages to the office one client may send in an hour: each one tells the office's people."""
PASSWORD_LINK_LIMIT = Limit("password_link", 5, dt.timedelta(hours=1))
"""Links to set a password one client may ask for in an hour (alur.offices.views)."""
DRAFT_LIMIT = Limit("draft", 20, dt.timedelta(hours=1))
"""Refused request forms whose files one client may have kept in an hour (``alur.cases.drafts``):
beyond it the files are not kept and must be chosen again."""
CODE_LIFETIME = dt.timedelta(minutes=30)
CODE_TRIES = 5
"""Wrong entries that spend a code."""

_TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
_ID_DIGITS = {PublicRequest.Kind.CITIZEN: 16, PublicRequest.Kind.BUSINESS: 13}


@dataclass(frozen=True)
class Applicant:
    """The person filing, as they identify themselves on the request page."""

    kind: str
    name: str
    id_number: str
    email: str
    phone: str = ""
    address: str = ""


def client_digest(address: str) -> str:
    """The client's address as the limits count it: keyed, so the table holds no address."""
    return salted_hmac("alur.public.client", address or "-").hexdigest()


def attempt_count(limit: Limit, client: str, at: dt.datetime | None = None) -> None:
    """Count one attempt of ``client`` (``client_digest``) at ``at`` (now); refuse it, raising
    ``TooMany`` with the seconds until the oldest counted attempt leaves the window, when the
    window already holds the limit."""
    at = at or timezone.now()
    recent = list(
        Attempt.objects.filter(action=limit.action, client=client, at__gt=at - limit.window)
        .order_by("-at")
        .values_list("at", flat=True)[: limit.times]
    )
    if len(recent) >= limit.times:
        minutes = int(limit.window.total_seconds() // 60)
        raise TooMany(
            _(
                "Terlalu banyak percobaan dari alamat ini: paling banyak %(times)s kali dalam "
                "%(minutes)s menit. Coba lagi nanti."
            )
            % {"times": limit.times, "minutes": minutes},
            retry_after=_seconds_until(recent[-1] + limit.window, at),
        )
    Attempt.objects.create(action=limit.action, client=client, at=at)


def draft_keep_allowed(client: str, at: dt.datetime) -> bool:
    """Whether a refused request form of ``client`` may keep its files, counted against
    ``DRAFT_LIMIT``: files kept for a visitor without an account cost storage that no
    account answers for."""
    try:
        with transaction.atomic():
            attempt_count(DRAFT_LIMIT, client, at)
    except TooMany:
        return False
    return True


def _seconds_until(moment: dt.datetime, now: dt.datetime) -> int:
    """Whole seconds from ``now`` to ``moment``, rounded up, at least one."""
    return max(1, math.ceil((moment - now).total_seconds()))


def attempts_prune(*, now: dt.datetime) -> int:
    """Delete the attempts older than the longest window (the API's counts of a minute,
    ``alur.api.auth``, go with them); the worker calls it."""
    limits = (
        FILE_LIMIT,
        CODE_SEND_LIMIT,
        CODE_CHECK_LIMIT,
        COMMENT_LIMIT,
        PASSWORD_LINK_LIMIT,
        DRAFT_LIMIT,
    )
    longest = max(limit.window for limit in limits)
    deleted, _kinds = Attempt.objects.filter(at__lt=now - longest).delete()
    return deleted


def tracking_normal(text: str) -> str:
    """A tracking number as stored: capitals, no spaces, one dash in the middle."""
    bare = re.sub(r"[^A-Z0-9]", "", text.upper())
    return f"{bare[:5]}-{bare[5:]}" if len(bare) == 10 else bare


def _tracking_new() -> str:
    while True:
        bare = "".join(secrets.choice(_TRACKING_ALPHABET) for _i in range(10))
        number = f"{bare[:5]}-{bare[5:]}"
        if not PublicRequest.objects.filter(tracking=number).exists():
            return number


def _applicant_problems(applicant: Applicant) -> list[str]:
    problems = []
    if applicant.kind not in _ID_DIGITS:
        problems.append(_("Jenis pemohon: pilih perorangan (warga) atau badan usaha."))
    if not applicant.name.strip():
        problems.append(_("Nama wajib diisi."))
    elif problem := name_problem(_("Nama"), applicant.name.strip(), 200):
        problems.append(problem)
    for label, text, limit in (
        (_("Telepon"), applicant.phone, 30),
        (_("Alamat"), applicant.address, 500),
    ):
        if problem := length_problem(label, text.strip(), limit):
            problems.append(problem)
    digits = _ID_DIGITS.get(applicant.kind)  # type: ignore[call-overload]
    if digits is not None and not re.fullmatch(rf"\d{{{digits}}}", applicant.id_number.strip()):
        label = _("NIK") if applicant.kind == PublicRequest.Kind.CITIZEN else _("NIB")
        problems.append(
            _("%(label)s harus %(digits)s angka; yang diisi: '%(value)s'.")
            % {"label": label, "digits": digits, "value": applicant.id_number.strip()}
        )
    try:
        validate_email(applicant.email.strip())
    except ValidationError:
        problems.append(
            _("E-mail '%(value)s' bukan alamat e-mail; kode untuk melacak dikirim ke sana.")
            % {"value": applicant.email.strip()}
        )
    return problems


def public_unit(office: Office) -> Unit:
    """The office's unit of the public: the requesting unit of every public request."""
    unit, _made = Unit.objects.get_or_create(
        office=office,
        code=PUBLIC_UNIT_CODE,
        defaults={"name": _("Masyarakat"), "kind": Unit.Kind.PUBLIC},
    )
    if unit.kind != Unit.Kind.PUBLIC:
        raise Invalid(
            _("Kantor ini sudah memakai kode unit '%(code)s' untuk unit lain.")
            % {"code": PUBLIC_UNIT_CODE}
        )
    return unit


def request_file(
    *,
    office: Office,
    sop_code: str,
    applicant: Applicant,
    title: str,
    data: Mapping[str, object] | None = None,
    uploads: Uploads | None = None,
    note: str = "",
    client: str,
    at: dt.datetime,
) -> PublicRequest:
    """File the request of a member of the public for the SOP ``sop_code`` in force; their
    first step is done with it. Refused whole (nothing kept) when anything is wrong."""
    version = published_version(office, sop_code, at)
    if version is None:
        raise NotAllowed(_("Layanan ini tidak tersedia."))
    problems = _applicant_problems(applicant)
    if problems:
        raise Invalid(_("Data pemohon belum benar."), details=problems)
    with transaction.atomic():
        attempt_count(FILE_LIMIT, client, at)
    with transaction.atomic():
        person = User.objects.create(
            username=f"publik-{uuid.uuid4().hex}",
            first_name=applicant.name.strip()[:150],
            email=applicant.email.strip(),
            is_active=False,
            password=make_password(None),
        )
        case = case_open_public(
            version=version,
            requester=person,
            unit=public_unit(office),
            title=title,
            data=data,
            uploads=uploads,
            note=note,
            at=at,
        )
        request = PublicRequest.objects.create(
            case=case,
            person=person,
            kind=applicant.kind,
            name=applicant.name.strip(),
            id_number=applicant.id_number.strip(),
            email=applicant.email.strip(),
            phone=applicant.phone.strip(),
            address=applicant.address.strip(),
            tracking=_tracking_new(),
            filed_at=at,
        )
        _mail(
            request,
            _("Permohonan %(number)s diterima") % {"number": case.number},
            _(
                "Permohonan Anda '%(title)s' (%(sop)s) telah diterima dengan nomor %(number)s.\n"
                "Nomor lacak: %(tracking)s. Simpan nomor ini: dengan nomor itu dan kode yang "
                "dikirim ke e-mail ini Anda dapat melihat keadaannya."
            )
            % {
                "title": case.title,
                "sop": version.sop.name,
                "number": case.number,
                "tracking": request.tracking,
            },
        )
    return request


def _code_digest(request: PublicRequest, code: str) -> str:
    return salted_hmac(f"alur.public.code.{request.pk}", code).hexdigest()


def code_send(*, tracking: str, client: str, at: dt.datetime) -> PublicRequest | None:
    """Send a one-time code to the e-mail of the request ``tracking``; ``None`` (and no mail)
    when there is no such request, which the page does not reveal."""
    with transaction.atomic():
        attempt_count(CODE_SEND_LIMIT, client, at)
    request = PublicRequest.objects.filter(tracking=tracking_normal(tracking)).first()
    if request is None:
        return None
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        AccessCode.objects.filter(request=request, used_at__isnull=True).update(used_at=at)
        AccessCode.objects.create(
            request=request,
            digest=_code_digest(request, code),
            created_at=at,
            expires_at=at + CODE_LIFETIME,
        )
        mail_queue(
            to=[request.email],
            subject="[Alur] "
            + _("Kode akses permohonan %(tracking)s") % {"tracking": request.tracking},
            body=_(
                "Kode akses Anda: %(code)s\nBerlaku %(minutes)s menit, untuk melihat permohonan "
                "%(tracking)s. Abaikan e-mail ini bila Anda tidak memintanya."
            )
            % {
                "code": code,
                "minutes": int(CODE_LIFETIME.total_seconds() // 60),
                "tracking": request.tracking,
            },
        )
    return request


def code_check(*, tracking: str, code: str, client: str, at: dt.datetime) -> PublicRequest:
    """The request ``tracking`` when ``code`` is its latest unused, unexpired code; refuses
    anything else with one message that does not tell which part was wrong."""
    with transaction.atomic():
        attempt_count(CODE_CHECK_LIMIT, client, at)
    wrong = Invalid(_("Nomor lacak atau kode tidak cocok, atau kodenya sudah habis berlaku."))
    request = PublicRequest.objects.filter(tracking=tracking_normal(tracking)).first()
    if request is None:
        raise wrong
    with transaction.atomic():
        latest = (
            AccessCode.objects.select_for_update()
            .filter(request=request, used_at__isnull=True, expires_at__gt=at)
            .order_by("-created_at", "-pk")
            .first()
        )
        if latest is None:
            raise wrong
        if not constant_time_compare(latest.digest, _code_digest(request, code.strip())):
            latest.tries += 1
            if latest.tries >= CODE_TRIES:
                latest.used_at = at
            # Saved before the refusal leaves the transaction: a wrong try stays counted.
            latest.save(update_fields=["tries", "used_at"])
        else:
            latest.used_at = at
            latest.save(update_fields=["used_at"])
            return request
    raise wrong


def step_do(
    *,
    request: PublicRequest,
    step: int,
    data: Mapping[str, object] | None = None,
    uploads: Uploads | None = None,
    note: str = "",
    expected_version: int | None = None,
    at: dt.datetime,
) -> Case:
    """Complete the requester's own open ``step`` of the request, as the requester."""
    case = request.case
    return task_act(
        case=case,
        step=step,
        actor=request.person,
        data=data,
        uploads=uploads,
        note=note,
        expected_version=expected_version,
        at=at,
    )


def request_withdraw(*, request: PublicRequest, reason: str, at: dt.datetime) -> Case:
    """Withdraw the running request, as its requester, for ``reason``: the rules and the record
    of ``cases.requesting.case_withdraw``."""
    return case_withdraw(case=request.case, actor=request.person, reason=reason, at=at)


def request_comment(*, request: PublicRequest, text: str, client: str, at: dt.datetime) -> Event:
    """Write ``text`` to the office about the running request, as its requester: the rules and
    the record of ``cases.requesting.case_comment``; counted against ``COMMENT_LIMIT``."""
    with transaction.atomic():
        attempt_count(COMMENT_LIMIT, client, at)
    return case_comment(case=request.case, actor=request.person, text=text, at=at)


def public_tell(case: Case, *, title: str, body: str) -> bool:
    """E-mail a public requester about their request, with the link to its status page;
    ``False`` when ``case`` was not filed by the public. Call inside the deciding transaction."""
    if case.requester_kind != RequesterKind.PUBLIC:
        return False  # every requester notice passes here: no query for the others
    request = PublicRequest.objects.filter(case=case).first()
    if request is None:
        return False
    _mail(request, title, body)
    return True


def _mail(request: PublicRequest, title: str, body: str) -> None:
    link = settings.ALUR_SITE_URL + reverse("public_status", args=[request.tracking])
    mail_queue(to=[request.email], subject=f"[Alur] {title}", body=f"{body}\n\n{link}")
