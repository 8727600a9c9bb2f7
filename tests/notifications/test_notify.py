"""Each person gets a kind of notification in the app, by e-mail, both or neither, as chosen."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from alur.notifications.models import Kind, Mail, Notification, Preference
from alur.notifications.outbox import mails_deliver
from alur.notifications.services import Choice, notify, preferences_save

AT = dt.datetime(2026, 8, 18, 1, 0, tzinfo=dt.UTC)


def _send(demo: SimpleNamespace, *usernames: str) -> list[Notification]:
    return notify(
        recipients=[demo.people[name] for name in usernames],
        kind=Kind.REMINDER,
        title="Langkah 3 jatuh tempo",
        body="Hosting aplikasi antrean",
        url="/permohonan/1/",
        at=AT,
    )


def _deliver() -> None:
    """What ``alur worker`` does a moment later: deliver the outbox."""
    mails_deliver(now=timezone.now())


def test_without_a_choice_a_person_gets_both(demo: SimpleNamespace, settings: Any) -> None:
    settings.ALUR_SITE_URL = "https://alur.batam.go.id"
    _send(demo, "kabid.pe")
    _deliver()

    assert list(Notification.objects.values_list("recipient__username", "kind", "title")) == [
        ("kabid.pe", "pengingat", "Langkah 3 jatuh tempo")
    ]
    [message] = mail.outbox
    assert (message.to, message.subject, message.body) == (
        ["kabid.pe@demo.invalid"],
        "[Alur] Langkah 3 jatuh tempo",
        "Hosting aplikasi antrean\n\nhttps://alur.batam.go.id/permohonan/1/",
    )


def test_in_the_app_only_writes_the_notification_and_mails_no_one(demo: SimpleNamespace) -> None:
    written = notify(
        recipients=[demo.people["kabid.pe"]],
        kind=Kind.SURVEY,
        title="Survei kepuasan",
        body="Isi survei",
        url="/permohonan/1/skm/",
        at=AT,
        mail=False,
    )

    assert [n.recipient.username for n in written] == ["kabid.pe"]
    assert not Mail.objects.exists()


@pytest.mark.parametrize(
    ("in_app", "email", "notifications", "mails"),
    [(True, False, 1, 0), (False, True, 0, 1), (False, False, 0, 0)],
)
def test_a_persons_choice_is_respected(
    demo: SimpleNamespace,
    in_app: bool,
    email: bool,
    notifications: int,
    mails: int,
) -> None:
    preferences_save(user=demo.people["kabid.pe"], choices={"pengingat": Choice(in_app, email)})

    _send(demo, "kabid.pe", "kadis.batam")
    _deliver()

    assert Notification.objects.filter(recipient=demo.people["kabid.pe"]).count() == notifications
    assert sum(m.to == ["kabid.pe@demo.invalid"] for m in mail.outbox) == mails
    # Another person's choice is theirs alone: the Kadis chose nothing and gets both.
    assert Notification.objects.filter(recipient=demo.people["kadis.batam"]).count() == 1
    assert sum(m.to == ["kadis.batam@demo.invalid"] for m in mail.outbox) == 1


def test_a_choice_for_one_kind_leaves_the_others(
    demo: SimpleNamespace,
) -> None:
    preferences_save(user=demo.people["kabid.pe"], choices={"eskalasi": Choice(False, False)})

    _send(demo, "kabid.pe")
    _deliver()

    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_no_mail_is_sent_when_the_transaction_rolls_back(demo: SimpleNamespace) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        _send(demo, "kabid.pe")
        raise RuntimeError
    _deliver()

    assert (Notification.objects.count(), Mail.objects.count()) == (0, 0)
    assert mail.outbox == []


def test_a_person_without_an_address_gets_no_mail(
    demo: SimpleNamespace,
) -> None:
    person = demo.people["kabid.pe"]
    person.email = ""
    person.save(update_fields=["email"])

    _send(demo, "kabid.pe")
    _deliver()

    assert Notification.objects.count() == 1
    assert mail.outbox == []


def test_an_unknown_kind_is_refused_and_nothing_is_saved(demo: SimpleNamespace) -> None:
    with pytest.raises(ValueError, match="jenis pemberitahuan tidak dikenal: lainnya"):
        preferences_save(
            user=demo.people["kabid.pe"],
            choices={"pengingat": Choice(False, False), "lainnya": Choice(True, True)},
        )

    assert Preference.objects.count() == 0
