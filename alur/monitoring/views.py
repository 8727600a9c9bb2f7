"""Monitoring SOP pages: the forms of one SOP, one form (rows, signature, versions), its PDF
and XLSX. Plain function views: authorise, load, call a service, render."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from alur.catalog.models import Sop
from alur.common.downloads import stored_file_response
from alur.common.errors import ServiceError
from alur.common.http import (
    PDF,
    XLSX,
    HtmxHttpRequest,
    download,
    error_lines,
    error_status,
    form_error_lines,
    found,
)
from alur.monitoring import documents, exports, forms, selectors, services
from alur.monitoring.models import MonitoringRecord
from alur.monitoring.periods import period_of
from alur.offices.auth import signed_in
from alur.offices.models import User

RECORDS_PER_PAGE = 50


def refused(request: HttpRequest, office_name: str) -> HttpResponse:
    message = _("Halaman ini untuk kepala dinas, kepala bidang dan kepala seksi %(office)s.") % {
        "office": office_name
    }
    return render(request, "monitoring/refused.html", {"message": message}, status=403)


RecordView = Callable[[HtmxHttpRequest, User, MonitoringRecord], HttpResponseBase]


def _for_heads(view: RecordView) -> Callable[[HtmxHttpRequest, int], HttpResponseBase]:
    """The form ``pk`` of the person's office, for its heads only: others are refused (403)."""

    @functools.wraps(view)
    def wrapped(request: HtmxHttpRequest, pk: int) -> HttpResponseBase:
        user = signed_in(request)
        record = found(selectors.record_for(user, pk))
        if not selectors.may_assess(user, record.sop.office, now=timezone.now()):
            return refused(request, record.sop.office.name)
        return view(request, user, record)

    return wrapped


@login_required
def sop_monitoring(request: HttpRequest, pk: int) -> HttpResponse:
    """The forms of one SOP, and starting the form of a half-year."""
    user = signed_in(request)
    sop: Sop = found(selectors.sop_for(user, pk))
    now = timezone.now()
    if not selectors.may_assess(user, sop.office, now=now):
        return refused(request, sop.office.name)
    year, half = period_of(now, sop.office.zone)
    form = forms.OpenForm(request.POST or None, initial={"year": year, "half": half})
    errors: list[str] = []
    status = 200
    if form.is_bound and not form.is_valid():
        errors, status = form_error_lines(form), 422
    elif form.is_bound:
        try:
            record = services.monitoring_open(
                sop=sop,
                year=form.cleaned_data["year"],
                half=form.cleaned_data["half"],
                actor=user,
            )
        except ServiceError as error:
            errors, status = error_lines(error), error_status(error)
        else:
            messages.success(request, _("Formulir monitoring dibuat dari catatan periode itu."))
            return redirect("monitoring_record", pk=record.pk)
    records = Paginator(selectors.records_of(sop), RECORDS_PER_PAGE)
    context = {
        "sop": sop,
        "records": records.get_page(request.GET.get("halaman")),
        "form": form,
        "errors": errors,
    }
    return render(request, "monitoring/sop_records.html", context, status=status)


@login_required
@vary_on_headers("HX-Request")
@_for_heads
def record_detail(request: HtmxHttpRequest, user: User, record: MonitoringRecord) -> HttpResponse:
    return _record_response(request, user, record)


@login_required
@require_POST
@vary_on_headers("HX-Request")
@_for_heads
def record_save(request: HtmxHttpRequest, user: User, record: MonitoringRecord) -> HttpResponse:
    form = forms.RowsForm(request.POST, rows=record.rows.order_by("no"))
    if not form.is_valid():
        return _record_response(
            request, user, record, rows_form=form, errors=form.error_lines(), status=422
        )
    try:
        services.monitoring_rows_save(record=record, actor=user, rows=form.values())
    except ServiceError as error:
        return _record_response(
            request,
            user,
            record,
            rows_form=form,
            errors=error_lines(error),
            status=error_status(error),
        )
    messages.success(request, _("Penilaian disimpan."))
    return _after(request, user, record)


