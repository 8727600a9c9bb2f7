"""The slots of a scheduled SOP (``jadwal_mulai``) on an office's working calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from alur.sop import OfficeCalendar, StartSchedule, slot_after, slot_at_or_before, slot_title

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")

BATAM = OfficeCalendar(zone="Asia/Jakarta")

MONDAY = StartSchedule.model_validate({"setiap": "minggu", "hari": "senin", "pukul": "08:00"})
FIRST = StartSchedule.model_validate({"setiap": "bulan", "hari": "hari-kerja-pertama"})
LAST = StartSchedule.model_validate(
    {"setiap": "bulan", "hari": "hari-kerja-terakhir", "pukul": "15.30"}
)
DAILY = StartSchedule.model_validate({"setiap": "hari", "pukul": "7:30"})


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def test_a_weekly_slot_is_the_weekday_at_its_time() -> None:
    assert slot_at_or_before(MONDAY, BATAM, wib(2026, 12, 9, 12)) == wib(2026, 12, 7, 8)
    assert slot_after(MONDAY, BATAM, wib(2026, 12, 9, 12)) == wib(2026, 12, 14, 8)


def test_the_slot_moment_itself_is_the_slot_and_a_minute_before_it_is_the_previous_one() -> None:
    assert slot_at_or_before(MONDAY, BATAM, wib(2026, 12, 7, 8)) == wib(2026, 12, 7, 8)
    assert slot_at_or_before(MONDAY, BATAM, wib(2026, 12, 7, 7, 59)) == wib(2026, 11, 30, 8)
    assert slot_after(MONDAY, BATAM, wib(2026, 12, 7, 8)) == wib(2026, 12, 14, 8)


def test_a_weekly_slot_on_a_cuti_bersama_moves_to_the_next_working_day() -> None:
    # Monday 23 and Tuesday 24 March 2026 are Cuti Bersama Idul Fitri.
    assert slot_after(MONDAY, BATAM, wib(2026, 3, 17)) == wib(2026, 3, 25, 8)
    assert slot_at_or_before(MONDAY, BATAM, wib(2026, 3, 24, 23)) == wib(2026, 3, 16, 8)
    assert slot_after(MONDAY, BATAM, wib(2026, 3, 25, 8)) == wib(2026, 3, 30, 8)


def test_two_weeks_moved_onto_one_day_are_one_slot() -> None:
    # Nyepi on Monday 8 March 2027, Idul Fitri and its Cuti Bersama to Monday 15 March: both
    # Mondays open on Tuesday 16 March, once.
    assert slot_after(MONDAY, BATAM, wib(2027, 3, 2)) == wib(2027, 3, 16, 8)
    assert slot_after(MONDAY, BATAM, wib(2027, 3, 16, 8)) == wib(2027, 3, 22, 8)


@pytest.mark.parametrize(
    ("moment", "slot"),
    [
        (wib(2026, 1, 20), wib(2026, 1, 2, 8)),  # 1 January 2026 (Thursday) is a holiday
        (wib(2027, 1, 20), wib(2027, 1, 4, 8)),  # 1 January 2027 (Friday), then the weekend
        (wib(2026, 12, 1, 9), wib(2026, 12, 1, 8)),
        (wib(2026, 12, 1, 7), wib(2026, 11, 2, 8)),
    ],
)
def test_a_monthly_slot_is_the_first_working_day_of_the_month(
    moment: datetime, slot: datetime
) -> None:
    assert slot_at_or_before(FIRST, BATAM, moment) == slot


def test_the_last_working_day_of_the_month() -> None:
    # 31 December 2026 is a Thursday and a working day; 24 and 25 December are not.
    assert slot_after(LAST, BATAM, wib(2026, 12, 6)) == wib(2026, 12, 31, 15, 30)
    # 30 and 31 January 2027 are a weekend.
    assert slot_after(LAST, BATAM, wib(2027, 1, 1)) == wib(2027, 1, 29, 15, 30)


def test_a_daily_slot_skips_weekends_and_holidays() -> None:
    assert slot_after(DAILY, BATAM, wib(2026, 12, 23, 8)) == wib(2026, 12, 28, 7, 30)
    assert slot_at_or_before(DAILY, BATAM, wib(2026, 12, 27, 8)) == wib(2026, 12, 23, 7, 30)


def test_the_office_days_off_and_extra_working_days_count() -> None:
    office = OfficeCalendar(
        zone="Asia/Jakarta",
        days_off={date(2026, 12, 7): "Hari jadi kota"},
        extra_working_days=[date(2026, 12, 5)],
    )
    assert slot_after(MONDAY, office, wib(2026, 12, 6)) == wib(2026, 12, 8, 8)
    assert slot_at_or_before(DAILY, office, wib(2026, 12, 6)) == wib(2026, 12, 5, 7, 30)


@pytest.mark.parametrize(
    ("zone", "expected_utc"),
    [
        ("Asia/Jakarta", datetime(2026, 12, 7, 1, 0, tzinfo=UTC)),
        ("Asia/Makassar", datetime(2026, 12, 7, 0, 0, tzinfo=UTC)),
        ("Asia/Jayapura", datetime(2026, 12, 6, 23, 0, tzinfo=UTC)),
    ],
)
def test_the_time_is_the_office_s_own(zone: str, expected_utc: datetime) -> None:
    calendar = OfficeCalendar(zone=zone)
    slot = slot_after(MONDAY, calendar, datetime(2026, 12, 6, 12, 0, tzinfo=UTC))
    assert slot == expected_utc
    assert slot is not None and slot.tzinfo == ZoneInfo(zone)


def test_at_one_instant_each_zone_is_at_its_own_latest_slot() -> None:
    # 23:30 UTC on Sunday is 08:30 on Monday in Jayapura, 06:30 in Jakarta.
    moment = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)
    papua = slot_at_or_before(MONDAY, OfficeCalendar(zone="Asia/Jayapura"), moment)
    batam = slot_at_or_before(MONDAY, BATAM, moment)
    assert papua == datetime(2026, 12, 7, 8, 0, tzinfo=WIT)
    assert batam == wib(2026, 11, 30, 8)


def test_an_office_closed_for_years_has_no_slot() -> None:
    start = date(2024, 1, 1)
    closed = OfficeCalendar(
        zone="Asia/Makassar",
        days_off={date.fromordinal(start.toordinal() + n): "Tutup" for n in range(7 * 366)},
    )
    moment = datetime(2026, 12, 6, tzinfo=WITA)
    assert slot_after(DAILY, closed, moment) is None
    assert slot_after(FIRST, closed, moment) is None
    assert slot_at_or_before(MONDAY, closed, moment) is None


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        slot_at_or_before(MONDAY, BATAM, datetime(2026, 12, 6))  # noqa: DTZ001 -- on purpose
    with pytest.raises(ValueError, match="timezone-aware"):
        slot_after(MONDAY, BATAM, datetime(2026, 12, 6))  # noqa: DTZ001 -- on purpose


def test_the_title_fills_in_the_slot_s_date() -> None:
    titled = MONDAY.model_copy(update={"judul": "Cadangan {tanggal} ({bulan}, {tahun})"})
    assert slot_title(titled, "Pemeriksaan", date(2026, 12, 7)) == (
        "Cadangan 7 Desember 2026 (Desember 2026, 2026)"
    )
    assert slot_title(MONDAY, "Pemeriksaan Cadangan", date(2027, 1, 4)) == (
        "Pemeriksaan Cadangan 4 Januari 2027"
    )
