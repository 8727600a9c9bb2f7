"""A person who chose the daily digest gets one e-mail a day listing their notifications, at
the opening of their office's next working day in its own time zone; the notifications in the
app come as before."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail

from alur.notifications.models import Kind, Mail, Notification
from alur.notifications.outbox import digests_compose, mails_deliver
from alur.notifications.services import digest_moment, preferences_save
from alur.offices.calendar import calendar_for
from tests.cases.casekit import WIB, WITA, Desk, sop5_opened

KADIS = "kadis.sumbawa@demo.invalid"


@pytest.fixture
def desk(demo: SimpleNamespace, settings: Any, tmp_path: Any) -> Desk:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA))  # a Monday


@pytest.mark.parametrize(
    ("at", "sent"),
    [
        # Monday morning and Monday after closing: Tuesday's opening.
        (dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA), dt.datetime(2026, 3, 3, 8, 0, tzinfo=WITA)),
        (dt.datetime(2026, 3, 2, 23, 0, tzinfo=WITA), dt.datetime(2026, 3, 3, 8, 0, tzinfo=WITA)),
        # Friday and the weekend: Monday's.
        (dt.datetime(2026, 3, 6, 10, 0, tzinfo=WITA), dt.datetime(2026, 3, 9, 8, 0, tzinfo=WITA)),
        (dt.datetime(2026, 3, 8, 10, 0, tzinfo=WITA), dt.datetime(2026, 3, 9, 8, 0, tzinfo=WITA)),
        # Thursday 30 April: Friday is Hari Buruh, a national holiday; Monday is the next open.
        (dt.datetime(2026, 4, 30, 10, 0, tzinfo=WITA), dt.datetime(2026, 5, 4, 8, 0, tzinfo=WITA)),
        # 23:30 in Jakarta is already Tuesday in Sumbawa: the office's day counts.
        (dt.datetime(2026, 3, 2, 23, 30, tzinfo=WIB), dt.datetime(2026, 3, 4, 8, 0, tzinfo=WITA)),
    ],
)
def test_a_days_digest_goes_out_as_the_office_opens_its_next_working_day(
    demo: SimpleNamespace, at: dt.datetime, sent: dt.datetime
) -> None:
    assert digest_moment(at, calendar_for(demo.sumbawa)) == sent


def test_the_digest_lists_the_days_mails_in_one_mail_once(
    demo: SimpleNamespace, desk: Desk
) -> None:
    kadis = demo.people["kadis.sumbawa"]
    preferences_save(user=kadis, choices={}, daily=True)
    first = sop5_opened(desk, demo.sumbawa)
    second = sop5_opened(desk, demo.sumbawa, who="opd.dikbud")

    held = list(Mail.objects.filter(to=KADIS).order_by("pk"))
    tuesday = dt.datetime(2026, 3, 3, 8, 0, tzinfo=WITA)
    assert [(m.state, m.next_attempt_at) for m in held] == [(Mail.State.DAILY, tuesday)] * 2
    # The app's own notifications are not held back.
    assert Notification.objects.filter(recipient=kadis, kind=Kind.STEP_OPENED).count() == 2

    assert digests_compose(now=tuesday - dt.timedelta(minutes=1)) == 0
    assert digests_compose(now=tuesday) == 1
    assert digests_compose(now=tuesday + dt.timedelta(minutes=5)) == 0
    mails_deliver(now=tuesday)

    [digest] = [message for message in mail.outbox if message.to == [KADIS]]
    assert digest.subject == "[Alur] Ringkasan harian: 2 pemberitahuan"
    lines = digest.body.splitlines()
    assert lines[0] == "Pemberitahuan Anda sejak ringkasan sebelumnya:"
    assert f"1. Langkah 2 permohonan {first.number} menunggu Anda" in lines
    assert f"2. Langkah 2 permohonan {second.number} menunggu Anda" in lines
    bundled = Mail.objects.filter(pk__in=[m.pk for m in held]).values_list("state", flat=True)
    assert list(bundled) == [Mail.State.BUNDLED] * 2


def test_without_the_digest_each_mail_goes_at_once(demo: SimpleNamespace, desk: Desk) -> None:
    kadis = demo.people["kadis.sumbawa"]
    preferences_save(user=kadis, choices={}, daily=True)
    preferences_save(user=kadis, choices={}, daily=False)

    sop5_opened(desk, demo.sumbawa)

    assert list(Mail.objects.filter(to=KADIS).values_list("state", flat=True)) == [
        Mail.State.WAITING
    ]
