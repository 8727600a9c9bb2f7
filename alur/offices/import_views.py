"""Importing people: upload (the dry run shows a report row by row), then apply.

The rows read from the upload are kept in the administrator's session between the two steps,
under a key drawn from their content, so the applied file is the one whose report was shown.
"""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from alur.offices import forms
from alur.offices.auth import office_admin
from alur.offices.imports import (
    FileRefused,
    ImportRefused,
    RowPlan,
    Table,
    import_plan,
    people_import,
    plan_counts,
    read_table,
    summary,
)
from alur.offices.models import Office, User
from alur.offices.services import FieldInvalid

SESSION_KEY = "offices.import"


def _page(
    request: HttpRequest,
    form: forms.ImportForm,
    plan: list[RowPlan] | None = None,
    key: str = "",
    status: int = 200,
    refusal: str = "",
) -> HttpResponse:
    context = {
        "refusal": refusal,
        "form": form,
        "plan": plan,
        "key": key,
        "counts": plan_counts(plan) if plan is not None else None,
        "summary": summary(plan) if plan is not None else "",
    }
    return render(request, "offices/import.html", context, status=status)


@login_required
def people_import_page(request: HttpRequest) -> HttpResponse:
    user, office = office_admin(request)
    if request.method == "POST" and request.POST.get("terapkan"):
        return _apply(request, user, office)
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _page(request, form)
    if not form.is_valid():
        return _page(request, form, status=422)
    upload = form.cleaned_data["file"]
    try:
        rows = read_table(upload.name or "", upload.read(None))
        plan = import_plan(office, rows)
    except FileRefused as error:
        form.add_error("file", error.message)
        return _page(request, form, status=422)
    key = hashlib.sha256(json.dumps(rows).encode()).hexdigest()[:32]
    request.session[SESSION_KEY] = {"key": key, "office": office.pk, "rows": rows}
    return _page(request, forms.ImportForm(), plan, key)


def _apply(request: HttpRequest, user: User, office: Office) -> HttpResponse:
    kept = request.session.get(SESSION_KEY) or {}
    if kept.get("key") != request.POST.get("terapkan") or kept.get("office") != office.pk:
        messages.error(request, _("Unggah berkasnya lagi: laporan yang ditampilkan sudah usang."))
        return redirect("people_import")
    rows: Table = kept["rows"]
    try:
        plan = people_import(office=office, actor=user, rows=rows)
    except ImportRefused as refused:
        refusal = _(
            "Tidak ada yang diimpor: sejak laporan ditampilkan, ada baris yang menjadi salah."
        )
        return _page(request, forms.ImportForm(), refused.plan, status=422, refusal=refusal)
    except (FileRefused, FieldInvalid) as error:
        messages.error(request, _("Tidak ada yang diimpor: %(reason)s") % {"reason": error.message})
        return redirect("people_import")
    del request.session[SESSION_KEY]
    counts = plan_counts(plan)
    messages.success(
        request,
        _("Impor selesai: %(new)s pegawai baru, %(changed)s diubah.")
        % {"new": counts["baru"], "changed": counts["diubah"]},
    )
    return redirect("people_list")
