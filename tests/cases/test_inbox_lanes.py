"""A person's inbox asks the database for their own open steps (``OpenLane`` rows) and pages
them: the same steps and lanes as ``permissions.lanes_of`` gives over every open step, roles,
Plh/Plt delegations on the day, requester lanes and joint steps included; and a number of
queries that does not grow with the office's other open steps, the case's history or the page.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from casekit import (
    SOP4,
    SOP4_DOCS,
    Desk,
    sop1_at_decision,
    sop2_opened,
    sop5_at_availability,
    sop5_opened,
    sop5_replanned,
)
from django.test import Client

from alur.cases import permissions, selectors
from alur.cases.models import Case, OpenLane, Task
from alur.catalog.services import definition_of
from alur.offices.models import Delegation, Role, User


def python_rule(user: User, now: dt.datetime) -> list[tuple[int, list[str]]]:
    """Every open step of the person's office read with its SOP, as the inbox once was."""
    today = selectors.local_today(user, now)
    running = permissions.visible_cases(user).filter(status=Case.Status.RUNNING)
    tasks = (
        Task.objects.filter(status=Task.Status.OPEN, case__in=running)
        .select_related("case__sop_version")
        .order_by("opened_at", "pk")
    )
    rows = []
    for task in tasks:
        definition = definition_of(task.case.sop_version)
        lanes = permissions.lanes_of(user, task.case, definition, today)
        mine = [
            definition.lanes[lane].nama
            for lane in task.lanes
            if lane in lanes and lane not in task.confirmed_by
        ]
        if mine:
            rows.append((task, mine))
    # The most urgent first: by due, none last; of one due, the one waiting longest.
    rows.sort(key=lambda row: (row[0].due is None, row[0].due or now, row[0].opened_at))
    return [(task.pk, mine) for task, mine in rows]


def every_page(user: User, now: dt.datetime) -> list[tuple[int, list[str]]]:
    rows, number = [], 1
    while True:
        page = selectors.inbox(user, now=now, page=number)
        rows += [(row.task.pk, row.lanes) for row in page]
        if not page.has_next():
            return rows
        number += 1


def delegate(office_role: Role, who: User, starts: dt.date, ends: dt.date) -> None:
    Delegation.objects.create(
        role=office_role, delegate=who, kind=Delegation.Kind.PLH, starts=starts, ends=ends
    )


def test_the_inbox_holds_what_the_python_rule_gives_for_every_demo_person(
    demo: SimpleNamespace, desk: Desk
) -> None:
    people = demo.people
    sop1_at_decision(desk, demo.batam)
    sop2_opened(desk, demo.batam)
    sop2_opened(desk, demo.batam, who="opd.dinkes")
    returned = sop2_opened(desk, demo.batam)
    desk.act(returned, 2, "kadis.batam", docs=("Surat Disposisi",))
    desk.act(returned, 3, "kabid.pe", decision="tidak", note="Rekomendasi belum ada.")
    # SOP 4's joint review: the owner agency has confirmed one, nobody the other.
    half = desk.open(demo.batam, SOP4, "opd.disdukcapil", docs=SOP4_DOCS[1], title="SIAK")
    desk.act(half, 2, "analis.batam", docs=SOP4_DOCS[2])
    desk.act(half, 3, "opd.disdukcapil", docs=SOP4_DOCS[3])
    untouched = desk.open(demo.batam, SOP4, "opd.dinkes", docs=SOP4_DOCS[1], title="SIMPUS")
    desk.act(untouched, 2, "analis.batam", docs=SOP4_DOCS[2])
    sop5_opened(desk, demo.sumbawa)
    sop5_opened(desk, demo.sumbawa, who="opd.dikbud")
    sop5_at_availability(desk, demo.sumbawa)
    now = desk.tick(demo.batam)
    today = now.date()
    day = dt.timedelta(days=1)
    # Kabid TI stands in for the Kadis today; Kasi PA stood in for Kabid PE until yesterday.
    delegate(Role.objects.get(office=demo.sumbawa, code="kadis"), people["kabid.ti"], today, today)
    delegate(
        Role.objects.get(office=demo.batam, code="kabid-pe"),
        people["kasi.pa"],
        today - 3 * day,
        today - day,
    )

    for username, person in people.items():
        assert every_page(person, now) == python_rule(person, now), username

    step3 = {case.pk: Task.objects.get(case=case, step=3).pk for case in (half, untouched)}
    kasi = dict(every_page(people["kasi.pa"], now))
    assert (kasi[step3[half.pk]], kasi[step3[untouched.pk]]) == (["Kasi"], ["Kasi"])
    assert step3[half.pk] not in dict(every_page(people["opd.disdukcapil"], now))
    kabid_ti = [lanes for _, lanes in every_page(people["kabid.ti"], now)]
    assert kabid_ti.count(["Kepala Dinas"]) == 2
    assert not Task.objects.filter(case=returned, open_lanes__isnull=False).exists()


