"""The case page as its requester sees it: where the request is, who holds it, what comes
next and when it should finish; the person who filed it withdraws it or writes to the office
from there, a wrong reason or comment is told next to its field, and nobody else is offered or
allowed either."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from casekit import WITA, Desk, snapshot_of, sop5_opened
from django.test import Client

from alur.cases.due import expected_finish
from alur.cases.models import Case, Event, Task
from alur.cases.progress import Basis, progress_of
from alur.catalog.services import definition_of
from alur.notifications.models import Kind, Notification
from alur.offices.calendar import calendar_for
from alur.sop import parse_duration

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=WITA)


@pytest.fixture
def case(demo: SimpleNamespace, settings, tmp_path) -> Case:
    settings.MEDIA_ROOT = tmp_path / "media"
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA))
    return sop5_opened(desk, demo.sumbawa)


def _client(demo: SimpleNamespace, who: str) -> Client:
    client = Client()
    client.force_login(demo.people[who])
    return client


def _text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</(dd|section|form)>', html, re.S)
    assert found is not None, element_id
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def test_the_progress_names_the_step_its_holder_the_next_step_and_the_finish(demo, case) -> None:
    progress = progress_of(case, now=NOW)

    assert progress.status_text == "Sedang diproses oleh kantor"
    [holder] = progress.current
    assert (holder.step, holder.lanes, holder.people, holder.requester) == (
        2,
        ["Kepala Dinas"],
        [str(demo.people["kadis.sumbawa"])],
        False,
    )
    assert [(n.step, n.lanes) for n in progress.next_steps] == [(3, ["Kepala Bidang TI"])]
    assert progress.finish is not None
    assert progress.finish.basis == Basis.SOP
    open_tasks = list(Task.objects.filter(case=case, status=Task.Status.OPEN))
    definition, calendar = definition_of(case.sop_version), calendar_for(case.office)
    assert progress.finish.at == expected_finish(case, definition, calendar, open_tasks, NOW)


def test_the_expected_finish_adds_the_remaining_allowed_times_from_now(demo, case) -> None:
    """Step 2 (1 working day) is due on Tuesday 3 March at 08:30; after it, the longest way
    to an end gives steps 5 and 9 a working day each, step 12 35 working days, step 13 one day
    and step 14 two working days, added one after the other on the office's calendar."""
    [task] = Task.objects.filter(case=case, status=Task.Status.OPEN)
    definition, calendar = definition_of(case.sop_version), calendar_for(case.office)
    expected = task.due
    for waktu in ("1 Hari Kerja", "1 Hari Kerja", "35 Hari Kerja", "1 hari", "2 hari Kerja"):
        expected = calendar.due(expected, parse_duration(waktu))

    finish = expected_finish(case, definition, calendar, [task], NOW)

    assert task.due == dt.datetime(2026, 3, 3, 8, 30, tzinfo=WITA)
    assert finish == expected
    assert finish == dt.datetime(2026, 5, 7, 8, 30, tzinfo=WITA)


def test_a_step_past_its_due_counts_from_now(demo, case) -> None:
    [task] = Task.objects.filter(case=case, status=Task.Status.OPEN)
    definition, calendar = definition_of(case.sop_version), calendar_for(case.office)
    later = dt.datetime(2026, 3, 10, 10, 0, tzinfo=WITA)
    expected = later
    for waktu in ("1 Hari Kerja", "1 Hari Kerja", "35 Hari Kerja", "1 hari", "2 hari Kerja"):
        expected = calendar.due(expected, parse_duration(waktu))

    assert expected_finish(case, definition, calendar, [task], later) == expected


def test_the_requester_sees_the_summary_and_the_forms(demo, case) -> None:
    html = _client(demo, "opd.bappeda").get(f"/permohonan/{case.pk}/").content.decode()

    assert _text(html, "keadaan-permohonan") == "Sedang diproses oleh kantor"
    assert "Kepala Dinas" in _text(html, "langkah-sekarang")
    assert "Kepala Bidang TI" in _text(html, "langkah-berikutnya")
    assert 'data-basis="sop"' in html
    assert 'id="form-tarik"' in html and 'id="form-komentar"' in html


