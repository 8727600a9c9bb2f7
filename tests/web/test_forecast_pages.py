"""The forecast of an open case on the pages: the case page, the requester's view and the inbox,
from a small history of ended SOP 5 requests written as rows (every step an office hour)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alur.cases.models import Case, Task
from alur.cases.progress import Basis, finish_of
from alur.cases.services import case_open
from alur.catalog.services import definition_of
from alur.common.formatting import datetime_text
from alur.common.reuse import request_scope
from alur.offices.calendar import calendar_for
from alur.reports.forecast import MIN_CASES
from alur.reports.forecast_history import ended_visits, forecast_forget
from tests.cases.casekit import LETTER, SOP5, SOP5_DOCS, WITA, Desk

YA_PATH = (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)
"""SOP 5's way with every decision answered ya."""
AFTER_STEP_2 = len(YA_PATH) - 2
"""Steps after step 2 on that way."""


@pytest.fixture(autouse=True)
def _no_kept_history() -> Iterator[None]:
    """Histories are kept per process under keys a rolled-back database gives out again."""
    forecast_forget()
    yield
    forecast_forget()


def _ended(demo: SimpleNamespace, running: Case, count: int) -> None:
    """``count`` finished SOP 5 requests of Sumbawa on ``running``'s version, long ago, each
    visiting the ya way once, every visit an office hour."""
    opened = dt.datetime(2026, 1, 5, 8, 0, tzinfo=WITA)
    first = Case.objects.filter(office=demo.sumbawa).count() + 100
    for n in range(count):
        case = Case.objects.create(
            office=demo.sumbawa,
            sop_version=running.sop_version,
            number=f"HIST/{first + n}",
            year=2026,
            sequence=first + n,
            title="Riwayat",
            requester=running.requester,
            requester_unit=running.requester_unit,
            status=Case.Status.FINISHED,
            state={},
            opened_at=opened,
            closed_at=opened + dt.timedelta(days=5),
        )
        Task.objects.bulk_create(
            Task(
                case=case,
                sop_version=running.sop_version,
                step=step,
                visit=1,
                lanes=[],
                status=Task.Status.DONE,
                opened_at=opened,
                done_at=opened + dt.timedelta(hours=1),
                decision="ya" if step in (6, 11, 14) else "",
                working_minutes=60,
            )
            for step in YA_PATH
        )


def _opened_long_ago(demo: SimpleNamespace, pdf: Callable[[str], tuple[object, str]]) -> Case:
    """A Bappeda request opened in February 2026: step 2 has been open longer than any past
    visit of it took, so what is left of it is one more of its past times (an hour)."""
    return case_open(
        office=demo.sumbawa,
        sop_code=SOP5,
        requester=demo.people["opd.bappeda"],
        title="Aplikasi e-Perencanaan",
        uploads={LETTER: pdf("surat")},
        at=dt.datetime(2026, 2, 2, 9, 0, tzinfo=WITA),
    )


def _finish_texts(demo: SimpleNamespace, hours: int) -> set[str]:
    """How the pages write ``hours`` office hours from now (the clock ticks: from now or a
    moment later)."""
    calendar = calendar_for(demo.sumbawa)
    before = calendar.add_office_minutes(timezone.now(), hours * 60)
    after = calendar.add_office_minutes(timezone.now() + dt.timedelta(seconds=30), hours * 60)
    return {datetime_text(at, demo.sumbawa.zone) for at in (before, after)}


def _text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</dd>', html, re.S)
    assert found, element_id
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def test_the_case_page_the_requester_and_the_inbox_show_the_forecast(
    demo: SimpleNamespace,
    pdf: Callable[[str], tuple[object, str]],
    client_for: Callable[[str], Client],
) -> None:
    case = _opened_long_ago(demo, pdf)
    _ended(demo, case, MIN_CASES)
    expected = _finish_texts(demo, 1 + AFTER_STEP_2)

    office_page = client_for("kadis.sumbawa").get(f"/permohonan/{case.pk}/").content.decode()
    requester_page = client_for("opd.bappeda").get(f"/permohonan/{case.pk}/").content.decode()
    inbox = client_for("kadis.sumbawa").get("/tugas/").content.decode()

    shown = _text(office_page, "perkiraan-selesai-kantor")
    assert 'id="perkiraan-selesai-kantor" data-basis="perkiraan"' in office_page
    assert any(shown.startswith(f"{text} Empat dari lima") for text in expected), shown
    assert 'id="perkiraan-selesai" data-basis="perkiraan"' in requester_page
    assert any(_text(requester_page, "perkiraan-selesai").startswith(t) for t in expected)
    row = re.search(rf'<tr data-case="{re.escape(case.number)}".*?</tr>', inbox, re.S)
    assert row is not None
    assert 'data-finish-basis="perkiraan"' in row.group(0)
    assert "4 dari 5 sebelum" in row.group(0)


