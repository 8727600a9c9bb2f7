"""Per SOP and step, over a period: the visits finished, with a due and on time, loops, "tidak"
answers, returns to the requester, working minutes (and of them waiting), and the median and
90th percentile of the working minutes, all read from the rollups (``alur.reports.models``).

Median and 90th percentile come from the histogram of log-scaled buckets (``buckets``): the
database adds up the period's bucket counts (whole months from ``StepMinutesMonth``, the days at
either end from ``StepMinutes``), runs a cumulative sum over the buckets with a window function
and picks, for each percentile, the buckets holding the two ranks ``percentile_cont`` would
interpolate between (position ``1 + p * (n - 1)``, kept in integers: the floor and the
remainder). Python takes the middle value of each bucket and interpolates by the remainder, so
the answer is within half a bucket (under 2.5%) of the exact value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Max, Sum

from alur.reports.buckets import value_of
from alur.reports.models import StepDay, StepMinutes, StepMinutesMonth


@dataclass(frozen=True)
class StepTimes:
    finished: int
    median: float
    p90: float
    longest: int


@dataclass(frozen=True)
class StepVisits:
    times: StepTimes
    with_target: int
    on_time: int
    revisits: int
    declined: int
    returned: int
    minutes: int
    waiting: int = 0
    """Of ``minutes``, those from each visit's opening to its first touch."""


def whole_months(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """[start, end) of the whole calendar months inside the days ``first`` to ``last``
    (start == end when there is none)."""
    start = first if first.day == 1 else _next_month(first)
    after = last + dt.timedelta(days=1)
    end = after if after.day == 1 else after.replace(day=1)
    return (start, end) if start < end else (start, start)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


_HISTOGRAM = """
WITH parts AS (
  SELECT sop_id, step, bucket, visits FROM {month}
   WHERE office_id = %s AND month >= %s AND month < %s {sop}
  UNION ALL
  SELECT sop_id, step, bucket, visits FROM {day}
   WHERE office_id = %s AND ((day >= %s AND day < %s) OR (day >= %s AND day <= %s)) {sop}
),
histogram AS (
  SELECT sop_id, step, bucket, CAST(SUM(visits) AS BIGINT) AS n
    FROM parts GROUP BY sop_id, step, bucket
),
cumulative AS (
  SELECT sop_id, step, bucket,
         CAST(SUM(n) OVER (PARTITION BY sop_id, step ORDER BY bucket
                           ROWS UNBOUNDED PRECEDING) AS BIGINT) AS upto,
         CAST(SUM(n) OVER (PARTITION BY sop_id, step) AS BIGINT) AS total
    FROM histogram
),
ranks AS (
  SELECT cumulative.*,
         1 + (total - 1) / 2 AS lo50, (total - 1) %% 2 AS fr50,
         1 + (9 * (total - 1)) / 10 AS lo90, (9 * (total - 1)) %% 10 AS fr90
    FROM cumulative
)
SELECT sop_id, step,
       MIN(CASE WHEN upto >= lo50 THEN bucket END),
       MIN(CASE WHEN upto >= lo50 + 1 THEN bucket END), MAX(fr50),
       MIN(CASE WHEN upto >= lo90 THEN bucket END),
       MIN(CASE WHEN upto >= lo90 + 1 THEN bucket END), MAX(fr90)
  FROM ranks
 GROUP BY sop_id, step
"""


def _percentiles(
    office_id: int, first: dt.date, last: dt.date, sop_id: int | None
) -> dict[tuple[int, int], tuple[float, float]]:
    start, end = whole_months(first, last)
    sql = _HISTOGRAM.format(
        month=StepMinutesMonth._meta.db_table,
        day=StepMinutes._meta.db_table,
        sop="AND sop_id = %s" if sop_id is not None else "",
    )
    with_sop: list[Any] = [sop_id] if sop_id is not None else []
    after = last + dt.timedelta(days=1)
    # The days before the first whole month and after the last (without whole months: all).
    before_months = (first, start) if start < end else (first, after)
    after_months = (end, last) if start < end else (after, last)
    params = [office_id, start, end, *with_sop, office_id, *before_months, *after_months, *with_sop]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return {
        (int(sop), int(step)): (
            _between(a50, b50, fr50, 2),
            _between(a90, b90, fr90, 10),
        )
        for sop, step, a50, b50, fr50, a90, b90, fr90 in rows
    }


def _between(lower: int, upper: int | None, remainder: int, parts: int) -> float:
    """The value ``remainder / parts`` of the way from bucket ``lower``'s to ``upper``'s."""
    low = value_of(int(lower))
    high = value_of(int(upper)) if upper is not None else low
    return low + (high - low) * int(remainder) / parts


def step_visits(
    *, office_id: int, first: dt.date, last: dt.date, sop_id: int | None = None
) -> dict[tuple[int, int], StepVisits]:
    """(sop id, step) -> the visits finished on the days ``first`` to ``last``."""
    days = StepDay.objects.filter(office_id=office_id, day__gte=first, day__lte=last)
    if sop_id is not None:
        days = days.filter(sop_id=sop_id)
    totals = (
        days.values("sop_id", "step")
        .annotate(
            done=Sum("done"),
            with_due=Sum("with_due"),
            on_time=Sum("on_time"),
            minutes=Sum("minutes"),
            longest=Max("longest"),
            repeats=Sum("repeats"),
            declined=Sum("declined"),
            returned=Sum("returned"),
            waiting=Sum("waiting"),
        )
        .order_by()
    )
    percentiles = _percentiles(office_id, first, last, sop_id)
    visits = {}
    for row in totals:
        key = (row["sop_id"], row["step"])
        median, p90 = percentiles.get(key, (0.0, 0.0))
        visits[key] = StepVisits(
            times=StepTimes(int(row["done"]), median, p90, int(row["longest"])),
            with_target=int(row["with_due"]),
            on_time=int(row["on_time"]),
            revisits=int(row["repeats"]),
            declined=int(row["declined"]),
            returned=int(row["returned"]),
            minutes=int(row["minutes"]),
            waiting=int(row["waiting"] or 0),
        )
    return visits
