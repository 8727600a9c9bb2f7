"""A year of demo history: consistent records (the audit chain holds, the report's rollups equal
a rebuild), a realistic mix of finished, returned, stopped and running cases with loops and late
steps, loaded once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, F, Q

from alur.cases.audit import verify_all
from alur.cases.models import Case, Document, Event, Task
from alur.cli import main
from alur.demo import demo_year_load
from alur.survey.models import Invitation, Response
from tests.reports.rollupkit import year_rolled_up

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 27, 15, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_year_is_consistent_varied_rolled_up_and_loads_once(demo) -> None:
    written = demo_year_load(now=NOW)

    assert written == Case.objects.count()
    assert list(verify_all()) == []
    year_rolled_up((demo.sumbawa, demo.batam))  # the rollups of tests/reports/test_rollups.py
    statuses = dict(Case.objects.values_list("status").annotate(n=Count("id")))
    assert set(statuses) == {"selesai", "dikembalikan", "dihentikan", "berjalan"}
    assert Case.objects.filter(opened_at__lt=NOW - dt.timedelta(days=366)).count() == 0
    assert Case.objects.filter(opened_at__gt=NOW).count() == 0
    done = Task.objects.filter(status=Task.Status.DONE)
    assert not done.filter(Q(working_minutes__isnull=True) | Q(done_at__gt=NOW)).exists()
    assert done.filter(visit__gt=1, step=9, case__office__code="dkisp-sumbawa").exists()
    assert done.filter(visit__gt=1, step=12, case__office__code="dkisp-sumbawa").exists()
    assert done.filter(done_at__gt=F("due_at")).exists()
    assert (
        done.filter(done_at__lte=F("due_at")).count() > done.filter(done_at__gt=F("due_at")).count()
    )
    assert Case.objects.filter(parent__isnull=False, parent_step__isnull=False).exists()
    for case in Case.objects.exclude(status=Case.Status.RUNNING):
        assert case.closed_at is not None
        assert not case.tasks.filter(status=Task.Status.OPEN).exists()
    # The satisfaction survey: most ended requests answered, after their end and before now
    ended = Case.objects.exclude(status=Case.Status.RUNNING).exclude(requester_kind="")
    answered = Response.objects.filter(case__in=ended)
    assert Invitation.objects.count() == ended.count()
    assert ended.count() * 0.6 < answered.count() < ended.count() * 0.9
    assert not answered.filter(Q(answered_at__gt=NOW) | Q(answered_at__lt=F("case__closed_at")))
    assert Response.objects.count() == answered.count()
    letters = Document.objects.filter(name="Surat Permohonan Pembuatan Aplikasi")
    assert letters.count() == Case.objects.filter(office__code="dkisp-sumbawa").count()
    assert Event.objects.filter(kind="document.added").count() == Document.objects.count()

    # Loaded once: an office that has cases keeps them as they are
    events = Event.objects.count()
    assert demo_year_load(now=NOW) == 0
    assert Event.objects.count() == events


def test_no_request_is_opened_after_now_on_a_sunday_evening(demo) -> None:
    """A moment drawn after the office closed on Friday would open on Monday morning, after
    ``now``; the year stops at ``now`` in every office, Sumbawa's clock an hour ahead."""
    sunday = dt.datetime(2027, 10, 3, 20, 13, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert sunday.weekday() == 6

    assert demo_year_load(now=sunday) > 0
    assert Case.objects.filter(opened_at__gt=sunday).count() == 0
    assert not Task.objects.filter(done_at__gt=sunday).exists()


def test_alur_demo_year_loads_it_and_alur_audit_verify_passes(demo, capsys) -> None:
    assert main(["demo", "--year"]) == 0
    out = capsys.readouterr().out
    cases = Case.objects.count()
    assert f"Riwayat demo: {cases} permohonan setahun terakhir dimuat.\n" in out

    assert main(["audit", "verify"]) == 0
    assert capsys.readouterr().out == (
        "belum ada titik periksa bertanda tangan: rantai diperiksa tanpa pembanding.\n"
        f"{cases} permohonan diperiksa: rantai utuh.\n"
    )
    assert main(["demo", "--year"]) == 0
    assert capsys.readouterr().out.endswith(
        "Riwayat demo tidak dimuat: kantor demo sudah berisi permohonan.\n"
    )
    assert Case.objects.count() == cases
