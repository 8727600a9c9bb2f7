"""The office calendar: working days, office hours and the deadlines counted on them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from alur.sop._definition.duration import parse_duration
from alur.sop._runtime.calendar import OFFICE_DAY_OFF_NAME, OfficeCalendar

WIB = ZoneInfo("Asia/Jakarta")  # Batam
WITA = ZoneInfo("Asia/Makassar")  # Sumbawa
WIT = ZoneInfo("Asia/Jayapura")

BATAM = OfficeCalendar(zone="Asia/Jakarta")
SUMBAWA = OfficeCalendar(zone="Asia/Makassar")

CUTI_BERSAMA_MARCH_2026 = [
    date(2026, 3, 18),
    date(2026, 3, 20),
    date(2026, 3, 23),
    date(2026, 3, 24),
]


def wib(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=WIB)


def wita(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WITA)


# The examples the calendar must get right


def test_one_working_day_from_friday_before_independence_day_is_due_on_tuesday() -> None:
    opened = wita(2026, 8, 14, 10, 0)

    due = SUMBAWA.due(opened, parse_duration("1 Hari Kerja"))

    assert due == wita(2026, 8, 18, 10, 0)
    assert due is not None and due.tzinfo is SUMBAWA.zone


def test_three_working_days_from_17_march_2026_skip_nyepi_idul_fitri_and_cuti_bersama() -> None:
    assert BATAM.due(wib(2026, 3, 17, 10, 0), parse_duration("3 hari")) == wib(2026, 3, 27, 10, 0)


def test_thirty_five_working_days_from_2_march_2026_end_on_28_april_with_cuti_bersama() -> None:
    assert BATAM.add_working_days(wib(2026, 3, 2, 8, 0), 35) == wib(2026, 4, 28, 8, 0)


def test_thirty_five_working_days_end_on_22_april_when_the_office_works_the_cuti_bersama() -> None:
    office = OfficeCalendar(extra_working_days=CUTI_BERSAMA_MARCH_2026)

    assert office.add_working_days(wib(2026, 3, 2, 8, 0), 35) == wib(2026, 4, 22, 8, 0)


# Which days are working days


def test_weekends_are_not_working_days() -> None:
    assert [BATAM.is_working_day(date(2026, 8, d)) for d in (21, 22, 23, 24)] == [
        True,
        False,
        False,
        True,
    ]


def test_one_working_day_from_friday_is_monday() -> None:
    assert BATAM.add_working_days(wib(2026, 8, 21, 9, 30), 1) == wib(2026, 8, 24, 9, 30)


def test_national_holidays_and_cuti_bersama_have_their_indonesian_names() -> None:
    assert BATAM.holiday_name(date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert BATAM.holiday_name(date(2026, 3, 23)) == "Cuti Bersama Hari Raya Idul Fitri"
    assert BATAM.holiday_name(date(2026, 8, 18)) is None
    assert BATAM.holiday_name(date(2026, 8, 22)) is None  # a Saturday is no holiday


def test_an_office_day_off_is_closed_and_carries_the_offices_name() -> None:
    office = OfficeCalendar(days_off={date(2026, 12, 18): "Hari Jadi Kota Batam"})

    assert not office.is_working_day(date(2026, 12, 18))
    assert office.holiday_name(date(2026, 12, 18)) == "Hari Jadi Kota Batam"
    assert office.add_working_days(wib(2026, 12, 17, 10, 0), 1) == wib(2026, 12, 21, 10, 0)


def test_an_office_day_off_without_a_name_is_called_libur_kantor() -> None:
    office = OfficeCalendar(days_off=[date(2026, 12, 18)])

    assert office.holiday_name(date(2026, 12, 18)) == OFFICE_DAY_OFF_NAME == "Libur kantor"


def test_an_office_day_off_on_a_national_holiday_keeps_the_national_name() -> None:
    office = OfficeCalendar(days_off=[date(2026, 8, 17)])

    assert office.holiday_name(date(2026, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"


def test_a_saturday_made_a_working_day_counts_as_one() -> None:
    office = OfficeCalendar(zone="Asia/Makassar", extra_working_days=[date(2026, 8, 15)])

    assert office.is_working_day(date(2026, 8, 15))
    assert office.add_working_days(wita(2026, 8, 14, 10, 0), 1) == wita(2026, 8, 15, 10, 0)


def test_an_extra_working_day_wins_over_a_national_holiday() -> None:
    office = OfficeCalendar(zone="Asia/Makassar", extra_working_days=[date(2026, 8, 17)])

    assert office.holiday_name(date(2026, 8, 17)) is None
    assert office.add_working_days(wita(2026, 8, 14, 10, 0), 1) == wita(2026, 8, 17, 10, 0)


def test_a_date_cannot_be_both_a_day_off_and_an_extra_working_day() -> None:
    with pytest.raises(ValueError, match="both a day off and an extra working day"):
        OfficeCalendar(days_off=[date(2026, 8, 15)], extra_working_days=[date(2026, 8, 15)])


def test_an_office_without_national_holidays_works_on_independence_day() -> None:
    office = OfficeCalendar(zone="Asia/Makassar", national_holidays=False)

    assert office.holiday_name(date(2026, 8, 17)) is None
    assert office.add_working_days(wita(2026, 8, 14, 10, 0), 1) == wita(2026, 8, 17, 10, 0)


def test_a_six_day_week_counts_saturday() -> None:
    office = OfficeCalendar(workdays=range(6))

    assert office.add_working_days(wib(2026, 8, 21, 10, 0), 1) == wib(2026, 8, 22, 10, 0)


# Where counting starts


def test_a_start_during_office_hours_is_its_own_opening() -> None:
    assert BATAM.next_opening(wib(2026, 8, 18, 11, 15, 30)) == wib(2026, 8, 18, 11, 15, 30)


def test_a_start_before_opening_counts_from_that_days_opening() -> None:
    assert BATAM.next_opening(wib(2026, 8, 18, 6, 45)) == wib(2026, 8, 18, 8, 0)
    assert BATAM.add_working_days(wib(2026, 8, 18, 6, 45), 1) == wib(2026, 8, 19, 8, 0)


def test_a_start_after_closing_counts_from_the_next_working_days_opening() -> None:
    assert BATAM.next_opening(wib(2026, 8, 14, 19, 0)) == wib(2026, 8, 18, 8, 0)
    assert BATAM.add_working_days(wib(2026, 8, 14, 19, 0), 1) == wib(2026, 8, 19, 8, 0)


def test_a_start_at_closing_time_counts_from_the_next_opening() -> None:
    assert BATAM.add_working_days(wib(2026, 8, 18, 16, 0), 1) == wib(2026, 8, 20, 8, 0)


def test_a_start_on_a_holiday_counts_from_the_next_opening() -> None:
    assert BATAM.add_working_days(wib(2026, 8, 17, 10, 0), 1) == wib(2026, 8, 19, 8, 0)


def test_a_start_in_another_zone_is_read_on_the_office_clock() -> None:
    opened = datetime(2026, 8, 14, 2, 0, tzinfo=UTC)  # 10:00 WITA

    due = SUMBAWA.add_working_days(opened, 1)

    assert due == wita(2026, 8, 18, 10, 0)
    assert due.tzinfo is SUMBAWA.zone
    assert str(due) == "2026-08-18 10:00:00+08:00"


def test_a_working_day_in_jayapura_is_counted_on_wit_office_hours() -> None:
    papua = OfficeCalendar(zone="Asia/Jayapura")

    assert papua.add_working_days(datetime(2026, 8, 14, 23, 0, tzinfo=UTC), 1) == datetime(
        2026, 8, 19, 8, 0, tzinfo=WIT
    )


# Minutes and hours of office time


def test_minutes_roll_over_closing_the_weekend_and_a_holiday() -> None:
    assert SUMBAWA.due(wita(2026, 8, 14, 15, 30), parse_duration("60 mnt")) == wita(
        2026, 8, 18, 8, 30
    )


def test_hours_ending_exactly_at_closing_stay_at_closing() -> None:
    assert BATAM.due(wib(2026, 8, 18, 15, 0), parse_duration("1 jam")) == wib(2026, 8, 18, 16, 0)
    assert BATAM.due(wib(2026, 8, 18, 8, 0), parse_duration("8 jam")) == wib(2026, 8, 18, 16, 0)


def test_hours_past_closing_continue_at_the_next_opening() -> None:
    assert BATAM.due(wib(2026, 8, 18, 8, 0), parse_duration("9 jam")) == wib(2026, 8, 19, 9, 0)


def test_minutes_from_before_cuti_bersama_resume_after_it() -> None:
    assert BATAM.add_office_minutes(wib(2026, 3, 17, 15, 0), 120) == wib(2026, 3, 25, 9, 0)


def test_minutes_from_outside_office_hours_start_at_the_next_opening() -> None:
    assert BATAM.add_office_minutes(wib(2026, 8, 22, 10, 0), 30) == wib(2026, 8, 24, 8, 30)


def test_zero_minutes_is_the_next_opening() -> None:
    assert BATAM.add_office_minutes(wib(2026, 8, 18, 16, 0), 0) == wib(2026, 8, 19, 8, 0)


def test_office_hours_may_start_at_half_past_seven() -> None:
    office = OfficeCalendar(opens=time(7, 30), closes=time(16, 0))

    assert office.minutes_per_day == 510
    assert office.add_office_minutes(wib(2026, 8, 18, 15, 0), 90) == wib(2026, 8, 19, 8, 0)


# Calendar days, a bare "hari", scheduled and no deadline


def test_calendar_days_keep_the_wall_clock_time_across_holidays() -> None:
    assert BATAM.due(wib(2026, 3, 17, 10, 0), parse_duration("30 hari kalender")) == wib(
        2026, 4, 16, 10, 0
    )


def test_calendar_days_are_counted_in_the_office_zone() -> None:
    opened = datetime(2026, 8, 14, 20, 0, tzinfo=UTC)  # Saturday 15 August 04:00 WITA

    assert SUMBAWA.add_calendar_days(opened, 2) == wita(2026, 8, 17, 4, 0)


def test_a_bare_hari_is_a_calendar_day_when_the_office_says_so() -> None:
    office = OfficeCalendar(zone="Asia/Makassar", bare_day_unit="calendar")

    assert office.due(wita(2026, 8, 14, 10, 0), parse_duration("1 hari")) == wita(2026, 8, 15, 10)
    assert office.due(wita(2026, 8, 14, 10, 0), parse_duration("1 hari kerja")) == wita(
        2026, 8, 18, 10, 0
    )


def test_a_scheduled_step_is_due_at_closing_on_its_date() -> None:
    due = BATAM.due(wib(2026, 8, 18, 10, 0), parse_duration("Sesuai jadwal"), date(2026, 9, 1))

    assert due == wib(2026, 9, 1, 16, 0)


def test_a_scheduled_step_without_its_date_is_refused() -> None:
    with pytest.raises(ValueError, match="Sesuai jadwal"):
        BATAM.due(wib(2026, 8, 18, 10, 0), parse_duration("Sesuai jadwal"))


def test_a_step_without_a_time_has_no_deadline() -> None:
    assert BATAM.due(wib(2026, 8, 18, 10, 0), parse_duration("—")) is None


# Refused input


@pytest.mark.parametrize(
    "call",
    [
        lambda naive: BATAM.add_working_days(naive, 1),
        lambda naive: BATAM.add_office_minutes(naive, 1),
        lambda naive: BATAM.add_calendar_days(naive, 1),
        lambda naive: BATAM.next_opening(naive),
        lambda naive: BATAM.due(naive, parse_duration("—")),
        lambda naive: BATAM.elapsed_minutes(naive, wib(2026, 8, 19, 10, 0)),
        lambda naive: BATAM.elapsed_minutes(wib(2026, 8, 17, 10, 0), naive),
    ],
    ids=["working days", "minutes", "calendar days", "opening", "due", "elapsed", "elapsed end"],
)
def test_a_naive_datetime_is_refused(call: Any) -> None:
    naive = datetime(2026, 8, 18, 10, 0)  # noqa: DTZ001 - the point of the test

    with pytest.raises(ValueError, match="naive datetime"):
        call(naive)


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError, match="before its start"):
        BATAM.add_working_days(wib(2026, 8, 18, 10, 0), -1)


@pytest.mark.parametrize(
    "arguments",
    [
        {"workdays": ()},
        {"workdays": (7,)},
        {"opens": time(16, 0), "closes": time(8, 0)},
        {"opens": time(8, 0, 30)},
        {"opens": time(8, 0, tzinfo=UTC)},
    ],
    ids=["no workdays", "no such weekday", "closes before opening", "seconds", "aware time"],
)
def test_a_calendar_that_cannot_work_is_refused(arguments: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        OfficeCalendar(**arguments)


# Measuring elapsed office time


def test_elapsed_time_across_a_weekend_and_a_holiday_counts_office_hours_only() -> None:
    start, end = wita(2026, 8, 14, 15, 0), wita(2026, 8, 18, 9, 0)

    assert SUMBAWA.elapsed_minutes(start, end) == 120
    assert SUMBAWA.elapsed_working_days(start, end) == 0.25


def test_elapsed_time_outside_office_hours_is_zero() -> None:
    assert BATAM.elapsed_minutes(wib(2026, 8, 14, 16, 0), wib(2026, 8, 18, 8, 0)) == 0
    assert BATAM.elapsed_minutes(wib(2026, 8, 22, 9, 0), wib(2026, 8, 23, 15, 0)) == 0


def test_elapsed_time_backwards_is_zero() -> None:
    assert BATAM.elapsed_minutes(wib(2026, 8, 19, 10, 0), wib(2026, 8, 18, 10, 0)) == 0


def test_thirty_five_working_days_from_2_march_2026_measure_thirty_five() -> None:
    start = wib(2026, 3, 2, 8, 0)

    assert BATAM.elapsed_working_days(start, wib(2026, 4, 28, 8, 0)) == 35.0


MOMENTS = st.datetimes(
    min_value=datetime(2025, 1, 1),  # noqa: DTZ001 - hypothesis adds the zone
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from([WIB, WITA, WIT, UTC]),
)


@given(start=MOMENTS, n=st.integers(0, 400))
def test_elapsed_working_days_equal_the_working_days_added(start: datetime, n: int) -> None:
    assert BATAM.elapsed_working_days(start, BATAM.add_working_days(start, n)) == n


@given(start=MOMENTS, minutes=st.integers(0, 400 * 480))
def test_elapsed_minutes_equal_the_office_minutes_added(start: datetime, minutes: int) -> None:
    assert BATAM.elapsed_minutes(start, BATAM.add_office_minutes(start, minutes)) == minutes


@given(start=MOMENTS, n=st.integers(0, 400))
def test_working_days_land_on_working_days_during_office_hours(start: datetime, n: int) -> None:
    due = BATAM.add_working_days(start, n)

    assert BATAM.is_working_day(due.date())
    assert time(8, 0) <= due.time() < time(16, 0)
    assert due >= start


# The working-day index


def test_a_far_future_year_is_indexed_when_first_asked_for() -> None:
    office = OfficeCalendar()
    office.add_working_days(wib(2026, 3, 2, 8, 0), 1)

    assert office.holiday_name(date(2040, 8, 17)) == "Hari Kemerdekaan Republik Indonesia"
    assert office.add_working_days(wib(2040, 8, 16, 10, 0), 1) == wib(2040, 8, 20, 10, 0)


def test_a_past_year_is_indexed_when_first_asked_for() -> None:
    office = OfficeCalendar()
    office.add_working_days(wib(2026, 3, 2, 8, 0), 1)

    assert office.add_working_days(wib(1990, 8, 16, 10, 0), 1) == wib(1990, 8, 20, 10, 0)
    assert office.elapsed_working_days(wib(1990, 8, 16, 10, 0), wib(1990, 8, 20, 10, 0)) == 1.0
    assert office.add_working_days(wib(2026, 3, 2, 8, 0), 35) == wib(2026, 4, 28, 8, 0)


def test_working_days_run_on_across_the_end_of_the_indexed_years() -> None:
    office = OfficeCalendar()

    assert office.add_working_days(wib(2026, 12, 31, 10, 0), 1) == wib(2027, 1, 4, 10, 0)
    due = office.add_working_days(wib(2026, 3, 2, 8, 0), 5000)
    assert due.year == 2046
    assert office.elapsed_working_days(wib(2026, 3, 2, 8, 0), due) == 5000.0


def test_the_holidays_of_a_year_are_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    lookups: list[object] = []
    original = holidays.country_holidays

    def counted(*args: Any, **kwargs: Any) -> Any:
        lookups.append(kwargs["years"])
        return original(*args, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counted)
    office = OfficeCalendar()
    start = wib(2026, 3, 2, 8, 0)

    for n in range(200):
        office.add_working_days(start + timedelta(hours=n), n)
        office.elapsed_minutes(start, start + timedelta(days=n))

    assert lookups == [[2025, 2026, 2027, 2028]]