def test_a_lane_row_is_there_while_the_lane_has_yet_to_act(
    demo: SimpleNamespace, desk: Desk
) -> None:
    half = desk.open(demo.batam, SOP4, "opd.disdukcapil", docs=SOP4_DOCS[1], title="SIAK")
    desk.act(half, 2, "analis.batam", docs=SOP4_DOCS[2])
    step3 = OpenLane.objects.filter(task__case=half, task__step=3)
    unit = demo.people["opd.disdukcapil"].unit_id

    assert sorted(step3.values_list("lane", "role", "requester_unit_id", "office_id")) == [
        ("instansi-pemilik", "", unit, demo.batam.pk),
        ("kasi", "kasi", unit, demo.batam.pk),
    ]
    desk.act(half, 3, "opd.disdukcapil", docs=SOP4_DOCS[3])
    assert list(step3.values_list("lane", flat=True)) == ["kasi"]
    desk.act(half, 3, "kasi.pa")
    assert not step3.exists()


# --- what an inbox costs ----------------------------------------------------------------------

QUERIES = 15
"""Of one inbox page, signed in: the session, the person, their office and its calendar, the
person's roles and delegations, the office's SOPs for the filter, the count, the page's steps
and their lanes, the forecast's key (how many cases of each SOP of the office ended: once for
the page, and no history read below the forecast's minimum, as here); and what the page's
frame asks (units, the heads' roles for the menu, unread notifications)."""


def signed_in(demo: SimpleNamespace, username: str) -> Client:
    client = Client()
    client.force_login(demo.people[username])
    return client


def inbox_of(client: Client, query: str = "") -> str:
    response = client.get(f"/tugas/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_an_inbox_costs_the_same_queries_in_a_busy_office_with_long_histories(
    demo: SimpleNamespace, desk: Desk, django_assert_max_num_queries: object
) -> None:
    sop5_replanned(desk, demo.sumbawa, 0)
    dev, kadis = signed_in(demo, "dev.sumbawa"), signed_in(demo, "kadis.sumbawa")
    with django_assert_max_num_queries(QUERIES):  # type: ignore[operator]
        html = inbox_of(dev)
    assert html.count('data-step="9"') == 1

    # Many open steps of other people, here and in Batam, and a case looped eight times.
    for _ in range(12):
        sop5_opened(desk, demo.sumbawa, who="opd.dikbud")
        sop2_opened(desk, demo.batam)
    sop5_replanned(desk, demo.sumbawa, 8)
    sop5_replanned(desk, demo.sumbawa, 1)
    with django_assert_max_num_queries(QUERIES):  # type: ignore[operator]
        html = inbox_of(dev)
    assert html.count('data-step="9"') == 3
    with django_assert_max_num_queries(QUERIES):  # type: ignore[operator]
        html = inbox_of(kadis)
    assert html.count('data-step="2"') == 12
    with django_assert_max_num_queries(QUERIES):  # type: ignore[operator]
        html = inbox_of(kadis, "?sop=permohonan-pembuatan-aplikasi&halaman=1")
    assert html.count('data-step="2"') == 12
    with django_assert_max_num_queries(QUERIES):  # type: ignore[operator]
        html = inbox_of(kadis, "?sop=permohonan-pembuatan-aplikasi&tenggat=tanpa")
    assert html.count('data-step="2"') == 0


def test_the_inbox_is_paged_by_due(demo: SimpleNamespace, desk: Desk) -> None:
    cases = [sop5_opened(desk, demo.sumbawa) for _ in range(selectors.INBOX_PER_PAGE + 2)]
    now = desk.tick(demo.sumbawa)
    kadis = demo.people["kadis.sumbawa"]

    first = selectors.inbox(kadis, now=now)
    second = selectors.inbox(kadis, now=now, page=2)

    steps = Task.objects.filter(case__in=cases, step=2)
    earliest_due = [t.case_id for t in sorted(steps, key=lambda t: (t.due, t.opened_at, t.pk))]
    assert [row.task.case_id for row in first] == earliest_due[: selectors.INBOX_PER_PAGE]
    assert [row.task.case_id for row in second] == earliest_due[selectors.INBOX_PER_PAGE :]
    assert (first.paginator.count, first.paginator.num_pages) == (len(cases), 2)
    html = inbox_of(signed_in(demo, "kadis.sumbawa"))
    assert 'href="?halaman=2"' in html
    assert "Halaman 1 dari 2" in html


@pytest.mark.parametrize("username", ["opd.bappeda", "kabid.ti", "kadis.batam"])
def test_nobody_else_sees_the_kadis_steps(demo: SimpleNamespace, desk: Desk, username: str) -> None:
    sop5_opened(desk, demo.sumbawa)

    assert list(selectors.inbox(demo.people[username], now=desk.tick(demo.sumbawa))) == []