@login_required
@require_POST
@vary_on_headers("HX-Request")
@_for_heads
def record_sign(request: HtmxHttpRequest, user: User, record: MonitoringRecord) -> HttpResponse:
    """Signs what the page shows: the rows typed and not yet saved are saved first, in this
    request, so nothing typed is dropped; rows that cannot be saved stop the signing."""
    rows_form = forms.RowsForm(request.POST, rows=record.rows.order_by("no"))
    form = forms.SignForm(request.POST)
    form.is_valid()  # every field is optional here; the service says what is missing
    unsaved = _("Formulir tidak ditandatangani: penilaian yang diketik belum tersimpan.")
    if not rows_form.is_valid():
        return _record_response(
            request,
            user,
            record,
            rows_form=rows_form,
            sign_form=form,
            errors=[unsaved, *rows_form.error_lines()],
            status=422,
        )
    rows = rows_form.values()
    try:
        if rows:
            services.monitoring_rows_save(record=record, actor=user, rows=rows)
    except ServiceError as error:
        return _record_response(
            request,
            user,
            record,
            rows_form=rows_form,
            sign_form=form,
            errors=[unsaved, *error_lines(error)],
            status=error_status(error),
        )
    try:
        services.monitoring_sign(
            record=record,
            actor=user,
            name=form.cleaned_data.get("name", ""),
            nip=form.cleaned_data.get("nip", ""),
            confirmed=bool(form.cleaned_data.get("confirmed")),
        )
    except ServiceError as error:
        saved = [_("Penilaian yang diketik sudah disimpan; formulir belum ditandatangani.")]
        return _record_response(
            request,
            user,
            record,
            sign_form=form,
            errors=(saved if rows else []) + error_lines(error),
            status=error_status(error),
        )
    messages.success(request, _("Formulir ditandatangani dan disimpan sebagai PDF."))
    return _after(request, user, record)


@login_required
@require_POST
@_for_heads
def record_revise(request: HtmxHttpRequest, user: User, record: MonitoringRecord) -> HttpResponse:
    try:
        revision = services.monitoring_revise(record=record, actor=user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("monitoring_record", pk=record.pk)
    messages.success(
        request,
        _("Versi %(version)d dibuat; versi yang ditandatangani tetap tersimpan.")
        % {"version": revision.version},
    )
    return redirect("monitoring_record", pk=revision.pk)


@login_required
@_for_heads
def record_pdf(request: HtmxHttpRequest, user: User, record: MonitoringRecord) -> HttpResponseBase:
    """The signed form's stored PDF; a draft is laid out now and marked DRAF."""
    filename = f"monitoring-{record.sop.code}-{record.year}-{record.half}-v{record.version}.pdf"
    if record.signed:
        return stored_file_response(
            request,
            name=record.document.name,
            sha256=record.document_sha256,
            filename=filename,
            content_type=PDF,
        )
    content = documents.form_pdf(record, list(record.rows.order_by("no")))
    return download(content, PDF, filename)


@login_required
@_for_heads
def record_xlsx(request: HtmxHttpRequest, user: User, record: MonitoringRecord) -> HttpResponse:
    context = selectors.form_context(record, list(record.rows.order_by("no")))
    filename = f"monitoring-{record.sop.code}-{record.year}-{record.half}-v{record.version}.xlsx"
    return download(exports.form_xlsx(context), XLSX, filename)


def _after(request: HtmxHttpRequest, user: User, record: MonitoringRecord) -> HttpResponse:
    if request.htmx:
        record.refresh_from_db()
        return _record_response(request, user, record)
    return redirect("monitoring_record", pk=record.pk)


def _record_response(
    request: HtmxHttpRequest,
    user: User,
    record: MonitoringRecord,
    *,
    rows_form: forms.RowsForm | None = None,
    sign_form: forms.SignForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = selectors.record_page(record)
    rows_form = rows_form or forms.RowsForm(rows=page.rows)
    context = {
        **selectors.form_context(record, page.rows),
        "page": page,
        "form_rows": [(row, rows_form.row(row.no)) for row in page.rows],
        "sign_form": sign_form
        or forms.SignForm(initial={"name": user.get_full_name(), "nip": user.nip}),
        "errors": errors or [],
    }
    template = "monitoring/record.html#isi" if request.htmx else "monitoring/record.html"
    return render(request, template, context, status=status)
