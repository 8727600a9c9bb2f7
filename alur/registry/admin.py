"""The office's application inventory and electronic-system records, which staff may correct.

SOP steps write these records as cases complete; a correction made here keeps the case that
last wrote the record and takes the time of the correction.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone

import alur.offices.admin  # noqa: F401 - first: it makes the admin classes subscriptable
from alur.registry.models import Application, ElectronicSystem


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ["name", "office", "kind", "owner", "url", "status", "updated_at", "case"]
    list_filter = ["office", "kind", "status"]
    list_select_related = ["office", "owner", "case"]
    search_fields = ["name", "url", "server"]
    readonly_fields = ["case", "updated_at"]

    def save_model(
        self, request: HttpRequest, obj: Application, form: ModelForm[Any], change: bool
    ) -> None:
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(ElectronicSystem)
class ElectronicSystemAdmin(admin.ModelAdmin[ElectronicSystem]):
    list_display = [
        "name",
        "office",
        "owner",
        "registration_number",
        "registered_on",
        "url",
        "updated_at",
        "case",
    ]
    list_filter = ["office"]
    list_select_related = ["office", "owner", "case"]
    search_fields = ["name", "registration_number", "url"]
    readonly_fields = ["case", "updated_at"]

    def save_model(
        self, request: HttpRequest, obj: ElectronicSystem, form: ModelForm[Any], change: bool
    ) -> None:
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)
