"""The geometry of the report's two charts; templates draw it as inline SVG.

Own code rather than a charting library: the two charts are a few rectangles and lines, they
must render the same in the browser without JavaScript and in WeasyPrint's PDF, and every label
must go through gettext in the page's language. A library such as pygal brings its own styles
and scripts for interactivity that neither the page nor the PDF wants.

    steps chart    one row per step with finished visits, on a logarithmic time axis: a bar to
                   the median, a thin bar on to the 90th percentile, an amber tick at the target
                   (allowed time); the bar turns red when the median is over the target
    months chart   per month, two bars: cases opened and cases closed
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from alur.reports.selectors import MonthRow, StepRow

ROW = 26
LABEL = 86
VALUE = 150
WIDTH = 720


@dataclass(frozen=True)
class StepBar:
    y: int
    label: str
    median_w: float
    p90_w: float
    target_x: float | None
    value: str
    late: bool


@dataclass(frozen=True)
class StepsChart:
    width: int
    height: int
    plot_x: int
    plot_w: int
    bars: list[StepBar]
    ticks: list[tuple[float, str]]


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)


def _whole_step(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... that is at least ``value``."""
    power = 1
    while True:
        for unit in (1, 2, 5):
            if unit * power >= value:
                return unit * power
        power *= 10


FLOOR = 10
"""Minutes at the left end of the steps chart: shorter visits are drawn at this length."""


def _ticks(minutes_per_day: int) -> list[tuple[int, str]]:
    day = minutes_per_day
    return [
        (10, _("10 mnt")),
        (60, _("1 jam")),
        (day, _("1 hari")),
        (5 * day, _("5 hari")),
        (20 * day, _("20 hari")),
        (50 * day, _("50 hari")),
        (100 * day, _("100 hari")),
        (250 * day, _("250 hari")),
    ]


def steps_chart(rows: list[StepRow], minutes_per_day: int, step_label: str) -> StepsChart | None:
    """Realised working time against target for the steps with finished visits, on a
    logarithmic axis (a 60-minute step and a 35-day one in the same chart); ``None`` when no
    step has a finished visit."""
    timed = [(row, row.times) for row in rows if row.times is not None]
    if not timed:
        return None
    highest = max(max(t.p90 for _, t in timed), max(r.target_minutes or 0 for r, _ in timed))
    # A little room past the longest bar or target; at least an hour wide, so a chart of quick
    # steps (or of visits done at once) has an axis.
    top = max(highest, 60) * 1.15
    plot_x, plot_w = LABEL, WIDTH - LABEL - VALUE
    span = math.log10(top) - math.log10(FLOOR)

    def x(minutes: float) -> float:
        clamped = min(max(minutes, FLOOR), top)
        return round(plot_w * (math.log10(clamped) - math.log10(FLOOR)) / span, 1)

    bars = [
        StepBar(
            y=index * ROW + 8,
            label=f"{step_label} {row.step}",
            median_w=x(times.median) if times.median > 0 else 0.0,
            p90_w=x(times.p90) if times.p90 > 0 else 0.0,
            target_x=None if row.target_minutes is None else plot_x + x(row.target_minutes),
            value=" / ".join(short_duration(m, minutes_per_day) for m in (times.median, times.p90)),
            late=row.target_minutes is not None and times.median > row.target_minutes,
        )
        for index, (row, times) in enumerate(timed)
    ]
    axis: list[tuple[float, str]] = []
    last = -1.0
    for minutes, label in _ticks(minutes_per_day):
        # ticks closer than 0.35 of a decade would print over each other
        if minutes <= top and math.log10(minutes) - last >= 0.35:
            axis.append((round(plot_x + x(minutes), 1), label))
            last = math.log10(minutes)
    return StepsChart(WIDTH, len(timed) * ROW + 34, plot_x, plot_w, bars, axis)


def short_duration(minutes: float, minutes_per_day: int) -> str:
    """``45 mnt``, ``4,6 jam``, ``19,1 hari``: a compact working time for the chart."""
    if minutes < 60:
        return _("%(n)s mnt") % {"n": round(minutes)}
    if minutes < minutes_per_day:
        return _("%(n)s jam") % {"n": _decimal(minutes / 60)}
    return _("%(n)s hari") % {"n": _decimal(minutes / minutes_per_day)}


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").removesuffix(",0")


@dataclass(frozen=True)
class MonthBars:
    x: float
    label: str
    opened_h: float
    closed_h: float
    opened: int
    closed: int
    base: int
    bar_w: float

    @property
    def opened_x(self) -> float:
        return round(self.x - self.bar_w, 1)

    @property
    def opened_y(self) -> float:
        return round(self.base - self.opened_h, 1)

    @property
    def closed_y(self) -> float:
        return round(self.base - self.closed_h, 1)


@dataclass(frozen=True)
class MonthsChart:
    width: int
    height: int
    base: int
    bar_w: float
    months: list[MonthBars]
    ticks: list[tuple[float, int]]


def months_chart(rows: list[MonthRow], month_names: tuple[str, ...]) -> MonthsChart | None:
    if not rows:
        return None
    high = 180
    most = max(max(row.opened, row.closed) for row in rows)
    top = 4 * _whole_step(most / 4)  # four gridlines at whole numbers
    slot = (WIDTH - 50) / len(rows)
    bar_w = round(min(slot * 0.35, 22), 1)
    months = [
        MonthBars(
            x=round(40 + index * slot + slot / 2, 1),
            label=f"{month_names[row.month.month - 1]} {row.month.year % 100:02d}",
            opened_h=round(row.opened / top * high, 1),
            closed_h=round(row.closed / top * high, 1),
            opened=row.opened,
            closed=row.closed,
            base=20 + high,
            bar_w=bar_w,
        )
        for index, row in enumerate(rows)
    ]
    ticks = [(round(20 + high - high * i / 4, 1), round(top * i / 4)) for i in range(5)]
    return MonthsChart(WIDTH, high + 60, 20 + high, bar_w, months, ticks)
