"""The report's default period, "the last twelve months": the twelve calendar months up to and
including the office's current one, whatever the day, on the office's own clock."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from alur.reports.period import PeriodForm, last_twelve_months

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.parametrize(
    ("today", "first"),
    [
        (D(2026, 12, 4), D(2026, 1, 1)),
        (D(2026, 1, 31), D(2025, 2, 1)),  # a month end
        (D(2026, 4, 30), D(2025, 5, 1)),
        (D(2027, 2, 28), D(2026, 3, 1)),
        (D(2027, 1, 1), D(2026, 2, 1)),  # New Year's day: February of the year before
        (D(2026, 12, 31), D(2026, 1, 1)),  # New Year's Eve: the calendar year itself
        (D(2028, 2, 29), D(2027, 3, 1)),  # a 29 February
        (D(2027, 11, 30), D(2026, 12, 1)),
    ],
)
def test_the_last_twelve_months_start_on_the_first_of_the_month_eleven_months_back(
    today: dt.date, first: dt.date
) -> None:
    period = last_twelve_months(today, "Asia/Makassar")

    assert (period.first, period.last, period.zone) == (first, today, "Asia/Makassar")


@pytest.mark.parametrize(
    "today", [D(2026, 1, 1) + dt.timedelta(days=n) for n in range(0, 3 * 366, 13)]
)
def test_the_last_twelve_months_are_twelve_calendar_months_on_any_day(today: dt.date) -> None:
    period = last_twelve_months(today, "Asia/Jakarta")

    months = {(day.year, day.month) for day in _days(period.first, period.last)}
    assert len(months) == 12
    assert period.first.day == 1
    assert (period.last.year, period.last.month) == max(months)


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def test_without_dari_the_period_is_the_twelve_months_up_to_sampai_or_today() -> None:
    form = PeriodForm({})
    assert form.is_valid()
    to_sampai = PeriodForm({"sampai": "15-03-2026"})
    assert to_sampai.is_valid()

    period = form.period(D(2026, 3, 15), "Asia/Makassar")
    assert (period.first, period.last) == (D(2025, 4, 1), D(2026, 3, 15))
    leap = form.period(D(2028, 2, 29), "Asia/Makassar")
    assert (leap.first, leap.last) == (D(2027, 3, 1), D(2028, 2, 29))
    ending = to_sampai.period(D(2026, 12, 4), "Asia/Makassar")
    assert (ending.first, ending.last) == (D(2025, 4, 1), D(2026, 3, 15))


@pytest.mark.parametrize(
    ("zone", "moment", "first", "last"),
    [
        # 00:30 WITA on New Year's Day is still 31 December in UTC (16:30)
        ("Asia/Makassar", "2027-01-01T00:30:00+08:00", "01-02-2026", "01-01-2027"),
        # 07:30 WIT on 1 December is still 30 November in UTC (22:30)
        ("Asia/Jayapura", "2026-12-01T07:30:00+09:00", "01-01-2026", "01-12-2026"),
        # 00:10 WITA on 1 March 2028 is still 29 February in UTC (16:10)
        ("Asia/Makassar", "2028-03-01T00:10:00+08:00", "01-04-2027", "01-03-2028"),
    ],
)
def test_the_page_counts_the_months_on_the_offices_clock_not_utcs(
    demo: SimpleNamespace, time_machine, zone: str, moment: str, first: str, last: str
) -> None:
    demo.sumbawa.zone = zone
    demo.sumbawa.save(update_fields=["zone"])
    time_machine.move_to(dt.datetime.fromisoformat(moment), tick=False)
    client = Client()
    client.force_login(demo.people["kadis.sumbawa"])

    html = client.get("/laporan/dkisp-sumbawa/").content.decode()

    assert f'id="id_dari" inputmode="numeric" placeholder="hh-bb-tttt" value="{first}"' in html
    assert f'id="id_sampai" inputmode="numeric" placeholder="hh-bb-tttt" value="{last}"' in html
    assert html.count("<g data-month=") == 12
