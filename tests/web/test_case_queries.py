"""What a completion and a case page cost in queries: fixed, whatever the case's history (a plan
sent back and made again many times) and however many other cases and people the office has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from alur.cases.models import Case, Task
from alur.offices.models import Delegation, Membership, Role, Unit, User
from tests.cases.casekit import SOP5_DOCS, WITA, Desk, sop5_at_availability

COMPLETION_QUERIES = 32
"""An htmx completion: the session and the person, the case and what it holds; in one
transaction the lock, the roles, the calendar, what the case holds, the record, the visits with
their open lanes (the inbox's rows) and the report's rollups; then the page's documents, visits,
new events, related cases and slots."""
PAGE_QUERIES = 17


def _sent_back_to_planning(desk: Desk, office: Any, loops: int = 0) -> Case:
    """SOP 5 with its plan sent back once (step 9 open again), then ``loops`` times more."""
    case = sop5_at_availability(desk, office)
    desk.act(case, 6, "kabid.ti", docs=SOP5_DOCS[6], decision="ya")
    desk.act(case, 8, "kasi.aplikasi")
    for loop in range(loops + 1):
        desk.act(case, 9, "dev.sumbawa", docs=SOP5_DOCS[9] if loop == 0 else ())
        desk.act(case, 10, "dev.sumbawa", docs=SOP5_DOCS[10] if loop == 0 else ())
        desk.act(case, 11, "opd.bappeda", decision="tidak", note=f"Ulang {loop}")
    return case


def _complete_step_9(client: Client, case: Case) -> None:
    case.refresh_from_db()
    response = client.post(
        f"/permohonan/{case.pk}/langkah/9/", {"version": case.version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200, response.content.decode()


def _office_grows(demo: SimpleNamespace, desk: Desk, people: int, cases: int) -> None:
    """More people holding the developers' role (some standing in for it), more requests."""
    office = demo.sumbawa
    role = Role.objects.get(office=office, code="tim-pengembang")
    unit = Unit.objects.filter(office=office, kind=Unit.Kind.DIVISION).first()
    for n in range(people):
        user = User.objects.create(username=f"pengembang{n}", office=office, unit=unit)
        Membership.objects.create(user=user, role=role)
        Delegation.objects.create(
            role=role,
            delegate=demo.people["dev.sumbawa"],
            starts=dt.date(2026, 1, 1),
            ends=dt.date(2026, 12, 31),
            kind=Delegation.Kind.PLH,
        )
    for _ in range(cases):
        desk.open(office, "permohonan-pembuatan-aplikasi", "opd.bappeda", docs=SOP5_DOCS[1])


@pytest.fixture
def desk(demo: SimpleNamespace, settings: Any, tmp_path: Any) -> Desk:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA))


def test_a_completion_costs_the_same_queries_whatever_the_history_and_the_office(
    demo: SimpleNamespace,
    desk: Desk,
    client_for: Callable[[str], Client],
    django_assert_max_num_queries: Any,
) -> None:
    dev = client_for("dev.sumbawa")
    # Today's first completion starts the report's rows of the day; the ones measured add to them.
    _complete_step_9(dev, _sent_back_to_planning(desk, demo.sumbawa))
    short = _sent_back_to_planning(desk, demo.sumbawa)
    long = _sent_back_to_planning(desk, demo.sumbawa, loops=8)
    assert Task.objects.filter(case=long, step=9).count() == 10

    counts = []
    for case in (short, long):
        with django_assert_max_num_queries(COMPLETION_QUERIES) as captured:
            _complete_step_9(dev, case)
        counts.append(len(captured))
    _office_grows(demo, desk, people=12, cases=12)
    bigger = _sent_back_to_planning(desk, demo.sumbawa, loops=2)
    with django_assert_max_num_queries(COMPLETION_QUERIES) as captured:
        _complete_step_9(dev, bigger)
    counts.append(len(captured))

    assert counts == [counts[0]] * 3


def test_a_case_page_costs_the_same_queries_whatever_the_history_and_the_office(
    demo: SimpleNamespace,
    desk: Desk,
    client_for: Callable[[str], Client],
    django_assert_max_num_queries: Any,
) -> None:
    kabid = client_for("kabid.ti")
    short = _sent_back_to_planning(desk, demo.sumbawa)
    long = _sent_back_to_planning(desk, demo.sumbawa, loops=8)

    counts = []
    for case in (short, long):
        with django_assert_max_num_queries(PAGE_QUERIES) as captured:
            assert kabid.get(f"/permohonan/{case.pk}/").status_code == 200
        counts.append(len(captured))
    _office_grows(demo, desk, people=12, cases=12)
    with django_assert_max_num_queries(PAGE_QUERIES) as captured:
        assert kabid.get(f"/permohonan/{long.pk}/").status_code == 200
    counts.append(len(captured))

    assert counts == [counts[0]] * 3
