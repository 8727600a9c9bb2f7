"""Median, 90th percentile and maximum of finished visits' working time, per SOP and step, in SQL.

PostgreSQL has ``percentile_cont``; SQLite has no percentile function. Both have window
functions, so the order statistics are picked in the database the same way on both:

    ROW_NUMBER() and COUNT(*) over (PARTITION BY sop, step ORDER BY minutes)
    pth value = percentile_cont(p): position 1 + p * (n - 1); the rows at its floor and the
                floor + 1 are taken and interpolated by the fraction

For p = 0.5 and 0.9 the position is computed in integers, 1 + (k * (n - 1)) / d with the
remainder as the fraction numerator, so both databases give the same exact answer (and the same
as PostgreSQL's ``percentile_cont``, which a test checks).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection

from alur.cases.models import Case, Task
from alur.catalog.models import SopVersion


@dataclass(frozen=True)
class StepTimes:
    finished: int
    median: float
    p90: float
    longest: int


def _sql(with_sop: bool) -> str:
    task, case, version = Task._meta.db_table, Case._meta.db_table, SopVersion._meta.db_table
    sop_filter = "AND sv.sop_id = %s" if with_sop else ""
    # Only table names from the models and a fixed clause are formatted in; values are parameters.
    return f"""
WITH visits AS (
  SELECT sv.sop_id AS sop_id, t.step AS step, t.working_minutes AS m,
         ROW_NUMBER() OVER (PARTITION BY sv.sop_id, t.step ORDER BY t.working_minutes) AS rn,
         COUNT(*) OVER (PARTITION BY sv.sop_id, t.step) AS n
    FROM {task} t
    JOIN {case} c ON c.id = t.case_id
    JOIN {version} sv ON sv.id = c.sop_version_id
   WHERE c.office_id = %s AND t.status = %s AND t.done_at >= %s AND t.done_at < %s
     AND t.working_minutes IS NOT NULL {sop_filter}
),
positions AS (
  SELECT sop_id, step, m, rn, n,
         1 + (n - 1) / 2 AS lo50, (n - 1) %% 2 AS fr50,
         1 + (9 * (n - 1)) / 10 AS lo90, (9 * (n - 1)) %% 10 AS fr90
    FROM visits
),
picked AS (
  SELECT sop_id, step, MAX(n) AS n, MAX(m) AS longest,
         MAX(CASE WHEN rn = lo50 THEN m END) AS a50,
         MAX(CASE WHEN rn = lo50 + 1 THEN m END) AS b50, MAX(fr50) AS fr50,
         MAX(CASE WHEN rn = lo90 THEN m END) AS a90,
         MAX(CASE WHEN rn = lo90 + 1 THEN m END) AS b90, MAX(fr90) AS fr90
    FROM positions
   WHERE rn = lo50 OR rn = lo50 + 1 OR rn = lo90 OR rn = lo90 + 1 OR rn = n
   GROUP BY sop_id, step
)
SELECT sop_id, step, n,
       a50 + (COALESCE(b50, a50) - a50) * fr50 / 2.0,
       a90 + (COALESCE(b90, a90) - a90) * fr90 / 10.0,
       longest
  FROM picked
"""  # noqa: S608


def step_times(
    *, office_id: int, starts: dt.datetime, ends: dt.datetime, sop_id: int | None = None
) -> dict[tuple[int, int], StepTimes]:
    """(sop id, step) -> times of the visits finished in [starts, ends)."""
    adapt = connection.ops.adapt_datetimefield_value
    params: list[Any] = [office_id, Task.Status.DONE, adapt(starts), adapt(ends)]
    if sop_id is not None:
        params.append(sop_id)
    with connection.cursor() as cursor:
        cursor.execute(_sql(sop_id is not None), params)
        rows = cursor.fetchall()
    return {
        (int(sop), int(step)): StepTimes(int(n), float(median), float(p90), int(longest))
        for sop, step, n, median, p90, longest in rows
    }
