"""Where the time goes, from a small hand-built history of Sumbawa's SOP 5 (January to March
2026, WITA), written straight into the visits and rolled up by a rebuild:

    case A (Bappeda)  step 9   visit 1  10 Jan  100 min, 40 waiting   on time
                      step 11  visit 1  12 Jan   50 min, 50 waiting   late     tidak (back to 9)
                      step 9   visit 2   3 Feb  200 min, 20 waiting   late
                      step 11  visit 2   5 Feb   30 min,  0 waiting   on time  ya
    case B (Dikbud)   step 9   visit 1  10 Feb  300 min, 150 waiting  late
                      step 14  visit 1   3 Mar   20 min, 10 waiting   no due   tidak (back to 12)
    case C (Dikbud)   step 9   visit 1   2 Apr  outside the period

The SOP's working time is 700 minutes, 270 of them waiting. Step 9: 210 waiting and 390
working (30% and 55.7%); step 11: 50 and 30; step 14: 10 and 10.
"""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from alur.cases.models import Case, Task
from alur.catalog.services import definition_of
from alur.reports import behind, selectors
from alur.reports.period import Period
from alur.reports.rebuild import office_rebuild
from alur.reports.spent import LateStep, Loop, TimeSpent, behind_query
from tests.reports.ledger import SOP5, at, case_of

pytestmark = pytest.mark.django_db

PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31), "Asia/Makassar")


def _visit(
    case: Case,
    step: int,
    visit: int,
    done: dt.datetime,
    minutes: int,
    waiting: int,
    due: bool | None,
    decision: str = "",
) -> None:
    Task.objects.create(
        case=case,
        sop_version_id=case.sop_version_id,
        step=step,
        visit=visit,
        lanes=[],
        status=Task.Status.DONE,
        opened_at=done - dt.timedelta(days=1),
        due_at=None if due is None else done + dt.timedelta(hours=1 if due else -1),
        done_at=done,
        decision=decision,
        working_minutes=minutes,
        waiting_minutes=waiting,
    )


@pytest.fixture
def history(demo: SimpleNamespace) -> SimpleNamespace:
    bappeda, dikbud = demo.people["opd.bappeda"], demo.people["opd.dikbud"]
    a = case_of(demo.sumbawa, SOP5, bappeda, at(1, 5))
    b = case_of(demo.sumbawa, SOP5, dikbud, at(2, 1))
    c = case_of(demo.sumbawa, SOP5, dikbud, at(3, 30))
    _visit(a, 9, 1, at(1, 10), 100, 40, True)
    _visit(a, 11, 1, at(1, 12), 50, 50, False, "tidak")
    _visit(a, 9, 2, at(2, 3), 200, 20, False)
    _visit(a, 11, 2, at(2, 5), 30, 0, True, "ya")
    _visit(b, 9, 1, at(2, 10), 300, 150, False)
    _visit(b, 14, 1, at(3, 3), 20, 10, None, "tidak")
    _visit(c, 9, 1, at(4, 2), 500, 500, False)
    office_rebuild(office_id=demo.sumbawa.pk)
    return SimpleNamespace(a=a, b=b, c=c, bappeda=bappeda.unit, dikbud=dikbud.unit)


def _spent(demo: SimpleNamespace) -> TimeSpent:
    board = selectors.dashboard(demo.sumbawa, PERIOD, sop_code=SOP5)
    [spent] = board.spent
    return spent


def test_each_steps_share_of_the_time_is_split_into_waiting_and_working(demo, history) -> None:
    spent = _spent(demo)

    assert (spent.minutes, spent.waiting) == (700, 270)
    assert [(row.step, row.finished, row.waiting, row.working) for row in spent.steps] == [
        (9, 3, 210, 390),
        (11, 2, 50, 30),
        (14, 1, 10, 10),
    ]
    nine = spent.steps[0]
    assert (nine.waiting_share, nine.working_share, nine.share) == (210 / 700, 390 / 700, 600 / 700)
    assert nine.bar == ("30.00", "55.71")


