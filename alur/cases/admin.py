"""Cases, read only: every change to a case goes through ``alur.cases.services``, which records
it in the case's hash chain. An edit made here would be a change with no record, so the admin
can look at cases, their steps, documents and record, and change none of them."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

import alur.offices.admin  # noqa: F401 - first: it makes the admin classes subscriptable
from alur.cases.audit import verify_case
from alur.cases.models import Case, Document, Event, Task
from alur.common.admin import ReadOnlyAdmin


class TaskInline(ReadOnlyAdmin, admin.TabularInline[Task, Case]):
    model = Task
    extra = 0
    fields = readonly_fields = (
        "step",
        "visit",
        "lanes",
        "status",
        "opened_at",
        "due_at",
        "done_at",
        "done_by",
        "decision",
        "note",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Task]:
        return super().get_queryset(request).select_related("done_by")


class DocumentInline(ReadOnlyAdmin, admin.TabularInline[Document, Case]):
    # The file itself is not linked: its bytes are served only by the case page, which checks
    # who may see the case.
    model = Document
    extra = 0
    fields = readonly_fields = (
        "name",
        "version",
        "original_name",
        "content_type",
        "size",
        "step",
        "uploaded_by",
        "uploaded_at",
        "sha256",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Document]:
        return super().get_queryset(request).select_related("uploaded_by")


class EventInline(ReadOnlyAdmin, admin.TabularInline[Event, Case]):
    model = Event
    extra = 0
    fields = readonly_fields = (
        "seq",
        "kind",
        "at",
        "actor",
        "step",
        "visit",
        "lane",
        "decision",
        "note",
        "hash",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return super().get_queryset(request).select_related("actor")


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin, admin.ModelAdmin[Case]):
    list_display = ["number", "office", "sop", "title", "status", "opened_at"]
    list_filter = ["status", "office", "sop_version__sop"]
    list_select_related = ["office", "sop_version__sop"]
    search_fields = ["number", "title"]
    date_hierarchy = "opened_at"
    fields = readonly_fields = (
        "number",
        "office",
        "sop_version",
        "title",
        "requester",
        "requester_unit",
        "status",
        "opened_at",
        "closed_at",
        "end_reason",
        "parent",
        "version",
        "chain",
    )
    inlines = [TaskInline, DocumentInline, EventInline]

    @admin.display(description=_("SOP"), ordering="sop_version__sop__name")
    def sop(self, case: Case) -> str:
        return str(case.sop_version)

    @admin.display(description=_("rantai catatan"))
    def chain(self, case: Case) -> str:
        broken = verify_case(case)
        if broken is None:
            return _t("utuh")
        return _t("putus di catatan #%(seq)d") % {"seq": broken.seq}
