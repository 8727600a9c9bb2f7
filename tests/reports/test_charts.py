"""The charts: a logarithmic time axis for the steps, whole-number gridlines for months."""

from __future__ import annotations

import datetime as dt

from alur.reports._histogram import StepTimes
from alur.reports.charts import months_chart, steps_chart
from alur.reports.selectors import MonthRow, StepRow


def _row(step: int, median: float, p90: float, target: int | None) -> StepRow:
    return StepRow(
        step=step,
        description="",
        lanes="",
        target_text="",
        target_minutes=target,
        finished=1,
        times=StepTimes(1, median, p90, round(p90)),
    )


def test_steps_are_placed_on_a_log_axis_and_a_median_over_target_is_late() -> None:
    rows = [_row(2, 60, 480, 480), _row(12, 4800, 9600, 2400), _row(3, 0, 0, None)]

    chart = steps_chart(rows, 480, "Langkah")

    assert chart is not None
    # the axis runs from 10 minutes to a little past the longest 90th percentile (20 days)
    ticks = {label: x for x, label in chart.ticks}
    assert list(ticks) == ["10 mnt", "1 jam", "1 hari", "5 hari", "20 hari"]
    assert ticks["10 mnt"] == chart.plot_x
    first, twelfth, third = chart.bars
    assert (first.label, first.late, first.value) == ("Langkah 2", False, "1 jam / 1 hari")
    assert first.target_x == chart.plot_x + first.p90_w == ticks["1 hari"]
    assert chart.plot_x + first.median_w == ticks["1 jam"]
    assert (twelfth.late, twelfth.value) == (True, "10 hari / 20 hari")
    assert chart.plot_x + twelfth.p90_w == ticks["20 hari"]
    assert twelfth.p90_w < chart.plot_w
    assert (third.median_w, third.p90_w, third.target_x) == (0.0, 0.0, None)


def test_ticks_that_would_print_over_each_other_are_left_out() -> None:
    chart = steps_chart([_row(9, 18_000, 49_000, 43_200)], 480, "Langkah")

    assert chart is not None
    labels = [label for _x, label in chart.ticks]
    assert labels == ["10 mnt", "1 jam", "1 hari", "5 hari", "20 hari", "50 hari"]


def test_a_chart_of_visits_done_at_once_still_has_an_axis() -> None:
    chart = steps_chart([_row(1, 0, 0, None)], 480, "Langkah")

    assert chart is not None
    assert [label for _x, label in chart.ticks] == ["10 mnt", "1 jam"]


def test_no_finished_visit_no_chart() -> None:
    assert steps_chart([], 480, "Langkah") is None


def test_months_have_whole_number_gridlines() -> None:
    rows = [
        MonthRow(dt.date(2026, m, 1), opened, closed)
        for m, opened, closed in [(1, 9, 2), (2, 0, 3)]
    ]

    chart = months_chart(rows, ("Jan", "Feb", "Mar"))

    assert chart is not None
    assert [label for _y, label in chart.ticks] == [0, 5, 10, 15, 20]
    january, february = chart.months
    assert (january.label, january.opened_h, january.closed_h) == ("Jan 26", 81.0, 18.0)
    assert (february.opened_h, february.opened_y) == (0.0, chart.base)
