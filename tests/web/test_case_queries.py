"""What a completion and a case page cost in queries: fixed, whatever the case's history (a plan
sent back and made again many times) and however many other cases and people the office has.
The page shows the newest part of a long history, and the rest a link further."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from alur.cases.history import DOCUMENT_VERSIONS_SHOWN, EVENTS_SHOWN, VISITS_SHOWN
from alur.cases.models import Case, Document, Event, Task
from alur.offices.models import Delegation, Membership, Role, Unit, User
from tests.cases.casekit import SOP5_DOCS, WITA, Desk, sop5_at_availability

COMPLETION_QUERIES = 42
"""An htmx completion: the session and the person, the case and what it holds, the person's files
kept from a refused form of the step; in one transaction the lock, the roles (own and delegated, so
a member of the role asks for no delegation), the office's choice of role per lane, the calendar,
the record (its last number, then the events), the visits with their open lanes (the inbox's rows),
the report's rollups (a row in each of its five tables for the visit finished: its step's, its
bucket's, its month's, its person's and its requesting OPD's day), the office's webhook
subscriptions (none here: one query for all the events) and the people told (five: the requester of
the step done, with their choice, one insert of notifications and one of mails; the people of the
step opened, with their choices, and one insert of notifications for all of them, none of whom has
an e-mail address here); what the case holds is not asked again under the lock when its version is
the one the form was checked on; then for the answer, which shows only what changed: what the case
now holds (its documents themselves only when the step brought some), the visits open before and
now, the times of the visits after the sum of the first kept on the case (its due; once in sixteen
visits the case's writer reads them too, in the transaction, to move that sum on, one query more),
new events, related cases, the person's kept files for the steps now open and who has started on
them, and slots (the office's role tree, read once); and the forecast's key, how many cases of each
of the office's SOPs have ended (one query per office and request, whatever the cases shown; a
history is read only when it changed, and never below the forecast's minimum of ended cases, as
here)."""
PAGE_QUERIES = 19
"""The case page: the session and the person, the case, its newest visits, the times of the visits
after the sum of the first kept on the case (its due), the newest versions of its documents, its
newest events, related cases, the roles, the office's choice of role per lane (and, when the person
may act on an open step, their kept files and who has started on it), the slots (the office's role
tree read once for all of them) and, for the menu's "Ajukan permohonan", whether the person may
file: their unit and office, the SOPs in force and the roles of their first lanes; the forecast's
key (as in a completion)."""


LONG = 11
"""Times more round the loop of a long history: over 40 visits, over 100 events."""


def _sent_back_to_planning(desk: Desk, office: Any, loops: int = 0, *, plans: bool = False) -> Case:
    """SOP 5 with its plan sent back once (step 9 open again), then ``loops`` times more; with
    ``plans``, each round brings a new version of step 9's documents."""
    case = sop5_at_availability(desk, office)
    desk.act(case, 6, "kabid.ti", docs=SOP5_DOCS[6], decision="ya")
    desk.act(case, 8, "kasi.aplikasi")
    for loop in range(loops + 1):
        desk.act(case, 9, "dev.sumbawa", docs=SOP5_DOCS[9] if loop == 0 or plans else ())
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
    # Someone besides the developer holds the role, so that step 10, opened by each completion,
    # is news to someone from the start (one insert of notifications, whoever many they are).
    role = Role.objects.get(office=demo.sumbawa, code="tim-pengembang")
    second = User.objects.create(
        username="pengembang.kedua", office=demo.sumbawa, unit=demo.people["dev.sumbawa"].unit
    )
    Membership.objects.create(user=second, role=role)
    # Today's first completion starts the report's rows of the day; the ones measured add to them.
    _complete_step_9(dev, _sent_back_to_planning(desk, demo.sumbawa))
    short = _sent_back_to_planning(desk, demo.sumbawa)
    long = _sent_back_to_planning(desk, demo.sumbawa, loops=LONG)
    assert Task.objects.filter(case=long, step=9).count() == LONG + 2
    assert Task.objects.filter(case=long).count() > 40

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
    long = _sent_back_to_planning(desk, demo.sumbawa, loops=LONG, plans=True)
    assert Task.objects.filter(case=short).count() < VISITS_SHOWN < 40
    assert Task.objects.filter(case=long).count() > 40
    assert Event.objects.filter(case=long).count() > 2 * EVENTS_SHOWN

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


# --- the history a link further -----------------------------------------------------------------


def _rows(html: str, body: str, pattern: str) -> list[str]:
    """What ``pattern`` finds in the rows of the table body with id ``body``."""
    found = re.search(rf'<tbody id="{body}">(.*?)</tbody>', html, re.S)
    assert found is not None, body
    return re.findall(pattern, found[1])


def _older_link(html: str, section: str) -> str | None:
    """The address of the link to the part of the history before the one shown."""
    found = re.search(rf'<a href="(\?[^"#]+)#{section}" hx-get="[^"]+"', html)
    return found[1].replace("&amp;", "&") if found else None


