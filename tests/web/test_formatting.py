import datetime as dt

import pytest
from django.utils import translation

from alur.common.formatting import date_text, datetime_text, duration_text, size_text

MOMENT = dt.datetime(2026, 8, 18, 2, 0, tzinfo=dt.UTC)


def test_times_are_written_on_the_office_clock_in_indonesian() -> None:
    with translation.override("id"):
        assert datetime_text(MOMENT, "Asia/Makassar") == "18 Agustus 2026 10.00 WITA"
        assert datetime_text(MOMENT, "Asia/Jakarta", short=True) == "18 Agu 2026 09.00 WIB"
        assert datetime_text(MOMENT, "Asia/Jayapura") == "18 Agustus 2026 11.00 WIT"
        assert date_text(dt.date(2026, 11, 23)) == "23 November 2026"


def test_english_pages_write_english_months() -> None:
    with translation.override("en"):
        assert datetime_text(MOMENT, "Asia/Makassar") == "18 August 2026 10:00 WITA"


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 menit"),
        (45, "45 menit"),
        (480, "1 hari"),
        (600, "1 hari 2 jam"),
        (605, "1 hari 2 jam 5 menit"),
    ],
)
def test_working_time_is_written_in_office_days_hours_and_minutes(minutes, text) -> None:
    with translation.override("id"):
        assert duration_text(minutes, 480) == text


def test_sizes_use_the_decimal_comma() -> None:
    with translation.override("id"):
        assert [size_text(45), size_text(12_800), size_text(3 * 1024 * 1024)] == [
            "45 B",
            "12,5 KB",
            "3,0 MB",
        ]


def test_pages_stay_in_indonesian_for_an_english_browser_until_english_is_chosen(
    client_for, settings
) -> None:
    settings.MIDDLEWARE = [
        "alur.web.middleware.ChosenLanguageMiddleware"
        if name == "django.middleware.locale.LocaleMiddleware"
        else name
        for name in settings.MIDDLEWARE
    ]
    client = client_for("kabid.ti")

    default = client.get("/tugas/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    client.post("/bahasa/setlang/", {"language": "en", "next": "/tugas/"})
    chosen = client.get("/tugas/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert default.headers["Content-Language"] == "id"
    assert chosen.headers["Content-Language"] == "en"