def test_the_steps_most_often_late_come_first(demo, history) -> None:
    spent = _spent(demo)

    assert [(row.step, row.late, row.with_target) for row in spent.late] == [(9, 2, 3), (11, 1, 2)]
    assert isinstance(spent.late[0], LateStep)
    assert spent.late[0].late_rate == 2 / 3


def test_each_loop_of_the_sop_is_counted_from_the_answers_that_took_it(demo, history) -> None:
    spent = _spent(demo)

    # SOP 5 goes back from step 11 to step 9 and from step 14 to step 12, each on "tidak".
    assert [(loop.step, loop.answer, loop.back_to, loop.taken) for loop in spent.loops] == [
        (11, "tidak", 9, 1),
        (14, "tidak", 12, 1),
    ]
    assert all(isinstance(loop, Loop) for loop in spent.loops)


def test_the_on_time_rate_by_month(demo, history) -> None:
    spent = _spent(demo)

    assert [(row.month, row.with_target, row.on_time, row.late) for row in spent.months] == [
        (dt.date(2026, 1, 1), 2, 1, 1),
        (dt.date(2026, 2, 1), 3, 1, 2),
        (dt.date(2026, 3, 1), 0, 0, 0),
    ]
    assert [row.on_time_rate for row in spent.months] == [1 / 2, 1 / 3, None]


def test_the_lanes_and_requesting_opds_with_the_most_waiting(demo, history) -> None:
    spent = _spent(demo)

    assert [(row.name, row.visits, row.waiting, row.minutes) for row in spent.lanes] == [
        ("Tim Pengembang Aplikasi", 3, 210, 600),
        ("OPD", 3, 60, 100),
    ]
    assert [(row.name, row.visits, row.waiting, row.minutes) for row in spent.agencies] == [
        (history.dikbud.name, 2, 160, 320),
        (history.bappeda.name, 4, 110, 380),
    ]
    assert spent.agencies[0].mean_waiting == 80


def _behind(demo, query: str) -> tuple[set[str], int]:
    """The cases (numbers) and the visits the list of the link's query holds."""
    form = behind.BehindForm(dict(item.split("=") for item in query.split("&")))
    assert form.is_valid(), form.errors
    version = selectors.office_sops(demo.sumbawa)
    sops = [(sop, definition_of(v)) for sop, v in version if sop.code == form.cleaned_data["sop"]]
    period = form.period(dt.date(2026, 12, 1), demo.sumbawa.zone)
    visits = behind.visits_behind(demo.sumbawa, period, sops, form.cleaned_data)
    return {task.case.number for task in visits.select_related("case")}, visits.count()


def test_each_figures_link_lists_exactly_the_cases_behind_it(demo, history) -> None:
    spent = _spent(demo)
    a, b = history.a.number, history.b.number
    nine, eleven = spent.steps[0], spent.steps[1]
    jan, feb = spent.months[0], spent.months[1]
    lanes = {row.name: row for row in spent.lanes}
    agencies = {row.name: row for row in spent.agencies}

    assert _behind(demo, spent.query) == ({a, b}, 6)
    assert _behind(demo, nine.query) == ({a, b}, nine.finished)
    assert _behind(demo, eleven.query) == ({a}, eleven.finished)
    assert _behind(demo, spent.late[0].query) == ({a, b}, spent.late[0].late)
    assert _behind(demo, spent.late[1].query) == ({a}, spent.late[1].late)
    assert _behind(demo, spent.loops[0].query) == ({a}, spent.loops[0].taken)
    assert _behind(demo, spent.loops[1].query) == ({b}, spent.loops[1].taken)
    assert _behind(demo, jan.query) == ({a}, jan.with_target)
    assert _behind(demo, feb.query) == ({a, b}, feb.with_target)
    assert _behind(demo, feb.late_query) == ({a, b}, feb.late)
    team = lanes["Tim Pengembang Aplikasi"]
    assert _behind(demo, team.query) == ({a, b}, team.visits)
    dikbud = agencies[history.dikbud.name]
    assert _behind(demo, dikbud.query) == ({b}, dikbud.visits)


