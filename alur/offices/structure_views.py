"""The office administrator's pages for the office's structure: units, roles and their members,
Plh/Plt delegations. Shaped as ``views``: door, row of the own office, form, service."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alur.common.http import found
from alur.offices import forms, selectors, structure
from alur.offices.auth import office_admin
from alur.offices.services import FieldInvalid
from alur.offices.views import form_page, saved


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    _user, office = office_admin(request)
    return render(request, "offices/units.html", {"units": selectors.units(office)})


@login_required
def unit_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user, office = office_admin(request)
    unit = found(selectors.unit(office, pk)) if pk is not None else None
    form = forms.UnitForm(request.POST or None, office=office, unit=unit)
    if request.method == "POST" and saved(
        form, lambda: structure.unit_save(office=office, actor=user, unit=unit, **form.cleaned_data)
    ):
        messages.success(request, _("Unit disimpan."))
        return redirect("unit_list")
    return form_page(request, "offices/unit_form.html", {"unit": unit}, form)


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    _user, office = office_admin(request)
    return render(request, "offices/roles.html", {"roles": selectors.roles(office)})


@login_required
def role_new(request: HttpRequest) -> HttpResponse:
    user, office = office_admin(request)
    form = forms.RoleForm(request.POST or None, office=office)
    if request.method == "POST" and saved(
        form, lambda: structure.role_save(office=office, actor=user, role=None, **form.cleaned_data)
    ):
        messages.success(request, _("Peran dibuat."))
        return redirect("role_list")
    return form_page(request, "offices/role_form.html", {"role": None}, form)


@login_required
def role_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The role: its code, name and head (one form), its members (another)."""
    user, office = office_admin(request)
    role = found(selectors.role(office, pk))
    posted = request.POST.get("bagian") if request.method == "POST" else None
    form = forms.RoleForm(request.POST if posted == "peran" else None, office=office, role=role)
    members = forms.MemberForm(request.POST if posted == "anggota" else None, office=office)
    if posted == "peran" and saved(
        form, lambda: structure.role_save(office=office, actor=user, role=role, **form.cleaned_data)
    ):
        messages.success(request, _("Peran disimpan."))
        return redirect("role_detail", role.pk)
    if posted == "anggota" and saved(
        members,
        lambda: structure.role_member_add(
            role=role, actor=user, person=members.cleaned_data["person"]
        ),
    ):
        messages.success(request, _("Anggota ditambahkan."))
        return redirect("role_detail", role.pk)
    context = {"role": role, "members": selectors.role_members(role), "member_form": members}
    status = 422 if form.errors or members.errors else 200
    return render(request, "offices/role.html", {**context, "form": form}, status=status)


@login_required
@require_POST
def role_member_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    user, office = office_admin(request)
    role = found(selectors.role(office, pk))
    person = found(selectors.person(office, person_pk))
    structure.role_member_remove(role=role, actor=user, person=person)
    messages.success(request, _("Anggota dihapus dari peran."))
    return redirect("role_detail", role.pk)


@login_required
def delegation_list(request: HttpRequest) -> HttpResponse:
    user, office = office_admin(request)
    form = forms.DelegationForm(request.POST or None, office=office)
    if request.method == "POST" and saved(
        form, lambda: structure.delegation_create(office=office, actor=user, **form.cleaned_data)
    ):
        messages.success(request, _("Pelimpahan dicatat."))
        return redirect("delegation_list")
    today = selectors.office_today(office, timezone.now())
    context = {"groups": selectors.delegations_by_time(office, today), "today": today}
    return form_page(request, "offices/delegations.html", context, form)


def _delegation_change(
    request: HttpRequest, pk: int, change: Callable[..., None], done: str
) -> HttpResponse:
    """Withdraw or end one of the office's delegations as of the office's today."""
    user, office = office_admin(request)
    delegation = found(selectors.delegation(office, pk))
    today = selectors.office_today(office, timezone.now())
    try:
        change(delegation=delegation, actor=user, today=today)
    except FieldInvalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("delegation_list")


@login_required
@require_POST
def delegation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _delegation_change(request, pk, structure.delegation_cancel, _("Pelimpahan dibatalkan."))


@login_required
@require_POST
def delegation_end(request: HttpRequest, pk: int) -> HttpResponse:
    done = _("Pelimpahan diakhiri: mulai hari ini pelaksana tidak lagi bertindak untuk peran itu.")
    return _delegation_change(request, pk, structure.delegation_end, done)
