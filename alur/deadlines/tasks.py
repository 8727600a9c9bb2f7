"""Background jobs, run by ``alur worker`` from the database queue (django-tasks-db)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from alur.cases.checkpoints import checkpoint_due_write
from alur.cases.drafts import drafts_expire
from alur.deadlines.alerts import deadlines_scan
from alur.deadlines.starts import scheduled_starts_open


@task()
def deadlines_scan_job() -> dict[str, int]:
    """Open the scheduled cases, send what is due now, write the record's signed checkpoint
    when one is due, and remove the files kept from refused forms that are no longer wanted
    (``alur.cases.drafts``); idempotent, so several workers may run it at once."""
    now = timezone.now()
    started = scheduled_starts_open(now=now)
    result = deadlines_scan(now=now)
    checkpoint = checkpoint_due_write(now=now)
    expired = drafts_expire(now=now)
    return {
        "checkpoint": int(checkpoint is not None),
        "scheduled": started,
        "reminders": result.reminders,
        "escalations": result.escalations,
        "reviews": result.reviews,
        "service_reminders": result.service_reminders,
        "service_escalations": result.service_escalations,
        "requester_reminders": result.requester_reminders,
        "lapsed": result.lapsed,
        "drafts": expired,
    }
