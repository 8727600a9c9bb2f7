"""SOPs and their versions. A version is added by uploading its definition; publishing one
(after the readiness check of ``alur.catalog.lifecycle``) brings it into force at once and
withdraws the one before it, and running cases keep the version they started on
(``Case.sop_version`` protects it). The office's own pages (/pengaturan/sop/) edit drafts and
bring versions into force from a date."""

from __future__ import annotations

from collections import Counter

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

import alur.offices.admin  # noqa: F401 - first: it makes the admin classes subscriptable
from alur.catalog.forms import SopUploadForm
from alur.catalog.lifecycle import readiness
from alur.catalog.models import LaneRole, Sop, SopVersion
from alur.catalog.services import sop_version_create, sop_version_publish
from alur.common.admin import ReadOnlyAdmin
from alur.offices.models import User
from alur.sop import CaseStatus, SopInvalid


class SopVersionInline(ReadOnlyAdmin, admin.TabularInline[SopVersion, Sop]):
    model = SopVersion
    extra = 0
    fields = readonly_fields = ("number", "status", "effective", "uploaded_at", "uploaded_by")
    show_change_link = True


class LaneRoleInline(ReadOnlyAdmin, admin.TabularInline[LaneRole, Sop]):
    """The office's choices of role per lane, made on the SOP's "Peran lajur" settings page."""

    model = LaneRole
    extra = 0
    fields = readonly_fields = ("lane", "role")


@admin.register(Sop)
class SopAdmin(admin.ModelAdmin[Sop]):
    """An SOP comes into being with its first uploaded version; its name is the definition's."""

    list_display = ["name", "code", "office"]
    list_filter = ["office"]
    search_fields = ["name", "code"]
    list_select_related = ["office"]
    inlines = [SopVersionInline, LaneRoleInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Sop | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Sop | None = None) -> bool:
        return False


@admin.register(SopVersion)
class SopVersionAdmin(admin.ModelAdmin[SopVersion]):
    list_display = [
        "__str__",
        "office",
        "status",
        "effective",
        "running_cases",
        "uploaded_at",
        "uploaded_by",
    ]
    list_filter = ["status", "sop__office", "sop"]
    list_select_related = ["sop__office", "uploaded_by"]
    search_fields = ["sop__name", "sop__code"]
    fields = readonly_fields = (
        "sop",
        "number",
        "status",
        "effective",
        "approved_by",
        "approved_on",
        "in_force_from",
        "in_force_until",
        "checksum",
        "uploaded_by",
        "uploaded_at",
        "definition_text",
    )
    actions = ["publish"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SopVersion]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                # The cases of a version (``cases.Case.sop_version``), by the engine's status.
                running=Count("cases", filter=Q(cases__status=CaseStatus.BERJALAN), distinct=True)
            )
        )

    @admin.display(description=_("kantor"), ordering="sop__office__name")
    def office(self, version: SopVersion) -> str:
        return str(version.sop.office)

    @admin.display(description=_("permohonan berjalan"), ordering="running")
    def running_cases(self, version: SopVersion) -> int:
        return int(getattr(version, "running", 0))

    @admin.display(description=_("definisi (YAML)"))
    def definition_text(self, version: SopVersion) -> SafeString:
        return format_html('<pre class="sop-definition">{}</pre>', version.definition)

    # A version is what cases ran on: it is never changed or removed, only published or retired.
    def has_change_permission(self, request: HttpRequest, obj: SopVersion | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SopVersion | None = None) -> bool:
        return False

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("catalog.change_sopversion")

    @admin.action(description=_("Terbitkan versi terpilih"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet[SopVersion]) -> None:
        versions = list(queryset.select_related("sop"))
        twice = [sop for sop, n in Counter(v.sop for v in versions).items() if n > 1]
        if twice:
            self.message_user(
                request,
                _t("Pilih satu versi untuk setiap SOP: %(names)s.")
                % {"names": ", ".join(sop.name for sop in twice)},
                messages.ERROR,
            )
            return
        actor = request.user if isinstance(request.user, User) else None
        for version in versions:
            if version.status == SopVersion.Status.IN_FORCE:
                self.message_user(
                    request, _t("%(version)s sudah berlaku.") % {"version": version}, messages.INFO
                )
                continue
            if problems := readiness(version):
                self.message_user(
                    request,
                    _t("%(version)s belum dapat diterbitkan: %(problems)s")
                    % {"version": version, "problems": " ".join(problems)},
                    messages.ERROR,
                )
                continue
            sop_version_publish(version=version, actor=actor)
            self.log_change(request, version, [{"changed": {"fields": ["status"]}}])
            self.message_user(
                request,
                _t(
                    "%(version)s diterbitkan: permohonan baru memakai versi ini; permohonan "
                    "yang sedang berjalan tetap pada versinya."
                )
                % {"version": version},
                messages.SUCCESS,
            )

    def add_view(
        self,
        request: HttpRequest,
        form_url: str = "",
        extra_context: dict[str, object] | None = None,
    ) -> HttpResponse:
        """Upload a definition: checked like `alur sop check`, stored as the next draft."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SopUploadForm(request.POST, request.FILES) if request.method == "POST" else None
        if form is not None and form.is_valid():
            actor = request.user if isinstance(request.user, User) else None
            try:
                version = sop_version_create(
                    office=form.cleaned_data["office"],
                    text=form.cleaned_data["definition"],
                    filename=form.cleaned_data["filename"],
                    actor=actor,
                )
            except SopInvalid as invalid:
                form.add_problems(invalid.problems)
            else:
                self.log_addition(request, version, [{"added": {}}])
                self.message_user(
                    request,
                    _t("%(version)s tersimpan sebagai draf; terbitkan bila sudah siap.")
                    % {"version": version},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:catalog_sopversion_change", args=[version.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _t("Unggah versi SOP"),
            "opts": self.opts,
            "form": form or SopUploadForm(initial={"office": request.GET.get("office")}),
            "has_view_permission": self.has_view_permission(request),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/catalog/sopversion/upload.html", context)
