"""The office's deadline policy is set here; due changes and sent alerts are shown read only,
since each was written with its event in a case's record."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

import alur.offices.admin  # noqa: F401 - first: it makes the admin classes subscriptable
from alur.deadlines.models import Alert, DeadlinePolicy, DueChange


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(DeadlinePolicy)
class DeadlinePolicyAdmin(admin.ModelAdmin[DeadlinePolicy]):
    list_display = ["office", "soon_percent", "default_head", "review_role", "review_notice_days"]


@admin.register(DueChange)
class DueChangeAdmin(_ReadOnly, admin.ModelAdmin[DueChange]):
    list_display = ["task", "kind", "previous_due", "due_at", "changed_by", "changed_at"]
    list_filter = ["kind"]


@admin.register(Alert)
class AlertAdmin(_ReadOnly, admin.ModelAdmin[Alert]):
    list_display = ["kind", "task", "sop_version", "due_at", "sent_at"]
    list_filter = ["kind"]
