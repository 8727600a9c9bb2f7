"""A requester withdraws their running request (tarik permohonan) with a reason: the case ends
as withdrawn, its open visits close unworked, the record keeps the event and its chain still
verifies; the office's people of the open step are told. Only the person who filed, only while
the case runs, only with a reason; a refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from casekit import WITA, Desk, snapshot_of, sop1_at_decision, sop5_opened

from alur.cases.audit import verify_case, verify_rows
from alur.cases.models import Case, Event, Task
from alur.cases.requesting import REASON_LIMIT, case_comment, case_withdraw
from alur.cases.services import Conflict, Invalid, NotAllowed
from alur.notifications.models import Kind, Notification
from alur.offices.models import User

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 3, 3, 10, 0, tzinfo=WITA)


@pytest.fixture
def desk(demo: SimpleNamespace, settings, tmp_path) -> Desk:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA))


@pytest.fixture
def case(demo: SimpleNamespace, desk: Desk) -> Case:
    """SOP 5 filed by the Bappeda's person: step 2 waits for the Kadis."""
    return sop5_opened(desk, demo.sumbawa)


def test_the_requester_withdraws_and_the_case_ends_withdrawn(demo, case) -> None:
    case_withdraw(
        case=case, actor=demo.people["opd.bappeda"], reason="  Anggaran dibatalkan.  ", at=AT
    )

    row = Case.objects.get(pk=case.pk)
    assert (row.status, row.closed_at, row.end_reason) == ("ditarik", AT, "Anggaran dibatalkan.")
    assert list(Task.objects.filter(case=case).values_list("step", "status")) == [
        (1, Task.Status.DONE),
        (2, Task.Status.CLOSED),
    ]
    assert row.state["open"] == []
    event = Event.objects.filter(case=case).order_by("-seq").first()
    assert event is not None
    assert (event.kind, event.actor_id, event.note, event.data) == (
        "case.withdrawn",
        demo.people["opd.bappeda"].pk,
        "Anggaran dibatalkan.",
        {"open_steps": [[2, 1]]},
    )
    assert verify_case(row) is None
    assert verify_rows(row) == []


def test_the_office_people_of_the_open_step_are_told(demo, case) -> None:
    case_withdraw(case=case, actor=demo.people["opd.bappeda"], reason="Batal.", at=AT)

    told = Notification.objects.filter(kind=Kind.WITHDRAWN)
    assert [n.recipient.username for n in told] == ["kadis.sumbawa"]
    assert told[0].title == f"Permohonan {case.number} ditarik pemohon"
    assert "Alasan: Batal." in told[0].body


def test_a_step_done_after_the_withdrawal_is_refused(demo, case, desk) -> None:
    case_withdraw(case=case, actor=demo.people["opd.bappeda"], reason="Batal.", at=AT)

    with pytest.raises(Conflict, match="ditarik"):
        desk.act(case, 2, "kadis.sumbawa")


@pytest.mark.parametrize("who", ["kadis.sumbawa", "opd.dikbud", "kabid.pe", "opd.bappeda.2"])
def test_anyone_but_the_person_who_filed_is_refused(demo, case, who) -> None:
    if who == "opd.bappeda.2":  # a colleague of the same OPD
        filer = demo.people["opd.bappeda"]
        User.objects.create(username=who, office=filer.office, unit=filer.unit)
    actor = User.objects.get(username=who)
    before = snapshot_of(case)

    with pytest.raises(NotAllowed):
        case_withdraw(case=case, actor=actor, reason="Batal.", at=AT)

    assert snapshot_of(case) == before


def test_a_reason_is_required(demo, case) -> None:
    before = snapshot_of(case)

    with pytest.raises(Invalid, match="Alasan penarikan wajib diisi"):
        case_withdraw(case=case, actor=demo.people["opd.bappeda"], reason="   ", at=AT)

    assert snapshot_of(case) == before


@pytest.mark.parametrize(
    ("reason", "says"),
    [("x" * (REASON_LIMIT + 1), "paling panjang 1.000"), ("Batal\u202e.", r"\(U\+202E\)")],
)
def test_a_reason_too_long_or_with_a_bidi_control_is_refused(demo, case, reason, says) -> None:
    before = snapshot_of(case)

    with pytest.raises(Invalid, match=says):
        case_withdraw(case=case, actor=demo.people["opd.bappeda"], reason=reason, at=AT)

    assert snapshot_of(case) == before


def test_an_ended_case_cannot_be_withdrawn(demo, case) -> None:
    case_withdraw(case=case, actor=demo.people["opd.bappeda"], reason="Batal.", at=AT)
    before = snapshot_of(case)

    with pytest.raises(Conflict, match="sudah berakhir"):
        case_withdraw(
            case=case, actor=demo.people["opd.bappeda"], reason="Lagi.", at=AT + dt.timedelta(1)
        )

    assert snapshot_of(case) == before


def test_withdrawing_a_request_withdraws_the_related_request_it_opened(demo, desk) -> None:
    """SOP 1's plan at step 7 has opened a hosting request (SOP 2) and waits for it."""
    plan = sop1_at_decision(desk, demo.batam)
    desk.act(plan, 6, "subkoor.pa", decision="ya")
    hosting = Case.objects.get(parent=plan)
    requester = demo.people["opd.disdukcapil"]

    with pytest.raises(NotAllowed, match=plan.number):
        case_withdraw(case=hosting, actor=requester, reason="Batal.", at=AT)
    case_withdraw(case=plan, actor=requester, reason="Batal.", at=AT)

    for row, data in (
        (Case.objects.get(pk=plan.pk), {"open_steps": [[7, 1]]}),
        (Case.objects.get(pk=hosting.pk), {"parent": plan.number, "open_steps": [[1, 1]]}),
    ):
        assert row.status == Case.Status.WITHDRAWN
        last = Event.objects.filter(case=row).order_by("-seq").first()
        assert last is not None
        assert (last.kind, last.data) == ("case.withdrawn", data)
        assert verify_case(row) is None
        assert verify_rows(row) == []


def test_a_comment_is_kept_in_the_record_and_the_chain_holds(demo, case) -> None:
    before = snapshot_of(case)

    case_comment(case=case, actor=demo.people["opd.bappeda"], text="Mohon dipercepat.", at=AT)

    row = Case.objects.get(pk=case.pk)
    assert snapshot_of(case).events == before.events + 1
    assert (row.version, row.status) == (before.version, "berjalan")
    assert verify_case(row) is None
    assert verify_rows(row) == []


@pytest.mark.parametrize(
    ("text", "says"),
    [(" ", "Komentar wajib diisi"), ("x" * 2001, "paling panjang 2.000"), ("a\u2066b", "U\\+2066")],
)
def test_a_comment_empty_too_long_or_with_a_bidi_control_is_refused(demo, case, text, says):
    before = snapshot_of(case)

    with pytest.raises(Invalid, match=says):
        case_comment(case=case, actor=demo.people["opd.bappeda"], text=text, at=AT)

    assert snapshot_of(case) == before
