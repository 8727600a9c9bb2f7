"""The workers' heartbeats, read only: which workers run, where, and when each was last seen."""

from __future__ import annotations

from django.contrib import admin

import alur.offices.admin  # noqa: F401 - first: it makes the admin classes subscriptable
from alur.common.admin import ReadOnlyAdmin
from alur.operations.models import WorkerBeat


@admin.register(WorkerBeat)
class WorkerBeatAdmin(ReadOnlyAdmin, admin.ModelAdmin[WorkerBeat]):
    list_display = ["worker_id", "host", "pid", "started_at", "seen_at"]
