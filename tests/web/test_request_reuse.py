"""Who holds which role and an office's own days are read once per request, and a change counts
from the next request on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from django.test import Client

from alur.cases.models import Case
from alur.cases.permissions import role_codes
from alur.common.reuse import answers_kept, remembered, request_scope
from alur.offices.calendar import calendar_for
from alur.offices.models import Membership, OfficeDay, Role

FRIDAY = dt.date(2026, 10, 16)


def test_a_new_membership_counts_from_the_next_request(
    demo: SimpleNamespace, client_for: Callable[[str], Client], sop5_case: Case
) -> None:
    kabid = client_for("kabid.ti")
    assert 'id="aksi-2"' not in kabid.get(f"/permohonan/{sop5_case.pk}/").content.decode()

    Membership.objects.create(
        user=demo.people["kabid.ti"], role=Role.objects.get(office=demo.sumbawa, code="kadis")
    )

    assert 'id="aksi-2"' in kabid.get(f"/permohonan/{sop5_case.pk}/").content.decode()


def test_a_new_day_off_counts_from_the_next_request(
    demo: SimpleNamespace, django_assert_num_queries: Any
) -> None:
    office = demo.sumbawa
    with request_scope():
        assert calendar_for(office).is_working_day(FRIDAY)
        OfficeDay.objects.create(office=office, date=FRIDAY, kind=OfficeDay.Kind.DAY_OFF)
        # The same request keeps the calendar it read, without reading it again.
        with django_assert_num_queries(0):
            assert calendar_for(office).is_working_day(FRIDAY)

    with request_scope():
        assert not calendar_for(office).is_working_day(FRIDAY)


def test_role_codes_are_read_once_per_request_in_one_query(
    demo: SimpleNamespace, django_assert_num_queries: Any
) -> None:
    kabid = demo.people["kabid.ti"]
    with request_scope(), django_assert_num_queries(1):
        assert role_codes(kabid, FRIDAY) == {"kabid-ti"}
        assert role_codes(kabid, FRIDAY) == {"kabid-ti"}


def test_outside_a_request_every_call_reads_afresh(
    demo: SimpleNamespace, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(2):
        role_codes(demo.people["kabid.ti"], FRIDAY)
        calendar_for(demo.sumbawa)


def test_answers_kept_last_the_loop_outside_a_request_and_the_request_inside_one() -> None:
    asked: list[str] = []

    def ask() -> str:
        asked.append("once")
        return "answer"

    with answers_kept():
        assert [remembered("loop", ask) for _ in range(3)] == ["answer"] * 3
    assert remembered("loop", ask) == "answer"
    assert len(asked) == 2  # once in the loop, once outside it

    with request_scope():
        with answers_kept():
            remembered("page", ask)
        remembered("page", ask)
    assert len(asked) == 3  # the request's scope kept what the loop read
