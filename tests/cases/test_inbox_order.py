"""The inbox puts the most urgent first: the late steps (the longest late at the top), then by
the due each step is held to, steps without a due last; it narrows by SOP and by due, in the
database, and keeps its pages and its cost."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from casekit import Desk, sop5_opened
from django.test import Client

from alur.cases import selectors
from alur.cases.due import DueState
from alur.cases.models import Case, Task
from alur.cases.selectors import InboxFilters

SOP5 = "permohonan-pembuatan-aplikasi"
HOUR = dt.timedelta(hours=1)


def _hold(case: Case, due: dt.datetime | None) -> None:
    """Step 2 of ``case`` held to ``due`` (an agreed change), or to no due at all."""
    if due is None:
        Task.objects.filter(case=case, step=2).update(due_at=None, changed_due_at=None)
    else:
        Task.objects.filter(case=case, step=2).update(changed_due_at=due)


@pytest.fixture
def five(demo: SimpleNamespace, desk: Desk) -> tuple[dict[str, Case], dt.datetime]:
    """Five requests waiting for Sumbawa's Kadis, opened in this order and held to dues that
    are not in that order."""
    cases = {
        name: sop5_opened(desk, demo.sumbawa) for name in ("far", "late", "none", "soon", "later")
    }
    now = desk.tick(demo.sumbawa)
    _hold(cases["far"], now + 120 * HOUR)
    _hold(cases["late"], now - 2 * HOUR)
    _hold(cases["none"], None)
    _hold(cases["soon"], now + HOUR)
    _hold(cases["later"], now - 24 * HOUR)  # late longest
    return cases, now


def _order(demo: SimpleNamespace, now: dt.datetime, **filters: str) -> list[int]:
    page = selectors.inbox(demo.people["kadis.sumbawa"], now=now, filters=InboxFilters(**filters))
    return [row.task.case_id for row in page]


def test_the_late_come_first_then_the_nearest_due_then_those_without_one(
    demo: SimpleNamespace, five: tuple[dict[str, Case], dt.datetime]
) -> None:
    cases, now = five

    page = selectors.inbox(demo.people["kadis.sumbawa"], now=now)

    assert [row.task.case_id for row in page] == [
        cases[name].pk for name in ("later", "late", "soon", "far", "none")
    ]
    assert [row.due_state for row in page][:2] == [DueState.TERLAMBAT, DueState.TERLAMBAT]
    assert page[4].due_state == DueState.TANPA


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("terlambat", ["later", "late"]),
        ("belum", ["soon", "far"]),
        ("tanpa", ["none"]),
        ("", ["later", "late", "soon", "far", "none"]),
    ],
)
def test_the_due_filter_narrows_in_the_same_order(
    demo: SimpleNamespace,
    five: tuple[dict[str, Case], dt.datetime],
    due: str,
    expected: list[str],
) -> None:
    cases, now = five

    assert _order(demo, now, due=due) == [cases[name].pk for name in expected]


def test_the_sop_filter_narrows_to_that_sops_steps(
    demo: SimpleNamespace, five: tuple[dict[str, Case], dt.datetime]
) -> None:
    cases, now = five

    assert len(_order(demo, now, sop=SOP5)) == 5
    assert _order(demo, now, sop=SOP5, due="terlambat") == [cases["later"].pk, cases["late"].pk]
    assert _order(demo, now, sop="integrasi-aplikasi-bedelau") == []


def test_a_filter_of_an_unknown_due_narrows_nothing() -> None:
    assert InboxFilters.asked({"tenggat": "kemarin", "sop": "x"}) == InboxFilters(sop="x")
    assert InboxFilters.asked({"sop": "a\x00b" * 40}) == InboxFilters(sop="ab" * 32)
    assert not InboxFilters.asked({})


def test_any_filter_typed_in_the_address_is_answered(demo: SimpleNamespace, desk: Desk) -> None:
    sop5_opened(desk, demo.sumbawa)
    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])

    for query in ("?sop=%00", "?tenggat=%00", "?sop=" + "x" * 500, "?halaman=x&tenggat=tanpa"):
        assert client.get(f"/tugas/{query}").status_code == 200, query


def test_the_order_holds_across_pages(demo: SimpleNamespace, desk: Desk) -> None:
    cases = [sop5_opened(desk, demo.sumbawa) for _ in range(selectors.INBOX_PER_PAGE + 2)]
    now = desk.tick(demo.sumbawa)
    # The newest two are late: they lead the first page.
    _hold(cases[-1], now - HOUR)
    _hold(cases[-2], now - 2 * HOUR)
    kadis = demo.people["kadis.sumbawa"]

    first = selectors.inbox(kadis, now=now)
    second = selectors.inbox(kadis, now=now, page=2)

    expected = [cases[-2].pk, cases[-1].pk] + [case.pk for case in cases[:-2]]
    assert [row.task.case_id for row in first] + [row.task.case_id for row in second] == expected
    assert len(second) == 2


@pytest.mark.not_before("2026-04-01T00:00:00+07:00")  # the requests of March are late by then
def test_the_page_keeps_its_filters_in_its_page_links_and_labels_them(
    demo: SimpleNamespace, desk: Desk
) -> None:
    for _ in range(selectors.INBOX_PER_PAGE + 1):
        sop5_opened(desk, demo.sumbawa)
    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])

    html = client.get(f"/tugas/?sop={SOP5}&tenggat=terlambat").content.decode()

    assert f'href="?sop={SOP5}&amp;tenggat=terlambat&amp;halaman=2"' in html
    assert '<label for="id_sop">' in html
    assert '<label for="id_tenggat">' in html
    assert f'<option value="{SOP5}" selected>' in html
    assert '<option value="terlambat" selected>' in html


def test_a_filter_that_leaves_nothing_says_so(demo: SimpleNamespace, desk: Desk) -> None:
    sop5_opened(desk, demo.sumbawa)
    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])

    html = client.get("/tugas/?tenggat=tanpa").content.decode()

    assert "Tidak ada tugas yang cocok dengan saringan ini." in html
