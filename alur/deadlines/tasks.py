"""Background jobs, run by ``alur worker`` from the database queue (django-tasks-db)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from alur.deadlines.alerts import deadlines_scan


@task()
def deadlines_scan_job() -> dict[str, int]:
    """Send what is due now; idempotent, so several workers may run it at once."""
    result = deadlines_scan(now=timezone.now())
    return {
        "reminders": result.reminders,
        "escalations": result.escalations,
        "reviews": result.reviews,
    }
