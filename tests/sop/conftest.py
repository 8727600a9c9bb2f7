"""Fixtures for the engine tests: SOPs built in code, a predictable calendar and the real one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from alur.sop._definition.duration import Duration, Unit
from alur.sop._definition.model import Sop


class FakeCalendar:
    """Counts every day as a working day and every minute as office time, and remembers calls.

    Deadlines then read plainly in assertions: "1 hari" from 08:00 on the 2nd is 08:00 on the 3rd.
    """

    def __init__(self) -> None:
        self.calls: list[tuple[datetime, Duration, date | None]] = []

    def due(
        self, start: datetime, duration: Duration, scheduled: date | None = None
    ) -> datetime | None:
        self.calls.append((start, duration, scheduled))
        match duration.unit:
            case Unit.NONE:
                return None
            case Unit.MINUTES | Unit.HOURS:
                return start + timedelta(minutes=duration.office_minutes)
            case Unit.WORKING_DAYS | Unit.CALENDAR_DAYS:
                return start + timedelta(days=duration.amount)
            case Unit.SCHEDULED:
                assert scheduled is not None
                return datetime.combine(scheduled, time(16, 0), tzinfo=start.tzinfo)
        raise AssertionError(duration)


@pytest.fixture
def calendar() -> FakeCalendar:
    return FakeCalendar()


def _lane(lane: str | Mapping[str, Any]) -> Mapping[str, Any]:
    return {"id": lane, "nama": lane.replace("-", " ").title()} if isinstance(lane, str) else lane


def build_sop(
    steps: list[dict[str, Any]],
    lanes: list[str | Mapping[str, Any]] | None = None,
    kode: str = "uji",
) -> Sop:
    """A valid SOP around the given steps; lanes default to every lane the steps name."""
    if lanes is None:
        named: dict[str, None] = {}
        for step in steps:
            pelaksana = step["pelaksana"]
            named.update(dict.fromkeys([pelaksana] if isinstance(pelaksana, str) else pelaksana))
        lanes = list(named)
    return Sop.model_validate(
        {
            "format": 2,
            "kode": kode,
            "identitas": {
                "pemerintah": "Pemerintah Kota Uji",
                "instansi": "Dinas Komunikasi dan Informatika",
                "nama": "SOP Uji",
                "disahkan_oleh": {"jabatan": "Kepala Dinas"},
            },
            "pelaksana": [_lane(lane) for lane in lanes],
            "langkah": steps,
        }
    )


@pytest.fixture
def make_sop() -> Callable[..., Sop]:
    return build_sop
