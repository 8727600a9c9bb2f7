"""Administration of offices, their calendars, units, people, roles and Plh/Plt delegations.

The site's titles live here because offices is the first of Alur's apps: the admin is where an
office sets itself up, before any SOP runs.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alur.common.admin import ReadOnlyAdmin
from alur.offices.models import (
    ZONES,
    Delegation,
    Membership,
    Office,
    OfficeDay,
    Role,
    SettingChange,
    Unit,
    User,
)

if not hasattr(BaseModelAdmin, "__class_getitem__"):
    # django-stubs types the admin classes as generic over their model (ModelAdmin[Office]);
    # Django's own are not subscriptable at run time. This is what django-stubs-ext's
    # monkeypatch() does for them, without making that development package a dependency.
    # Alur's other admin modules import this one first for it.
    BaseModelAdmin.__class_getitem__ = classmethod(  # type: ignore[attr-defined]
        lambda cls, *args: cls
    )

admin.site.site_header = _("Administrasi Alur")
admin.site.site_title = _("Administrasi Alur")
admin.site.index_title = _("Pengaturan kantor, SOP, dan permohonan")


class OfficeDayInline(admin.TabularInline[OfficeDay, Office]):
    """The office's own days off (cuti bersama, local holidays) and extra working days."""

    model = OfficeDay
    extra = 1
    fields = ["date", "kind", "name"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin[Office]):
    list_display = ["name", "government", "zone", "hours"]
    search_fields = ["name", "government", "code"]
    inlines = [OfficeDayInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "government", "city"]}),
        (
            _("Kalender kerja"),
            {"fields": ["zone", "opens", "closes", "workdays", "national_holidays"]},
        ),
        (
            _("Tenggat dan penomoran"),
            {"fields": ["bare_day_unit", "due_soon_percent", "case_number_pattern"]},
        ),
    ]

    @admin.display(description=_("jam kerja"))
    def hours(self, office: Office) -> str:
        return f"{office.opens:%H.%M}–{office.closes:%H.%M}"


@admin.register(OfficeDay)
class OfficeDayAdmin(admin.ModelAdmin[OfficeDay]):
    """All offices' special days, by year: the same rows the office page edits inline."""

    list_display = ["date", "kind", "name", "office"]
    list_filter = ["office", "kind"]
    date_hierarchy = "date"
    list_select_related = ["office"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ["name", "code", "kind", "office", "parent"]
    list_filter = ["office", "kind"]
    search_fields = ["name", "code"]
    list_select_related = ["office", "parent"]


class MembershipOfUserInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    autocomplete_fields = ["role"]
    verbose_name = _("peran yang dipegang")
    verbose_name_plural = _("peran yang dipegang")


class MembershipOfRoleInline(admin.TabularInline[Membership, Role]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Kantor dan jabatan"), {"fields": ("office", "unit", "position", "rank", "nip")}),
        (_("Pengaturan kantor"), {"fields": ("is_office_admin",)}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (
            _("Kantor dan jabatan"),
            {"classes": ("wide",), "fields": ("first_name", "last_name", "office", "unit")},
        ),
    )
    list_display = [
        "username",
        "full_name",
        "office",
        "unit",
        "position",
        "is_office_admin",
        "is_staff",
    ]
    list_filter = ["office", "unit", "is_office_admin", "is_staff", "is_active"]
    list_select_related = ["office", "unit"]
    search_fields = ["username", "first_name", "last_name", "email", "nip"]
    inlines = [MembershipOfUserInline]

    @admin.display(description=_("nama"), ordering="first_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin[Role]):
    list_display = ["name", "code", "office", "head"]
    list_filter = ["office"]
    search_fields = ["name", "code"]
    list_select_related = ["office", "head"]
    inlines = [MembershipOfRoleInline]


def _office_today(zone: str) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(zone)).date()


class ActiveTodayFilter(admin.SimpleListFilter):
    """Whether a delegation covers today, each office's today in its own zone."""

    title = _("berlaku hari ini")
    parameter_name = "aktif"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Delegation]
    ) -> list[tuple[str, str]]:
        return [("ya", str(_("ya"))), ("tidak", str(_("tidak")))]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[Delegation]
    ) -> QuerySet[Delegation]:
        active = Q()
        for zone, _label in ZONES:
            today = _office_today(zone)
            active |= Q(role__office__zone=zone, starts__lte=today, ends__gte=today)
        if self.value() == "ya":
            return queryset.filter(active)
        if self.value() == "tidak":
            return queryset.exclude(active)
        return queryset


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin[Delegation]):
    list_display = ["delegate", "kind", "role", "starts", "ends", "active_today"]
    list_filter = [ActiveTodayFilter, "kind", "role__office"]
    list_select_related = ["delegate", "role__office"]
    autocomplete_fields = ["role", "delegate"]
    search_fields = ["delegate__username", "delegate__first_name", "role__name"]
    date_hierarchy = "starts"

    @admin.display(description=_("berlaku hari ini"), boolean=True)
    def active_today(self, delegation: Delegation) -> bool:
        today = _office_today(delegation.role.office.zone)
        return delegation.starts <= today <= delegation.ends


@admin.register(SettingChange)
class SettingChangeAdmin(ReadOnlyAdmin, admin.ModelAdmin[SettingChange]):
    list_display = ["at", "office", "actor", "subject", "action"]
    list_filter = ["office"]
    list_select_related = ["office", "actor"]
