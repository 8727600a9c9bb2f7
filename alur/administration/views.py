"""The office administrator's pages under /pengaturan/ and the first-run page /mulai/<token>/.

Every settings page is the administrator's own office only (``office_admin``: anyone else 403,
no one signed in to the sign-in page). A form with errors comes back with each message next to
its field (422); a valid one is saved by a service and answered by a redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alur.administration import first_run, selectors, services
from alur.administration.forms import FirstRunForm, LetterheadForm, OfficeDayForm, OfficeForm
from alur.administration.preview import letterhead_preview_pdf
from alur.common.errors import Invalid
from alur.common.http import PDF
from alur.common.storage import StoredFileChanged
from alur.letters.logo import logo_data_uri
from alur.letters.models import Letterhead
from alur.letters.selectors import letterhead_of
from alur.offices.auth import office_admin
from alur.offices.calendar import calendar_for

CHANGES_PER_PAGE = 25


@login_required
def settings_home(request: HttpRequest) -> HttpResponse:
    _user, office = office_admin(request)
    today = timezone.now().astimezone(calendar_for(office).zone).date()
    context = {"office": office, "sections": selectors.sections(office, today)}
    return render(request, "administration/home.html", context)


def _office_page(
    request: HttpRequest, form: OfficeForm, day_form: OfficeDayForm, status: int = 200
) -> HttpResponse:
    office = day_form.office
    today = timezone.now().astimezone(calendar_for(office).zone).date()
    pattern = office.case_number_pattern
    if form.is_bound and not form.errors.get("case_number_pattern"):
        pattern = form.cleaned_data.get("case_number_pattern", pattern)
    context = {
        "office": office,
        "form": form,
        "day_form": day_form,
        "days": selectors.office_days(office),
        "preview": selectors.next_case_number(office, pattern, today),
    }
    return render(request, "administration/office.html", context, status=status)


@login_required
def settings_office(request: HttpRequest) -> HttpResponse:
    user, office = office_admin(request)
    day_form = OfficeDayForm(office=office, prefix="hari")
    if request.method != "POST":
        return _office_page(request, OfficeForm(instance=office), day_form)
    form = OfficeForm(request.POST, instance=office)
    if not form.is_valid():
        # The form's instance took the posted values; the page shows the office as saved.
        form.instance.refresh_from_db()
        return _office_page(request, form, day_form, status=422)
    services.office_update(office=office, actor=user, values=form.cleaned_data)
    messages.success(request, _("Pengaturan kantor disimpan."))
    return redirect("settings_office")


@login_required
@require_POST
def settings_day_add(request: HttpRequest) -> HttpResponse:
    user, office = office_admin(request)
    day_form = OfficeDayForm(request.POST, office=office, prefix="hari")
    if not day_form.is_valid():
        return _office_page(request, OfficeForm(instance=office), day_form, status=422)
    try:
        services.office_day_add(office=office, actor=user, values=day_form.cleaned_data)
    except Invalid as error:
        day_form.add_error("date", error.message)
        return _office_page(request, OfficeForm(instance=office), day_form, status=422)
    messages.success(request, _("Hari khusus ditambahkan."))
    return redirect("settings_office")


@login_required
@require_POST
def settings_day_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user, office = office_admin(request)
    try:
        services.office_day_remove(office=office, actor=user, day_id=pk)
    except Invalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Hari khusus dihapus."))
    return redirect("settings_office")


def _letterhead_page(request: HttpRequest, form: LetterheadForm, status: int = 200) -> HttpResponse:
    office = form.instance.office
    saved = letterhead_of(office)
    context = {
        "office": office,
        "form": form,
        "logo": _logo_shown(saved),
        "missing": selectors.letterhead_missing(office),
    }
    return render(request, "administration/letterhead.html", context, status=status)


def _logo_shown(letterhead: Letterhead) -> str:
    """The saved logo for the page; a stored file that changed is not shown (and logged)."""
    try:
        return logo_data_uri(letterhead)
    except StoredFileChanged:
        return ""


@login_required
def settings_letterhead(request: HttpRequest) -> HttpResponse:
    user, office = office_admin(request)
    letterhead = letterhead_of(office)
    if request.method != "POST":
        return _letterhead_page(request, LetterheadForm(instance=letterhead))
    form = LetterheadForm(request.POST, request.FILES, instance=letterhead)
    if not form.is_valid():
        return _letterhead_page(request, form, status=422)
    upload = form.cleaned_data.get("logo_file")
    logo = upload.read() if upload else None
    try:
        services.letterhead_update(
            office=office,
            actor=user,
            values=form.cleaned_data,
            logo=logo,
            logo_remove=bool(form.cleaned_data.get("logo_remove")),
        )
    except Invalid as error:
        form.add_error("logo_file", error.message)
        return _letterhead_page(request, form, status=422)
    messages.success(request, _("Kop surat disimpan."))
    return redirect("settings_letterhead")


@login_required
def settings_letterhead_preview(request: HttpRequest) -> HttpResponse:
    _user, office = office_admin(request)
    try:
        pdf = letterhead_preview_pdf(letterhead_of(office), timezone.now())
    except StoredFileChanged as error:
        messages.error(request, error.message)
        return redirect("settings_letterhead")
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = 'inline; filename="contoh-kop-surat.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def settings_log(request: HttpRequest) -> HttpResponse:
    _user, office = office_admin(request)
    page = Paginator(selectors.setting_changes(office), CHANGES_PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    context = {"office": office, "changes": page, "rows": selectors.change_rows(page)}
    return render(request, "administration/log.html", context)


def first_run_page(request: HttpRequest, token: str) -> HttpResponse:
    if not first_run.first_run_open(token):
        return render(request, "administration/first_run_closed.html", status=404)
    form = FirstRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = first_run.first_run_complete(token=token, values=form.cleaned_data)
        except Invalid:
            return render(request, "administration/first_run_closed.html", status=404)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Alur siap. Lengkapi pengaturan kantor Anda."))
        return redirect("settings_home")
    status = 422 if form.is_bound else 200
    return render(request, "administration/first_run.html", {"form": form}, status=status)
