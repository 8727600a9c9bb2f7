"""The mail outbox against a real SMTP server: a mail waits out a server that is down, a refused
recipient is tried again with growing waits until given up, and nothing is delivered twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from alur.notifications.models import Kind, Mail
from alur.notifications.outbox import Delivery, mail_queue, mails_deliver, retry_delay
from alur.notifications.services import notify
from tests.notifications.smtpkit import SmtpServer, free_port


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpServer]:
    """A server on a free port, not started yet; Alur's mail goes to it over SMTP."""
    server = SmtpServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 10
    settings.ALUR_MAIL_RETRY_SECONDS = 60
    settings.ALUR_MAIL_RETRY_MAX_SECONDS = 3600
    yield server
    server.stop()


def _ids(server: SmtpServer) -> list[tuple[str, str]]:
    return [(message["To"], message["Message-ID"]) for message in server.mailbox.received]


@pytest.mark.django_db
def test_a_mail_queued_while_the_server_is_down_is_delivered_once_it_is_up(
    smtp: SmtpServer,
) -> None:
    [queued] = mail_queue(to=["kabid.pe@demo.invalid"], subject="[Alur] Uji", body="Isi")
    now = timezone.now()

    assert mails_deliver(now=now) == Delivery(retrying=1)
    waiting = Mail.objects.get()
    assert (waiting.state, waiting.attempts, waiting.next_attempt_at) == (
        Mail.State.WAITING,
        1,
        now + dt.timedelta(seconds=60),
    )
    assert "ConnectionRefusedError" in waiting.last_error

    smtp.start()
    assert mails_deliver(now=now + dt.timedelta(seconds=59)) == Delivery()
    assert mails_deliver(now=now + dt.timedelta(seconds=60)) == Delivery(sent=1)
    assert mails_deliver(now=now + dt.timedelta(hours=2)) == Delivery()

    assert _ids(smtp) == [("kabid.pe@demo.invalid", queued.message_id)]
    sent = Mail.objects.get()
    assert (sent.state, sent.sent_at) == (Mail.State.SENT, now + dt.timedelta(seconds=60))


@pytest.mark.django_db
def test_a_refused_recipient_is_tried_again_with_growing_waits_then_given_up(
    smtp: SmtpServer, settings: Any
) -> None:
    settings.ALUR_MAIL_MAX_ATTEMPTS = 4
    smtp.mailbox.refused = {"keliru@demo.invalid"}
    smtp.start()
    good, bad = mail_queue(
        to=["kadis.batam@demo.invalid", "keliru@demo.invalid"], subject="[Alur] Uji", body="Isi"
    )
    moment = timezone.now()
    waits: list[dt.timedelta] = []
    deliveries = [mails_deliver(now=moment)]
    while Mail.objects.get(pk=bad.pk).state == Mail.State.WAITING:
        following = Mail.objects.get(pk=bad.pk).next_attempt_at
        waits.append(following - moment)
        # Not a moment before its time.
        assert mails_deliver(now=following - dt.timedelta(seconds=1)) == Delivery()
        moment = following
        deliveries.append(mails_deliver(now=moment))

    assert waits == [dt.timedelta(seconds=seconds) for seconds in (60, 120, 240)]
    assert deliveries == [
        Delivery(sent=1, retrying=1),
        Delivery(retrying=1),
        Delivery(retrying=1),
        Delivery(failed=1),
    ]
    given_up = Mail.objects.get(pk=bad.pk)
    assert (given_up.state, given_up.attempts) == (Mail.State.FAILED, 4)
    assert "550" in given_up.last_error
    assert mails_deliver(now=moment + dt.timedelta(days=1)) == Delivery()
    assert _ids(smtp) == [("kadis.batam@demo.invalid", good.message_id)]


def test_the_waits_double_up_to_the_cap(settings: Any) -> None:
    settings.ALUR_MAIL_RETRY_SECONDS = 60
    settings.ALUR_MAIL_RETRY_MAX_SECONDS = 3600

    assert [retry_delay(n).total_seconds() for n in range(1, 10)] == [
        60,
        120,
        240,
        480,
        960,
        1920,
        3600,
        3600,
        3600,
    ]


@pytest.mark.django_db
def test_a_mail_taken_by_one_worker_is_not_taken_by_another(smtp: SmtpServer) -> None:
    smtp.start()
    mail_queue(to=["kabid.pe@demo.invalid"], subject="[Alur] Uji", body="Isi")
    now = timezone.now()
    # The first worker's claim, as it stands while that worker talks to the server.
    claimed = Mail.objects.filter(state=Mail.State.WAITING, next_attempt_at__lte=now).update(
        next_attempt_at=now + dt.timedelta(minutes=2), attempts=1
    )

    assert (claimed, mails_deliver(now=now)) == (1, Delivery())
    # The first worker died before marking it: when the claim runs out it is sent again, with
    # the same Message-ID for the receiver to recognise.
    assert mails_deliver(now=now + dt.timedelta(minutes=2)) == Delivery(sent=1)
    assert len(smtp.mailbox.received) == 1


def test_each_mail_has_its_own_message_id_in_the_senders_domain(
    demo: SimpleNamespace, settings: Any
) -> None:
    settings.DEFAULT_FROM_EMAIL = "Alur <alur@batam.go.id>"
    with transaction.atomic():
        notify(
            recipients=[demo.people["kabid.pe"], demo.people["kadis.batam"]],
            kind=Kind.REMINDER,
            title="Langkah 3 jatuh tempo",
            body="Hosting",
            url="/permohonan/1/",
            at=timezone.now(),
        )

    ids = list(Mail.objects.values_list("message_id", flat=True))
    assert len(set(ids)) == 2
    assert all(i.startswith("<") and i.endswith("@batam.go.id>") for i in ids)
