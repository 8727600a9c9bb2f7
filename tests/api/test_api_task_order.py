"""The API's task list takes the inbox's order and filters: the late first, then by due,
none last; narrowed by SOP and by due; a due it does not know is a wrong field."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from alur.cases.models import Case, Task
from alur.offices.tokens import token_create
from tests.cases.casekit import Desk, sop5_opened

WIB = dt.timezone(dt.timedelta(hours=7))

pytestmark = pytest.mark.not_before("2026-03-04T00:00:00+07:00")  # step 2 of "late" is late


@pytest.fixture
def three(demo: SimpleNamespace, tmp_path, settings) -> tuple[dict[str, Case], Client]:
    """Three requests waiting for Sumbawa's Kadis: one due far ahead, one late, one without a
    due; and a client holding a token of the Kadis."""
    settings.MEDIA_ROOT = str(tmp_path)
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB))
    cases = {name: sop5_opened(desk, demo.sumbawa) for name in ("far", "late", "none")}
    far = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
    Task.objects.filter(case=cases["far"], step=2).update(changed_due_at=far)
    Task.objects.filter(case=cases["late"], step=2).update(
        changed_due_at=dt.datetime(2026, 3, 3, tzinfo=dt.UTC)
    )
    Task.objects.filter(case=cases["none"], step=2).update(due_at=None, changed_due_at=None)
    _token, plain = token_create(
        owner=demo.people["kadis.sumbawa"], name="tes", scope="act", actor=None
    )
    return cases, Client(headers={"Authorization": f"Bearer {plain}"})


def _numbers(client: Client, query: str = "") -> list[str]:
    response = client.get(f"/api/v1/tasks{query}")
    assert response.status_code == 200, response.content
    return [item["case_number"] for item in response.json()["items"]]


def test_the_tasks_come_in_the_inboxs_order(three: tuple[dict[str, Case], Client]) -> None:
    cases, client = three

    assert _numbers(client) == [cases[name].number for name in ("late", "far", "none")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?due=terlambat", ["late"]),
        ("?due=belum", ["far"]),
        ("?due=tanpa", ["none"]),
        ("?sop=permohonan-pembuatan-aplikasi&due=tanpa", ["none"]),
        ("?sop=integrasi-aplikasi-bedelau", []),
    ],
)
def test_the_tasks_narrow_as_the_inbox_does(
    three: tuple[dict[str, Case], Client], query: str, expected: list[str]
) -> None:
    cases, client = three

    assert _numbers(client, query) == [cases[name].number for name in expected]


def test_a_due_the_api_does_not_know_is_a_wrong_field(
    three: tuple[dict[str, Case], Client],
) -> None:
    _cases, client = three

    response = client.get("/api/v1/tasks?due=kemarin")

    assert response.status_code == 422


def test_the_case_list_searches_as_the_request_list_does(
    three: tuple[dict[str, Case], Client],
) -> None:
    cases, client = three

    by_number = client.get("/api/v1/cases", {"q": cases["late"].number}).json()["items"]
    by_nothing = client.get("/api/v1/cases", {"q": "jembatan"}).json()["items"]

    assert [item["number"] for item in by_number] == [cases["late"].number]
    assert by_nothing == []
