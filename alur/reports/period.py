"""The period a report covers: two dates in the office's calendar, both included.

Dates are typed the Indonesian way, ``31-12-2026`` (``31/12/2026`` and the ISO ``2026-12-31``
that a browser's date picker sends are read too). Without dates the period is the last twelve
months up to today on the office's clock: the twelve calendar months up to and including the
current one, from the first day of the month eleven months back (``last_twelve_months``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DATE_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
LONGEST_DAYS = 366 * 5


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date
    zone: str

    @property
    def starts(self) -> dt.datetime:
        """The first moment of the period, aware, in the office's zone."""
        return dt.datetime.combine(self.first, dt.time(), tzinfo=ZoneInfo(self.zone))

    @property
    def ends(self) -> dt.datetime:
        """The first moment after the period."""
        return dt.datetime.combine(
            self.last + dt.timedelta(days=1), dt.time(), tzinfo=ZoneInfo(self.zone)
        )

    def query(self) -> str:
        return f"dari={self.first:%d-%m-%Y}&sampai={self.last:%d-%m-%Y}"


def last_twelve_months(today: dt.date, zone: str) -> Period:
    """The twelve calendar months up to and including ``today``'s, the last one partial: from
    the first day of the month eleven months before ``today``'s up to ``today``.

    So the report of "the last twelve months" always has twelve monthly bars: on 4 December
    2026 it runs from 1 January 2026, on 31 January 2027 from 1 February 2026.
    """
    months = today.year * 12 + today.month - 1 - 11
    return Period(dt.date(months // 12, months % 12 + 1, 1), today, zone)


class DayField(forms.DateField):
    """A date typed in one of ``DATE_FORMATS``; one written rightly that the calendar lacks
    (``31-02-2026``) is told it does not exist, not to use the format it already uses."""

    def to_python(self, value: str | dt.datetime | dt.date | None) -> dt.date | None:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            text = str(value).strip()
            if any(_shaped(text, form) for form in DATE_FORMATS):
                raise forms.ValidationError(
                    _("Tanggal %(date)s tidak ada di kalender.") % {"date": text},
                    code="no_such_day",
                ) from None
            raise


def _shaped(text: str, form: str) -> bool:
    """Whether ``text`` is written as ``form`` asks, with numbers a day, month and year may
    have, whether or not the date exists."""
    separator = "-" if "-" in form else "/"
    parts = text.split(separator)
    if len(parts) != 3 or not all(part.isascii() and part.isdigit() for part in parts):
        return False
    if form.startswith("%Y"):
        year, month, day = parts
    else:
        day, month, year = parts
    return len(year) == 4 and 1 <= int(month) <= 12 and 1 <= int(day) <= 31


class PeriodForm(forms.Form):
    dari = DayField(
        label=gettext_lazy("Dari tanggal"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={
            "invalid": gettext_lazy("Tulis tanggal sebagai hh-bb-tttt, mis. 01-01-2026.")
        },
    )
    sampai = DayField(
        label=gettext_lazy("Sampai tanggal"),
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={
            "invalid": gettext_lazy("Tulis tanggal sebagai hh-bb-tttt, mis. 31-12-2026.")
        },
    )
    sop = forms.SlugField(required=False)

    def period(self, today: dt.date, zone: str) -> Period:
        """The chosen period (call after ``is_valid``), ``today`` being the office's date.

        Without "dari" it is the twelve calendar months up to "sampai" (or ``today``); without
        "sampai" it ends ``today``, or on "dari" when that is later.
        """
        first, last = self.cleaned_data.get("dari"), self.cleaned_data.get("sampai")
        if first is None:
            return last_twelve_months(last or today, zone)
        return Period(first, last or max(today, first), zone)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, last = data.get("dari"), data.get("sampai")
        if isinstance(first, dt.date) and isinstance(last, dt.date):
            if last < first:
                raise forms.ValidationError(
                    _("Tanggal akhir (%(last)s) lebih awal dari tanggal awal (%(first)s).")
                    % {"last": f"{last:%d-%m-%Y}", "first": f"{first:%d-%m-%Y}"}
                )
            if (last - first).days > LONGEST_DAYS:
                raise forms.ValidationError(
                    _("Periode paling panjang lima tahun; persempit tanggalnya.")
                )
        return data
