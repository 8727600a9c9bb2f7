"""The mail outbox, read only: what waits, what was sent, and what failed and why."""

from __future__ import annotations

from django.contrib import admin

import alur.offices.admin  # noqa: F401 - first: it makes the admin classes subscriptable
from alur.common.admin import ReadOnlyAdmin
from alur.notifications.models import Mail


@admin.register(Mail)
class MailAdmin(ReadOnlyAdmin, admin.ModelAdmin[Mail]):
    list_display = ["to", "subject", "state", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["state"]
    search_fields = ["to", "subject", "message_id"]
    readonly_fields = ["last_error"]