def test_the_case_page_shows_the_newest_visits_and_the_older_ones_a_link_further(
    demo: SimpleNamespace, desk: Desk, client_for: Callable[[str], Client]
) -> None:
    case = _sent_back_to_planning(desk, demo.sumbawa, loops=LONG)
    kabid = client_for("kabid.ti")
    every = list(
        Task.objects.filter(case=case)
        .order_by("opened_at", "pk")
        .values_list("step", "visit", "status")
    )
    visit_row = r'id="kunjungan-(\d+)-(\d+)"'

    html = kabid.get(f"/permohonan/{case.pk}/").content.decode()
    newest = [(int(s), int(v)) for s, v in _rows(html, "kunjungan-baris", visit_row)]
    assert newest == [(s, v) for s, v, _ in every[-VISITS_SHOWN:]]
    assert every[-1][2] == Task.Status.OPEN

    seen, link = list(newest), _older_link(html, "kunjungan")
    parts = 1
    while link is not None:
        html = kabid.get(f"/permohonan/{case.pk}/{link}").content.decode()
        part = [(int(s), int(v)) for s, v in _rows(html, "kunjungan-baris", visit_row)]
        assert 0 < len(part) <= VISITS_SHOWN
        seen = part + seen
        link, parts = _older_link(html, "kunjungan"), parts + 1
    assert seen == [(s, v) for s, v, _ in every]
    assert parts == -(-len(every) // VISITS_SHOWN)


def test_htmx_brings_the_older_visits_with_the_link_to_the_ones_before_them(
    demo: SimpleNamespace, desk: Desk, client_for: Callable[[str], Client]
) -> None:
    case = _sent_back_to_planning(desk, demo.sumbawa, loops=LONG)
    kabid = client_for("kabid.ti")
    html = kabid.get(f"/permohonan/{case.pk}/").content.decode()
    link = _older_link(html, "kunjungan")
    assert link is not None

    answer = kabid.get(
        f"/permohonan/{case.pk}/{link}", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="kunjungan-baris"
    ).content.decode()

    older = [(s, v) for s, v in re.findall(r'<tr data-step="(\d+)" data-visit="(\d+)"', answer)]
    every = list(Task.objects.filter(case=case).order_by("opened_at", "pk"))
    expected = every[-2 * VISITS_SHOWN : -VISITS_SHOWN]
    assert older == [(str(task.step), str(task.visit)) for task in expected]
    assert '<p id="kunjungan-sebelumnya" class="small" hx-swap-oob="true">' in answer
    assert 'id="isi-permohonan"' not in answer


def test_the_record_shows_its_newest_events_and_the_older_ones_a_link_further(
    demo: SimpleNamespace, desk: Desk, client_for: Callable[[str], Client]
) -> None:
    case = _sent_back_to_planning(desk, demo.sumbawa, loops=LONG)
    kabid = client_for("kabid.ti")
    total = Event.objects.filter(case=case).count()

    html = kabid.get(f"/permohonan/{case.pk}/").content.decode()
    seen = [int(seq) for seq in _rows(html, "catatan-baris", r'data-seq="(\d+)"')]
    assert seen == list(range(total - EVENTS_SHOWN + 1, total + 1))
    link = _older_link(html, "catatan")
    while link is not None:
        html = kabid.get(f"/permohonan/{case.pk}/{link}").content.decode()
        seen = [int(seq) for seq in _rows(html, "catatan-baris", r'data-seq="(\d+)"')] + seen
        link = _older_link(html, "catatan")
    assert seen == list(range(1, total + 1))


def test_the_page_shows_the_newest_versions_of_a_document_and_all_of_them_a_link_further(
    demo: SimpleNamespace, desk: Desk, client_for: Callable[[str], Client]
) -> None:
    case = _sent_back_to_planning(desk, demo.sumbawa, loops=4, plans=True)
    name = SOP5_DOCS[9][0]
    versions = Document.objects.filter(case=case, name=name).count()
    assert versions == 5
    kabid = client_for("kabid.ti")
    shown = rf'data-document="{re.escape(name)}" data-version="(\d+)"'

    html = kabid.get(f"/permohonan/{case.pk}/").content.decode()
    assert re.findall(shown, html) == ["5", "4", "3"][:DOCUMENT_VERSIONS_SHOWN]
    assert f'data-all-versions="{name}"' in html

    html = kabid.get(f"/permohonan/{case.pk}/", {"dokumen": name}).content.decode()
    assert re.findall(shown, html) == ["5", "4", "3", "2", "1"]


def test_the_flow_table_kept_per_version_marks_each_cases_own_open_step(
    demo: SimpleNamespace, desk: Desk, client_for: Callable[[str], Client]
) -> None:
    kabid = client_for("kabid.ti")
    planning = _sent_back_to_planning(desk, demo.sumbawa)
    waiting = sop5_at_availability(desk, demo.sumbawa)
    assert planning.sop_version_id == waiting.sop_version_id
    current = r'<tr data-step="(\d+)" class="kind-\w+ current">'

    pages = [
        kabid.get(f"/permohonan/{case.pk}/").content.decode()
        for case in (planning, waiting, planning)
    ]

    assert re.findall(current, pages[0]) == ["9"]
    assert re.findall(current, pages[1]) == [
        str(task.step) for task in Task.objects.filter(case=waiting, status=Task.Status.OPEN)
    ]
    assert re.findall(current, pages[2]) == ["9"]
