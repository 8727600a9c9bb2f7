"""Log-scaled buckets of working minutes: the histogram behind the report's median and p90.

Bucket 0 holds 0 minutes; bucket ``b >= 1`` holds the minutes ``m`` with
``floor(ln m / ln RATIO) = b - 1``, that is ``RATIO**(b-1) <= m < RATIO**b``. A bucket's value is
the middle of the whole minutes it can hold, so a value read from a bucket is off by at most half
the bucket's width: under 2.5% of the value with ``RATIO = 1.05`` (and exact below 21 minutes,
where a bucket holds one whole minute or none).

The same arithmetic runs in the database (``LN`` on PostgreSQL; Django gives SQLite the same
``math.log``), with ``LOG_RATIO`` passed as a parameter so both sides divide by the same double.
"""

from __future__ import annotations

import math

RATIO = 1.05
LOG_RATIO = math.log(RATIO)


def bucket_of(minutes: int) -> int:
    if minutes <= 0:
        return 0
    return math.floor(math.log(minutes) / LOG_RATIO) + 1


def bounds(bucket: int) -> tuple[int, int]:
    """The smallest and largest whole minutes that fall in ``bucket``."""
    if bucket == 0:
        return 0, 0
    low = max(1, math.floor(RATIO ** (bucket - 1)) - 1)
    while bucket_of(low) < bucket:
        low += 1
    high = low
    while bucket_of(high + 1) == bucket:
        high += 1
    return low, high


def value_of(bucket: int) -> float:
    low, high = bounds(bucket)
    return (low + high) / 2