def test_the_query_of_a_figure_names_its_period_sop_and_filters() -> None:
    assert behind_query(PERIOD, SOP5, langkah=9, terlambat=1) == (
        f"dari=01-01-2026&sampai=31-03-2026&sop={SOP5}&langkah=9&terlambat=1"
    )


def test_the_report_and_the_cases_behind_a_figure_show_for_a_head(demo, history) -> None:
    client = Client()
    client.force_login(demo.people["kabid.ti"])
    office = demo.sumbawa.code
    query = behind_query(PERIOD, SOP5)

    page = client.get(f"{reverse('reports_dashboard', args=[office])}?{query}")
    listed = client.get(f"{reverse('reports_cases', args=[office])}?{query}&langkah=11")

    assert page.status_code == 200
    html = page.content.decode()
    escaped = query.replace("&", "&amp;")
    assert f'href="/laporan/{office}/kasus/?{escaped}&amp;langkah=9"' in html
    assert 'id="putaran-permohonan-pembuatan-aplikasi"' in html
    assert listed.status_code == 200
    text = listed.content.decode()
    assert history.a.number in text
    assert history.b.number not in text
    assert 'data-visits="2" data-cases="1"' in text


@pytest.mark.parametrize(("username", "status"), [("dev.sumbawa", 403), ("kadis.batam", 404)])
def test_the_cases_behind_a_figure_are_refused_to_people_without_the_report(
    demo, history, username, status
) -> None:
    client = Client()
    client.force_login(demo.people[username])

    response = client.get(
        f"{reverse('reports_cases', args=[demo.sumbawa.code])}?{behind_query(PERIOD, SOP5)}"
    )

    assert response.status_code == status
    assert history.a.number not in response.content.decode()


REPORT_QUERIES = 19
"""The report of one SOP whatever the number of cases: the dashboard's own queries (the office's
days and SOPs, cases by SOP, the step rollups and their histogram, what is open now, the
escalations, people, OPDs and months) and the three where the time goes adds: the months'
on-time counts, the OPDs' waiting and the OPDs' names."""


def test_where_the_time_goes_costs_the_same_queries_however_many_cases(
    demo, history, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(REPORT_QUERIES):
        before = _spent(demo)
    for day in range(1, 21):
        more = case_of(demo.sumbawa, SOP5, demo.people["opd.bappeda"], at(1, day))
        _visit(more, 9, 1, at(1, day + 1), 60, 30, day % 2 == 0)
        _visit(more, 11, 1, at(1, day + 2), 10, 5, True, "tidak")
    office_rebuild(office_id=demo.sumbawa.pk)

    with django_assert_max_num_queries(REPORT_QUERIES):
        after = _spent(demo)

    assert after.steps[0].finished == before.steps[0].finished + 20
    assert after.loops[0].taken == before.loops[0].taken + 20


def test_the_workbook_holds_where_the_time_goes(demo, history) -> None:
    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])

    response = client.get(
        f"{reverse('reports_xlsx', args=[demo.sumbawa.code])}?{behind_query(PERIOD, SOP5)}"
    )

    book = load_workbook(io.BytesIO(response.content))
    rows = {
        name: list(book[name].iter_rows(min_row=2, values_only=True))
        for name in ("Waktu langkah", "Sering terlambat", "Putaran", "Tepat waktu per bulan")
    }
    name = rows["Putaran"][0][0]
    step_9 = rows["Waktu langkah"][0]
    assert (step_9[1], *step_9[3:]) == (9, 3, 210, 390, 0.3, 0.5571)
    assert [row[1:] for row in rows["Putaran"]] == [(11, "tidak", 9, 1), (14, "tidak", 12, 1)]
    assert [row[3:] for row in rows["Sering terlambat"]] == [(2, 3, 0.6667), (1, 2, 0.5)]
    assert [row[1:] for row in rows["Tepat waktu per bulan"]] == [
        ("01-2026", 2, 1, 0.5),
        ("02-2026", 3, 1, 0.3333),
        ("03-2026", 0, 0, None),
    ]
    assert [row[:3] for row in book["Tunggu per OPD"].iter_rows(min_row=2, values_only=True)] == [
        (name, history.dikbud.name, 2),
        (name, history.bappeda.name, 4),
    ]