def test_below_the_minimum_the_sops_times_answer_and_say_why(
    demo: SimpleNamespace,
    pdf: Callable[[str], tuple[object, str]],
    django_assert_num_queries: Any,
) -> None:
    case = _opened_long_ago(demo, pdf)
    _ended(demo, case, MIN_CASES - 1)
    definition = definition_of(case.sop_version)
    calendar = calendar_for(demo.sumbawa)
    tasks = list(Task.objects.filter(case=case, status=Task.Status.OPEN))

    with django_assert_num_queries(1):  # how many cases of each SOP ended; no history read
        finish = finish_of(case, definition, calendar, tasks, timezone.now())

    assert finish is not None
    assert finish.basis is Basis.SOP
    assert finish.latest is None
    assert f"Baru {MIN_CASES - 1} permohonan SOP ini yang selesai" in finish.note
    assert f"sedikitnya {MIN_CASES}" in finish.note


def test_the_forecast_moves_with_the_case_and_its_history_is_read_again_when_a_case_ends(
    demo: SimpleNamespace,
    pdf: Callable[[str], tuple[object, str]],
    django_assert_num_queries: Any,
) -> None:
    case = _opened_long_ago(demo, pdf)
    _ended(demo, case, MIN_CASES)
    definition = definition_of(case.sop_version)
    calendar = calendar_for(demo.sumbawa)
    now = timezone.now()

    def forecast() -> tuple[int, int]:
        """Office minutes from ``now`` to the P50 and the P80, read in a request of its own."""
        with request_scope():
            tasks = list(Task.objects.filter(case=case, status=Task.Status.OPEN))
            finish = finish_of(case, definition, calendar, tasks, now)
        assert finish is not None and finish.basis is Basis.FORECAST
        assert finish.latest is not None
        return calendar.elapsed_minutes(now, finish.at), calendar.elapsed_minutes(
            now, finish.latest
        )

    at_step_2 = forecast()
    with django_assert_num_queries(2):  # the open visits, the key: the history is kept
        assert forecast() == at_step_2
    desk = Desk(demo.people, dt.datetime(2026, 2, 2, 10, 0, tzinfo=WITA))
    case = desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])
    at_step_3 = forecast()
    _ended(demo, case, 1)
    with django_assert_num_queries(4):  # the visits, the key, the versions, the history
        again = forecast()

    hour = 60
    assert at_step_2 == ((1 + AFTER_STEP_2) * hour,) * 2
    assert at_step_3 == (AFTER_STEP_2 * hour,) * 2
    assert again == at_step_3


def test_an_inbox_page_reads_each_sops_history_once_whatever_its_rows(
    demo: SimpleNamespace,
    pdf: Callable[[str], tuple[object, str]],
    client_for: Callable[[str], Client],
) -> None:
    case = _opened_long_ago(demo, pdf)
    _ended(demo, case, MIN_CASES)
    kadis = client_for("kadis.sumbawa")
    kadis.get("/tugas/")  # the session and the calendar settle
    counts = []
    for more in (0, 4):
        for _ in range(more):
            _opened_long_ago(demo, pdf)
        forecast_forget()
        with CaptureQueriesContext(connection) as cold:
            first = kadis.get("/tugas/").content.decode()
        with CaptureQueriesContext(connection) as warm:
            kadis.get("/tugas/")
        assert first.count('data-finish-basis="perkiraan"') == 1 + more
        counts.append((len(cold), len(warm)))

    # Read cold: the key, the SOP's versions and its history, once for the page.
    assert counts[0] == counts[1]
    assert counts[0][0] == counts[0][1] + 2


def test_a_history_is_the_visits_of_the_most_recently_ended_cases(
    demo: SimpleNamespace, pdf: Callable[[str], tuple[object, str]]
) -> None:
    case = _opened_long_ago(demo, pdf)
    _ended(demo, case, 4)
    Case.objects.filter(number__startswith="HIST/").update(
        closed_at=dt.datetime(2026, 1, 20, 9, 0, tzinfo=WITA)
    )
    latest = Case.objects.filter(number__startswith="HIST/").order_by("-pk")[:2]
    Case.objects.filter(pk__in=[c.pk for c in latest]).update(
        closed_at=dt.datetime(2026, 1, 21, 9, 0, tzinfo=WITA)
    )
    calendar = calendar_for(demo.sumbawa)

    visits = ended_visits(demo.sumbawa.pk, [case.sop_version_id], calendar, recent=2)

    assert {ended.visit.case for ended in visits} == {c.pk for c in latest}
    assert len(visits) == 2 * len(YA_PATH)
    assert len(ended_visits(demo.sumbawa.pk, [case.sop_version_id], calendar)) == 4 * len(YA_PATH)
