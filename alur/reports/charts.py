"""The geometry of the report's two charts; templates draw it as inline SVG.

Own code rather than a charting library: the two charts are a few rectangles and lines, they
must render the same in the browser without JavaScript and in WeasyPrint's PDF, and every label
must go through gettext in the page's language. A library such as pygal brings its own styles
and scripts for interactivity that neither the page nor the PDF wants.

    steps chart    one row per step with finished visits: a bar to the median, a thin bar on to
                   the 90th percentile, a dark tick at the target (allowed time)
    months chart   per month, two bars: cases opened and cases closed
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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


def steps_chart(rows: list[StepRow], minutes_per_day: int, step_label: str) -> StepsChart | None:
    """Realised working time against target, in working days, for the steps with finished
    visits; ``None`` when no step has one."""
    timed = [row for row in rows if row.times is not None]
    if not timed:
        return None
    day = float(minutes_per_day)
    top = _nice_top(
        max(
            max(row.times.p90 if row.times else 0.0 for row in timed) / day,
            max((row.target_minutes or 0) / day for row in timed),
        )
    )
    plot_x, plot_w = LABEL, WIDTH - LABEL - VALUE
    scale = plot_w / top
    bars = []
    for index, (row, times) in enumerate((row, row.times) for row in timed if row.times):
        median, p90 = times.median / day, times.p90 / day
        target = None if row.target_minutes is None else row.target_minutes / day
        bars.append(
            StepBar(
                y=index * ROW + 8,
                label=f"{step_label} {row.step}",
                median_w=round(median * scale, 1),
                p90_w=round(p90 * scale, 1),
                target_x=None if target is None else round(plot_x + target * scale, 1),
                value=f"{_days(median)} / {_days(p90)}",
                late=target is not None and median > target,
            )
        )
    ticks = [(round(plot_x + top * i / 4 * scale, 1), _days(top * i / 4)) for i in range(5)]
    return StepsChart(WIDTH, len(timed) * ROW + 34, plot_x, plot_w, bars, ticks)


def _days(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


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
    top = max(4, *(max(row.opened, row.closed) for row in rows))
    top = int(_nice_top(top)) if top > 4 else 4
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
