"""The mail outbox: e-mail is a row first, written with what decided to send it, and delivered
by ``alur worker`` afterwards; so a mail server that is down, or a process that dies, loses
nothing, and a rolled-back action mails no one.

    mail_queue / mails_write (in the deciding transaction) ─▶ Mail WAITING (or DAILY)
    mails_deliver (the worker, every few seconds)
      claim: UPDATE … SET next_attempt_at = now + lease, attempts = attempts + 1
             WHERE id = … AND state = WAITING AND next_attempt_at <= now   (one worker wins)
      send over SMTP ─▶ 250 ─▶ UPDATE state = SENT
                     └▶ refused / unreachable ─▶ WAITING again after a longer wait,
                                                 or FAILED after the last attempt

A person who chose a daily digest (``Digest``) has each mail written as a line of it instead
(DAILY, due at their office's next opening); ``digests_compose`` (the worker, before each
delivery round) lists an address's due lines in one WAITING mail and marks them BUNDLED.

At least once, not exactly once: SMTP cannot promise more. If the process dies after the
server has accepted a message (its 250 reply) and before the row is marked SENT, the claim runs
out and the message is sent again. The window is one UPDATE long; the message keeps its
Message-ID, so the receiving server or reader can tell the second copy for what it is.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alur.notifications.models import Mail

BATCH = 50
"""Mails one delivery round takes at most; the next round takes the rest."""

_ONE_MESSAGE_REFUSED = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
)
"""The server answered but would not take this message: try the next one now."""


@dataclass(frozen=True)
class Delivery:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def mail_queue(
    *, to: list[str], subject: str, body: str, at: dt.datetime | None = None
) -> list[Mail]:
    """One waiting mail per address, to be sent from ``at`` (now); call it inside the
    transaction that decided to send."""
    return mails_write(now=to, daily={}, subject=subject, body=body, at=at)


def mails_write(
    *,
    now: list[str],
    daily: Mapping[str, dt.datetime],
    subject: str,
    body: str,
    at: dt.datetime | None = None,
) -> list[Mail]:
    """One insert for one message: a waiting mail to each address of ``now``, and a line of
    the daily digest to each address of ``daily``, taken up at the moment given for it. Call
    it inside the transaction that decided to send."""
    at = at or timezone.now()
    rows = [
        Mail(
            to=address,
            subject=subject,
            body=body,
            message_id=make_msgid(domain=_domain()),
            next_attempt_at=at,
            created_at=at,
        )
        for address in sorted(set(now))
    ]
    rows += [
        Mail(
            to=address,
            subject=subject,
            body=body,
            message_id=make_msgid(domain=_domain()),
            state=Mail.State.DAILY,
            next_attempt_at=daily[address],
            created_at=at,
        )
        for address in sorted(daily)
        if address not in now
    ]
    return Mail.objects.bulk_create(rows) if rows else []


def digests_compose(*, now: dt.datetime) -> int:
    """Gather each address's digest lines that are due into one waiting mail; the number of
    digests written. Safe in several workers at once: an address's lines are taken under a
    lock, and a line already taken is not taken again (its state is no longer DAILY)."""
    due = (
        Mail.objects.filter(state=Mail.State.DAILY, next_attempt_at__lte=now)
        .order_by("to")
        .values_list("to", flat=True)
        .distinct()
    )
    written = 0
    for address in list(due[:BATCH]):
        with transaction.atomic():
            lines = list(
                Mail.objects.select_for_update(skip_locked=True)
                .filter(to=address, state=Mail.State.DAILY, next_attempt_at__lte=now)
                .order_by("created_at", "pk")
            )
            if not lines:
                continue
            Mail.objects.filter(pk__in=[line.pk for line in lines]).update(
                state=Mail.State.BUNDLED, sent_at=now
            )
            mail_queue(
                to=[address],
                subject=_digest_subject(len(lines)),
                body=_digest_body(lines),
                at=now,
            )
            written += 1
    return written


def _digest_subject(count: int) -> str:
    return "[Alur] " + ngettext(
        "Ringkasan harian: %(n)s pemberitahuan", "Ringkasan harian: %(n)s pemberitahuan", count
    ) % {"n": count}


def _digest_body(lines: list[Mail]) -> str:
    head = _("Pemberitahuan Anda sejak ringkasan sebelumnya:")
    items = []
    for number, line in enumerate(lines, start=1):
        title = line.subject.removeprefix("[Alur] ")
        text = "\n".join(f"   {part}" for part in line.body.splitlines() if part.strip())
        items.append(f"{number}. {title}\n{text}" if text else f"{number}. {title}")
    foot = _("Anda menerima satu surel sehari; ubah pilihan ini pada Pilihan pemberitahuan.")
    return "\n\n".join([head, *items, foot])


def retry_delay(attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed try: the first wait, doubled each time, capped."""
    seconds = settings.ALUR_MAIL_RETRY_SECONDS * 2 ** (attempts - 1)
    return dt.timedelta(seconds=min(seconds, settings.ALUR_MAIL_RETRY_MAX_SECONDS))


