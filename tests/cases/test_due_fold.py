"""The sum of a case's first visits, kept on the case (``alur.cases.due.Folded``): its due and
its page read only the visits after it, and come out as if every visit were added up again."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

from alur.cases import selectors, services
from alur.cases.due import Folded, case_due, latest_done_visits
from alur.cases.history import History, visit_times
from alur.cases.models import Case, Task
from alur.cases.recording import FOLD_EVERY
from alur.cases.requesting import case_withdraw
from alur.catalog.services import definition_of
from alur.offices.calendar import calendar_for, calendar_key
from alur.offices.models import OfficeDay
from tests.cases.casekit import SOP5_DOCS, WITA, Desk, sop5_replanned


@pytest.fixture
def desk(demo: SimpleNamespace, settings: Any, tmp_path: Any) -> Desk:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA))


def _from_every_visit(case: Case) -> tuple[dt.datetime | None, dict[int, int]]:
    """The case's due and each step's latest done visit, every visit added up again."""
    every = visit_times(case)
    definition = definition_of(case.sop_version)
    return (
        case_due(case, definition, calendar_for(case.office), every),
        latest_done_visits(every),
    )


def _page(case: Case, demo: SimpleNamespace, desk: Desk) -> selectors.CasePage:
    case.refresh_from_db()
    return selectors.case_page(case, demo.people["kabid.ti"], now=desk.now, history=History())


def _round(desk: Desk, case: Case, loop: int) -> None:
    """Step 9's plan made again and sent back by the OPD (step 11, "tidak")."""
    desk.act(case, 9, "dev.sumbawa", docs=SOP5_DOCS[9] if loop == 0 else ())
    desk.act(case, 10, "dev.sumbawa", docs=SOP5_DOCS[10] if loop == 0 else ())
    desk.act(case, 11, "opd.bappeda", decision="tidak", note=f"Ulang {loop}")


def test_the_due_and_the_page_from_the_kept_sum_are_those_of_every_visit(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_replanned(desk, demo.sumbawa, 0)  # step 9 open for the developers
    seen = set()
    for loop in range(FOLD_EVERY + 4):
        if loop % 5 == 2:
            # An agreed extension of the open visit: a day more, counted when it is summed up.
            open_visit = Task.objects.get(case=case, status=Task.Status.OPEN)
            assert open_visit.due_at is not None
            open_visit.changed_due_at = open_visit.due_at + dt.timedelta(days=1)
            open_visit.save(update_fields=["changed_due_at"])
        _round(desk, case, loop)
        page = _page(case, demo, desk)
        due, latest = _from_every_visit(case)
        assert page.due == due
        assert page.done_steps == frozenset(latest)
        folded = Folded.of(case, calendar_key(case.office))
        if folded is not None:
            seen.add(folded.visits)
            assert latest_done_visits(visit_times(case, folded), folded) == latest
            # What the page reads again: the visits since the sum moved on, never more.
            assert len(visit_times(case, folded)) <= FOLD_EVERY + 2

    total = Task.objects.filter(case=case).count()
    assert total > 3 * FOLD_EVERY
    assert len(seen) >= 3, seen  # the sum moved on, again and again, as the case went round
    assert max(seen) > total - FOLD_EVERY - 2


def test_a_case_with_no_kept_sum_or_one_it_cannot_read_adds_up_every_visit(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_replanned(desk, demo.sumbawa, FOLD_EVERY // 3 + 2)  # past the first sum
    case.refresh_from_db()
    kept = case.due_fold
    assert Folded.of(case, calendar_key(case.office)) is not None
    due, _latest = _from_every_visit(case)

    for unreadable in (None, {"at": "kemarin"}, {**kept, "version": case.sop_version_id + 1}):
        Case.objects.filter(pk=case.pk).update(due_fold=unreadable)
        page = _page(case, demo, desk)
        assert Folded.of(case, calendar_key(case.office)) is None
        assert page.due == due


def test_a_new_day_off_in_the_calendar_sets_the_kept_sum_aside(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_replanned(desk, demo.sumbawa, FOLD_EVERY // 3 + 2)  # past the first sum
    before = _page(case, demo, desk).due
    assert before is not None
    key = calendar_key(case.office)
    assert Folded.of(case, key) is not None

    # A day off decreed for a working day the case's first visits were counted through.
    first = Task.objects.filter(case=case).exclude(due_at=None).order_by("opened_at", "pk").first()
    assert first is not None and first.due_at is not None
    day = first.due_at.astimezone(WITA).date()
    OfficeDay.objects.create(
        office=case.office, date=day, kind=OfficeDay.Kind.DAY_OFF, name="Cuti bersama"
    )

    assert calendar_key(case.office) != key
    assert Folded.of(case, calendar_key(case.office)) is None
    page = _page(case, demo, desk)
    assert page.due == _from_every_visit(case)[0]
    assert page.due is not None and page.due > before


def test_an_ended_case_keeps_the_sum_of_every_visit(demo: SimpleNamespace, desk: Desk) -> None:
    case = sop5_replanned(desk, demo.sumbawa, 1)
    case.refresh_from_db()
    assert Folded.of(case, calendar_key(case.office)) is None  # too few visits yet

    case_withdraw(
        case=case, actor=demo.people["opd.bappeda"], reason="Tidak jadi.", at=desk.tick(case.office)
    )
    case.refresh_from_db()
    assert case.status == Case.Status.WITHDRAWN
    folded = Folded.of(case, calendar_key(case.office))
    assert folded is not None
    assert folded.visits == Task.objects.filter(case=case).count()
    assert visit_times(case, folded) == []
    assert _page(case, demo, desk).due == _from_every_visit(case)[0]


def test_a_visit_recorded_at_an_earlier_moment_than_the_kept_sum_sets_it_aside(
    demo: SimpleNamespace, desk: Desk
) -> None:
    """A change recorded at its own moment (the worker acting late at the time it was due) may
    open a visit that sorts before visits already added up: the sum is counted again."""
    case = sop5_replanned(desk, demo.sumbawa, FOLD_EVERY // 3 + 2)  # past the first sum
    case.refresh_from_db()
    folded = Folded.of(case, calendar_key(case.office))
    assert folded is not None

    earlier = folded.opened - dt.timedelta(minutes=1)
    services.task_act(
        case=case,
        step=9,
        actor=demo.people["dev.sumbawa"],
        uploads=desk.uploads(SOP5_DOCS[9]),
        at=earlier,
    )

    case.refresh_from_db()
    opened = Task.objects.get(case=case, step=10, status=Task.Status.OPEN)
    assert opened.opened_at < folded.opened  # it sorts among the visits added up before
    again = Folded.of(case, calendar_key(case.office))
    assert again is None or again.opened <= opened.opened_at
    due, latest = _from_every_visit(case)
    page = _page(case, demo, desk)
    assert page.due == due
    assert page.done_steps == frozenset(latest)
