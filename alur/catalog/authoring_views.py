"""The office administrator's SOP pages (/pengaturan/sop/): the office's SOPs and their versions,
a new SOP, a version's moves (sahkan, berlakukan, cabut) with its readiness check, the draft
editor with its live check and chart, and two versions side by side.

Only an administrator of the SOP's office reaches them: anyone else gets 403, an SOP of another
office is not found (404). The public SOP pages (/sop/) are ``alur.catalog.views``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alur.catalog import authoring, authoring_selectors, lanes, lifecycle
from alur.catalog.authoring_forms import DateForm, LaneRolesForm, NewSopForm
from alur.catalog.forms import MAX_DEFINITION_BYTES
from alur.catalog.models import Sop, SopVersion
from alur.catalog.services import office_today
from alur.common.errors import ServiceError
from alur.common.http import error_lines, error_status, found
from alur.offices.auth import office_admin
from alur.offices.models import Role
from alur.sop import Lang, SopInvalid, chart_svg_pages, check_text


def _lang() -> Lang:
    return "en" if (get_language() or "id").startswith("en") else "id"


def _sop(request: HttpRequest, pk: int) -> Sop:
    _user, office = office_admin(request)
    return found(Sop.objects.filter(pk=pk, office=office).select_related("office").first())


def _version(request: HttpRequest, pk: int, number: int) -> SopVersion:
    sop = _sop(request, pk)
    return found(sop.versions.filter(number=number).select_related("sop__office").first())


@login_required
def sop_settings_list(request: HttpRequest) -> HttpResponse:
    _user, office = office_admin(request)
    context = {"sops": authoring_selectors.office_sops_with_versions(office)}
    return render(request, "catalog/settings/sop_list.html", context)


@login_required
def sop_settings_new(request: HttpRequest) -> HttpResponse:
    user, office = office_admin(request)
    form = NewSopForm(office, request.POST or None, request.FILES or None)
    status, problems = 200, []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["sumber"] == NewSopForm.UPLOAD:
                upload = data["berkas"]
                version = authoring.sop_create_from_text(
                    office=office,
                    text=authoring.upload_text(upload),
                    filename=upload.name or "definisi.yaml",
                    actor=user,
                )
            elif data["sumber"] == NewSopForm.COPY:
                version = authoring.sop_create_from_copy(
                    source=data["versi_sumber"], code=data["kode"], name=data["nama"], actor=user
                )
            else:
                version = authoring.sop_create_from_template(
                    office=office, code=data["kode"], name=data["nama"], actor=user
                )
        except SopInvalid as invalid:
            status = 422
            problems = [p.format(_lang()) for p in invalid.problems]
            form.add_error(None, _("Berkas tidak lolos pemeriksaan; tidak ada yang disimpan."))
        except ServiceError as error:
            status = error_status(error)
            for line in error_lines(error):
                form.add_error(None, line)
        else:
            messages.success(
                request, _("%(version)s tersimpan sebagai draf.") % {"version": version}
            )
            return redirect("sop_settings_version", version.sop_id, version.number)
    elif request.method == "POST":
        status = 422
    context = {"form": form, "problems": problems}
    return render(request, "catalog/settings/sop_new.html", context, status=status)


def _version_page(
    request: HttpRequest, version: SopVersion, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    today = office_today(version.sop.office)
    definition = check_text(version.definition).sop
    context = {
        "sop": version.sop,
        "version": version,
        "versions": version.sop.versions.order_by("-number"),
        "definition": definition,
        "readiness": lifecycle.readiness(version)
        if version.status in (SopVersion.Status.DRAFT, SopVersion.Status.APPROVED)
        else [],
        "in_force_today": version.in_force_on(today),
        "date_form": DateForm(initial={"tanggal": today}),
        "errors": errors or [],
    }
    return render(request, "catalog/settings/sop_version.html", context, status=status)


@login_required
def sop_settings_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _version_page(request, _version(request, pk, number))


@login_required
@require_POST
def sop_settings_move(request: HttpRequest, pk: int, number: int, move: str) -> HttpResponse:
    """One move of a version: ``sahkan``, ``berlakukan`` (both take a date), ``cabut``,
    ``draf-baru`` (the next draft from this version's text)."""
    user, _office = office_admin(request)
    version = _version(request, pk, number)
    form = DateForm(request.POST)
    try:
        if move == "draf-baru":
            draft = authoring.sop_draft_new(source=version, actor=user)
            messages.success(request, _("Draf baru dibuat dari versi %(n)s.") % {"n": number})
            return redirect("sop_settings_edit", pk, draft.number)
        if move == "cabut":
            lifecycle.sop_version_withdraw(version=version, actor=user)
        elif not form.is_valid():
            return _version_page(
                request, version, errors=[_("Tulis tanggal yang sah.")], status=422
            )
        elif move == "sahkan":
            lifecycle.sop_version_approve(
                version=version, actor=user, on=form.cleaned_data["tanggal"]
            )
        elif move == "berlakukan":
            lifecycle.sop_version_bring_into_force(
                version=version, actor=user, start=form.cleaned_data["tanggal"]
            )
        else:
            return found(None)
    except ServiceError as error:
        version.refresh_from_db()
        return _version_page(
            request, version, errors=error_lines(error), status=error_status(error)
        )
    messages.success(request, _("Status versi %(n)s diperbarui.") % {"n": number})
    return redirect("sop_settings_version", pk, number)


def _charts(text: str) -> list[str]:
    return _checked(text, "")["chart_pages"]


def _checked(text: str, code: str) -> dict[str, list[Any]]:
    """The problems of ``text`` as ``alur sop check`` words them, in the person's language, and
    its chart pages when it checks: what the editor shows beside the text."""
    if len(text.encode("utf-8")) > MAX_DEFINITION_BYTES:
        message = _("Teks terlalu besar: paling besar %(limit)d KB.") % {
            "limit": MAX_DEFINITION_BYTES // 1024
        }
        return {"problems": [{"line": 1, "column": 1, "message": message}], "chart_pages": []}
    result = check_text(text, f"{code or 'definisi'}.yaml")
    lang = _lang()
    problems: list[dict[str, object]] = [p.to_json(lang) for p in result.problems]
    if code and result.sop is not None and result.sop.kode != code:
        problems.append(
            {
                "line": 1,
                "column": 1,
                "message": _("Kode '%(written)s' bukan kode SOP ini ('%(code)s').")
                % {"written": result.sop.kode, "code": code},
                "hint": _("Kembalikan 'kode' ke '%(code)s'.") % {"code": code},
            }
        )
    # Alur's own SVG, drawn from the definition with every text escaped.
    pages = [mark_safe(svg) for svg in chart_svg_pages(result.sop)] if result.sop else []  # noqa: S308
    return {"problems": problems, "chart_pages": pages}


def _editor(
    request: HttpRequest,
    version: SopVersion,
    *,
    text: str,
    revision: int,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "sop": version.sop,
        "version": version,
        "text": text,
        "revision": revision,
        **_checked(text, version.sop.code),
        "errors": errors or [],
        "saved_text": version.definition if text != version.definition else None,
    }
    return render(request, "catalog/settings/sop_edit.html", context, status=status)


@login_required
def sop_settings_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    user, _office = office_admin(request)
    version = _version(request, pk, number)
    if version.status != SopVersion.Status.DRAFT:
        return redirect("sop_settings_version", pk, number)
    if request.method != "POST":
        return _editor(request, version, text=version.definition, revision=version.revision)
    text = request.POST.get("teks", "").replace("\r\n", "\n")
    try:
        revision = int(request.POST.get("revisi", ""))
    except ValueError:
        revision = -1
    try:
        saved = authoring.sop_draft_save(version=version, text=text, revision=revision, actor=user)
    except ServiceError as error:
        version.refresh_from_db()
        return _editor(
            request,
            version,
            text=text,
            revision=revision,
            errors=error_lines(error),
            status=error_status(error),
        )
    messages.success(request, _("Draf tersimpan (revisi %(n)s).") % {"n": saved.revision})
    return redirect("sop_settings_edit", pk, number)


@login_required
@require_POST
def sop_settings_check(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The editor's live check: the problems of the text sent, and the chart when it draws."""
    version = _version(request, pk, number)
    text = request.POST.get("teks", "").replace("\r\n", "\n")
    context = _checked(text, version.sop.code)
    return render(request, "catalog/settings/sop_check.html", context)


@login_required
def sop_settings_compare(request: HttpRequest, pk: int) -> HttpResponse:
    sop = _sop(request, pk)
    versions = found(list(sop.versions.order_by("-number")) or None)
    numbers = [v.number for v in versions]
    left = _chosen(request.GET.get("a"), numbers, numbers[1] if len(numbers) > 1 else numbers[0])
    right = _chosen(request.GET.get("b"), numbers, numbers[0])
    a = next(v for v in versions if v.number == left)
    b = next(v for v in versions if v.number == right)
    context = {
        "sop": sop,
        "versions": versions,
        "a": a,
        "b": b,
        "diff": mark_safe(authoring_selectors.diff_table(a, b)),  # noqa: S308 - difflib escapes
        "charts_a": _charts(a.definition),
        "charts_b": _charts(b.definition),
    }
    return render(request, "catalog/settings/sop_compare.html", context)


def _chosen(value: str | None, numbers: list[int], default: int) -> int:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if number in numbers else default


@login_required
def sop_settings_lanes(request: HttpRequest, pk: int) -> HttpResponse:
    """Which of the office's roles acts in each lane of the SOP (``alur.catalog.lanes``)."""
    user, office = office_admin(request)
    sop = _sop(request, pk)
    rows = lanes.lane_rows(sop)
    roles = list(Role.objects.filter(office=office).order_by("name"))
    form = LaneRolesForm(rows, roles, request.POST or None)
    status, errors = 200, []
    if request.method == "POST":
        if form.is_valid():
            try:
                moved = lanes.lane_roles_save(sop=sop, chosen=form.chosen(), actor=user)
            except ServiceError as error:
                errors, status = error_lines(error), error_status(error)
            else:
                done = _("Peran lajur disimpan.")
                if moved:
                    done += " " + _(
                        "%(n)s langkah terbuka dari permohonan yang berjalan kini dikerjakan "
                        "peran barunya."
                    ) % {"n": moved}
                messages.success(request, done)
                return redirect("sop_settings_lanes", pk)
        else:
            status = 422
    context = {
        "sop": sop,
        "form": form,
        "lanes": [(row, form[row.id]) for row in rows],
        "errors": errors,
    }
    return render(request, "catalog/settings/sop_lanes.html", context, status=status)
