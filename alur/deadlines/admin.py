"""The office's deadline policy is set here; due changes, sent alerts and scheduled starts are
shown read only, since each was written with its event in a case's record."""

from __future__ import annotations

from django.contrib import admin

import alur.offices.admin  # noqa: F401 - first: it makes the admin classes subscriptable
from alur.common.admin import ReadOnlyAdmin
from alur.deadlines.models import Alert, DeadlinePolicy, DueChange, ScheduledStart


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin[DeadlinePolicy]):
    list_display = ["office", "default_head", "review_role", "review_notice_days"]


@admin.register(DueChange)
class DueChangeAdmin(ReadOnlyAdmin, admin.ModelAdmin[DueChange]):
    list_display = ["task", "kind", "previous_due", "due_at", "changed_by", "changed_at"]
    list_filter = ["kind"]


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin, admin.ModelAdmin[Alert]):
    list_display = ["kind", "task", "case", "sop_version", "due_at", "sent_at"]
    list_filter = ["kind"]


@admin.register(ScheduledStart)
class ScheduledStartAdmin(ReadOnlyAdmin, admin.ModelAdmin[ScheduledStart]):
    list_display = ["sop", "slot", "sop_version", "case", "opened_at"]
