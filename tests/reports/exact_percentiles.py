"""The exact reference for the report's bucket-based percentiles (the report reads rollups).

Per SOP and step, in one pass over the visits finished in a period: how many, how many had a
target and met it, loops and "tidak" answers, and the median, 90th percentile and maximum of
their working time.

PostgreSQL has ``percentile_cont``, an ordered-set aggregate: one grouped query gives all of it.
SQLite has no percentile function, but both have window functions, so there the order
statistics are picked in the database like this:

    ROW_NUMBER() and COUNT(*) over (PARTITION BY sop, step ORDER BY minutes)
    pth value = percentile_cont(p): position 1 + p * (n - 1); the rows at its floor and the
                floor + 1 are taken and interpolated by the fraction

For p = 0.5 and 0.9 the position is computed in integers, 1 + (k * (n - 1)) / d with the
remainder as the fraction numerator, so the answer is exact; a test checks it equals
PostgreSQL's ``percentile_cont`` (which interpolates in floating point: 408.00000000000006).
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


@dataclass(frozen=True)
class StepVisits:
    times: StepTimes
    with_target: int
    on_time: int
    revisits: int
    declined: int
    minutes: int


_FROM = """
    FROM {task} t
    JOIN {case} c ON c.id = t.case_id
    JOIN {version} sv ON sv.id = c.sop_version_id
   WHERE c.office_id = %s AND t.status = %s AND t.done_at >= %s AND t.done_at < %s
     AND t.working_minutes IS NOT NULL {sop_filter}
"""

_POSTGRESQL = """
SELECT sv.sop_id, t.step, COUNT(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY t.working_minutes),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY t.working_minutes),
       MAX(t.working_minutes),
       COUNT(*) FILTER (WHERE t.due_at IS NOT NULL),
       COUNT(*) FILTER (WHERE t.done_at <= t.due_at),
       COUNT(*) FILTER (WHERE t.visit > 1),
       COUNT(*) FILTER (WHERE t.decision = 'tidak'),
       SUM(t.working_minutes)
{from_}
 GROUP BY sv.sop_id, t.step
"""

_WINDOWS = """
WITH visits AS (
  SELECT sv.sop_id AS sop_id, t.step AS step, t.working_minutes AS m,
         ROW_NUMBER() OVER (w ORDER BY t.working_minutes) AS rn,
         COUNT(*) OVER w AS n,
         SUM(CASE WHEN t.due_at IS NOT NULL THEN 1 ELSE 0 END) OVER w AS with_target,
         SUM(CASE WHEN t.done_at <= t.due_at THEN 1 ELSE 0 END) OVER w AS on_time,
         SUM(CASE WHEN t.visit > 1 THEN 1 ELSE 0 END) OVER w AS revisits,
         SUM(CASE WHEN t.decision = 'tidak' THEN 1 ELSE 0 END) OVER w AS declined,
         SUM(t.working_minutes) OVER w AS minutes
{from_}
  WINDOW w AS (PARTITION BY sv.sop_id, t.step)
),
positions AS (
  SELECT visits.*,
         1 + (n - 1) / 2 AS lo50, (n - 1) %% 2 AS fr50,
         1 + (9 * (n - 1)) / 10 AS lo90, (9 * (n - 1)) %% 10 AS fr90
    FROM visits
),
picked AS (
  SELECT sop_id, step, MAX(n) AS n, MAX(m) AS longest,
         MAX(CASE WHEN rn = lo50 THEN m END) AS a50,
         MAX(CASE WHEN rn = lo50 + 1 THEN m END) AS b50, MAX(fr50) AS fr50,
         MAX(CASE WHEN rn = lo90 THEN m END) AS a90,
         MAX(CASE WHEN rn = lo90 + 1 THEN m END) AS b90, MAX(fr90) AS fr90,
         MAX(with_target) AS with_target, MAX(on_time) AS on_time,
         MAX(revisits) AS revisits, MAX(declined) AS declined, MAX(minutes) AS minutes
    FROM positions
   WHERE rn = lo50 OR rn = lo50 + 1 OR rn = lo90 OR rn = lo90 + 1 OR rn = n
   GROUP BY sop_id, step
)
SELECT sop_id, step, n,
       a50 + (COALESCE(b50, a50) - a50) * fr50 / 2.0,
       a90 + (COALESCE(b90, a90) - a90) * fr90 / 10.0,
       longest, with_target, on_time, revisits, declined, minutes
  FROM picked
"""


def visits_sql(*, with_sop: bool, windows: bool | None = None) -> str:
    """The query for this database: ``percentile_cont`` on PostgreSQL, window functions
    elsewhere (or, with ``windows``, wherever asked: both answer the same)."""
    if windows is None:
        windows = connection.vendor != "postgresql"
    template = _WINDOWS if windows else _POSTGRESQL
    # Only the models' table names and a fixed clause are formatted in; values are parameters.
    from_ = _FROM.format(
        task=Task._meta.db_table,
        case=Case._meta.db_table,
        version=SopVersion._meta.db_table,
        sop_filter="AND sv.sop_id = %s" if with_sop else "",
    )
    return template.format(from_=from_)


def step_visits(
    *, office_id: int, starts: dt.datetime, ends: dt.datetime, sop_id: int | None = None
) -> dict[tuple[int, int], StepVisits]:
    """(sop id, step) -> the visits finished in [starts, ends) and their working time."""
    adapt = connection.ops.adapt_datetimefield_value
    params: list[Any] = [office_id, Task.Status.DONE, adapt(starts), adapt(ends)]
    if sop_id is not None:
        params.append(sop_id)
    with connection.cursor() as cursor:
        cursor.execute(visits_sql(with_sop=sop_id is not None), params)
        rows = cursor.fetchall()
    return {
        (int(row[0]), int(row[1])): StepVisits(
            # rounded past percentile_cont's floating-point noise (408.00000000000006)
            times=StepTimes(int(row[2]), round(row[3], 6), round(row[4], 6), int(row[5])),
            with_target=int(row[6]),
            on_time=int(row[7]),
            revisits=int(row[8]),
            declined=int(row[9]),
            minutes=int(row[10]),
        )
        for row in rows
    }