def test_an_officer_sees_neither_the_summary_nor_the_forms(demo, case) -> None:
    html = _client(demo, "kadis.sumbawa").get(f"/permohonan/{case.pk}/").content.decode()

    assert 'id="ringkasan-pemohon"' not in html
    assert 'id="form-tarik"' not in html


def test_a_withdrawal_without_a_reason_is_told_next_to_its_field(demo, case) -> None:
    before = snapshot_of(case)

    response = _client(demo, "opd.bappeda").post(f"/permohonan/{case.pk}/tarik/", {"reason": " "})

    assert response.status_code == 422
    assert "Alasan penarikan wajib diisi." in _text(response.content.decode(), "bidang-reason")
    assert snapshot_of(case) == before


def test_a_reason_with_a_bidi_control_is_told_next_to_its_field(demo, case) -> None:
    response = _client(demo, "opd.bappeda").post(
        f"/permohonan/{case.pk}/tarik/", {"reason": "Batal\u202e"}
    )

    assert response.status_code == 422
    assert "(U+202E)" in _text(response.content.decode(), "bidang-reason")


def test_the_requester_withdraws_from_the_page(demo, case) -> None:
    client = _client(demo, "opd.bappeda")

    response = client.post(f"/permohonan/{case.pk}/tarik/", {"reason": "Anggaran dibatalkan."})

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.end_reason) == ("ditarik", "Anggaran dibatalkan.")
    html = client.get(f"/permohonan/{case.pk}/").content.decode()
    assert _text(html, "keadaan-permohonan") == "Ditarik oleh pemohon"
    assert 'id="form-tarik"' not in html
    assert 'data-kind="case.withdrawn"' in html


@pytest.mark.parametrize(("who", "status"), [("kadis.sumbawa", 403), ("opd.dikbud", 404)])
def test_others_cannot_withdraw(demo, case, who, status) -> None:
    before = snapshot_of(case)

    response = _client(demo, who).post(f"/permohonan/{case.pk}/tarik/", {"reason": "Batal."})

    assert response.status_code == status
    assert snapshot_of(case) == before


def test_the_requester_comments_and_the_office_is_told(demo, case) -> None:
    client = _client(demo, "opd.bappeda")

    response = client.post(f"/permohonan/{case.pk}/komentar/", {"text": "Mohon dipercepat."})

    assert response.status_code == 302
    event = Event.objects.filter(case=case).order_by("-seq").first()
    assert event is not None
    assert (event.kind, event.note, event.data) == (
        "case.commented",
        "Mohon dipercepat.",
        {"open_steps": [[2, 1]]},
    )
    told = Notification.objects.filter(kind=Kind.REQUESTER_COMMENT)
    assert [n.recipient.username for n in told] == ["kadis.sumbawa"]
    html = client.get(f"/permohonan/{case.pk}/").content.decode()
    assert 'data-kind="case.commented"' in html
    assert "Mohon dipercepat." in html


def test_an_overlong_comment_is_told_next_to_its_field(demo, case) -> None:
    before = snapshot_of(case)

    response = _client(demo, "opd.bappeda").post(
        f"/permohonan/{case.pk}/komentar/", {"text": "x" * 2001}
    )

    assert response.status_code == 422
    assert "2000" in _text(response.content.decode(), "bidang-text")
    assert snapshot_of(case) == before


@pytest.mark.parametrize(("who", "status"), [("kadis.sumbawa", 403), ("opd.dikbud", 404)])
def test_others_cannot_comment(demo, case, who, status) -> None:
    before = snapshot_of(case)

    response = _client(demo, who).post(f"/permohonan/{case.pk}/komentar/", {"text": "Halo."})

    assert response.status_code == status
    assert snapshot_of(case) == before
