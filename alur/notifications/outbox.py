"""The mail outbox: e-mail is a row first, written with what decided to send it, and delivered
by ``alur worker`` afterwards; so a mail server that is down, or a process that dies, loses
nothing, and a rolled-back action mails no one.

    mail_queue (in the deciding transaction) ─▶ Mail WAITING
    mails_deliver (the worker, every few seconds)
      claim: UPDATE … SET next_attempt_at = now + lease, attempts = attempts + 1
             WHERE id = … AND state = WAITING AND next_attempt_at <= now   (one worker wins)
      send over SMTP ─▶ 250 ─▶ UPDATE state = SENT
                     └▶ refused / unreachable ─▶ WAITING again after a longer wait,
                                                 or FAILED after the last attempt

At least once, not exactly once: SMTP cannot promise more. If the process dies after the
server has accepted a message (its 250 reply) and before the row is marked SENT, the claim runs
out and the message is sent again. The window is one UPDATE long; the message keeps its
Message-ID, so the receiving server or reader can tell the second copy for what it is.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import F
from django.utils import timezone

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


def mail_queue(*, to: list[str], subject: str, body: str) -> list[Mail]:
    """One waiting mail per address; call it inside the transaction that decided to send."""
    now = timezone.now()
    return Mail.objects.bulk_create(
        Mail(
            to=address,
            subject=subject,
            body=body,
            message_id=make_msgid(domain=_domain()),
            next_attempt_at=now,
            created_at=now,
        )
        for address in sorted(set(to))
    )


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
