"""The office's letterhead is edited here; letters and SRIKANDI references are read only, as
they are changed only through ``alur.letters.services`` (which records them in the case)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

import alur.offices.admin  # noqa: F401 - first: it makes the admin classes subscriptable
from alur.common.admin import ReadOnlyAdmin
from alur.letters.models import Letter, Letterhead, SrikandiReference


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin[Letterhead]):
    list_display = ("name", "office", "number_pattern", "head_name")
    fieldsets = (
        (_("Kop surat"), {"fields": ("office", "government", "name", "address", "contact")}),
        (
            _("Penomoran surat"),
            {
                "fields": (
                    "number_pattern",
                    "unit_code",
                    "reply_classification",
                    "minutes_classification",
                )
            },
        ),
        (
            _("Kepala Dinas (penanda tangan)"),
            {"fields": ("head_name", "head_position", "head_rank", "head_nip")},
        ),
    )


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin, admin.ModelAdmin[Letter]):
    list_display = ("case", "step", "kind", "number", "dated", "made_by", "made_at")
    list_filter = ("kind",)
    search_fields = ("number", "case__number")


@admin.register(SrikandiReference)
class SrikandiReferenceAdmin(ReadOnlyAdmin, admin.ModelAdmin[SrikandiReference]):
    list_display = ("case", "step", "number", "dated", "sender", "link", "recorded_at")
    search_fields = ("number", "link", "case__number")