def mails_deliver(*, now: dt.datetime) -> Delivery:
    """Send the mails whose time has come; safe to run in several workers at once."""
    due = list(
        Mail.objects.filter(state=Mail.State.WAITING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    sent = retrying = failed = 0
    if not due:
        return Delivery()
    connection = get_connection()
    try:
        for pk in due:
            mail = _claim(pk, now)
            if mail is None:
                continue
            try:
                connection.open()
                accepted = connection.send_messages([_message(mail)])
            except _ONE_MESSAGE_REFUSED as error:
                gave_up = _failed(mail, now, error)
            except (smtplib.SMTPException, OSError) as error:
                # The server is down or went away: the rest waits for the next round.
                gave_up = _failed(mail, now, error)
                failed += gave_up
                retrying += not gave_up
                break
            else:
                if accepted == 1:
                    Mail.objects.filter(pk=mail.pk).update(state=Mail.State.SENT, sent_at=now)
                    sent += 1
                    continue
                gave_up = _failed(mail, now, RuntimeError("server tidak menerima pesan"))
            failed += gave_up
            retrying += not gave_up
    finally:
        connection.close()
    return Delivery(sent=sent, retrying=retrying, failed=failed)


def _claim(pk: int, now: dt.datetime) -> Mail | None:
    """Take one mail for this round, or ``None`` when another worker took it first. A mail
    whose last attempt ended with its process (claimed, never marked) fails here."""
    lease = dt.timedelta(seconds=settings.EMAIL_TIMEOUT * 3 + 60)
    claimed = Mail.objects.filter(pk=pk, state=Mail.State.WAITING, next_attempt_at__lte=now).update(
        next_attempt_at=now + lease, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return None
    mail = Mail.objects.get(pk=pk)
    if mail.attempts > settings.ALUR_MAIL_MAX_ATTEMPTS:
        Mail.objects.filter(pk=pk).update(
            state=Mail.State.FAILED, attempts=settings.ALUR_MAIL_MAX_ATTEMPTS
        )
        return None
    return mail


def _failed(mail: Mail, now: dt.datetime, error: BaseException) -> bool:
    """Keep why this attempt failed and when to try again; whether it was the last."""
    last = mail.attempts >= settings.ALUR_MAIL_MAX_ATTEMPTS
    Mail.objects.filter(pk=mail.pk).update(
        state=Mail.State.FAILED if last else Mail.State.WAITING,
        next_attempt_at=now if last else now + retry_delay(mail.attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    return last


def _message(mail: Mail) -> EmailMessage:
    return EmailMessage(
        subject=mail.subject,
        body=mail.body,
        to=[mail.to],
        headers={"Message-ID": mail.message_id},
    )


def _domain() -> str:
    """The sender's domain names the Message-IDs, without asking the DNS for this host's."""
    _local, _at, domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")
    return domain.strip(">").strip() or "alur.invalid"
