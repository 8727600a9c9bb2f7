"""The pages of the public, with no sign-in: the services an office offers, filing a request,
reaching it again by its tracking number and an e-mailed code, and doing one's own steps.

A request is opened to a browser only after its code was entered in it (or right after it was
filed there): the session holds the tracking numbers it may show.
"""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from alur.cases import drafts
from alur.cases.forms import RequestForm, StepForm, request_documents
from alur.cases.models import Case
from alur.cases.requester_panel import CommentForm, WithdrawForm
from alur.catalog.models import SopVersion
from alur.catalog.services import definition_of
from alur.common.errors import ServiceError
from alur.common.http import client_address, error_lines, error_status, form_error_lines
from alur.offices.models import Office
from alur.public import selectors, services
from alur.public.models import PublicRequest

_SESSION_KEY = "alur_public_requests"
_VISITOR_KEY = "alur_public_visitor"


def _client(request: HttpRequest) -> str:
    return services.client_digest(client_address(request))


def _grant(request: HttpRequest, tracking: str) -> None:
    granted = list(request.session.get(_SESSION_KEY, []))
    if tracking not in granted:
        granted.append(tracking)
    request.session[_SESSION_KEY] = granted[-20:]
    request.session.cycle_key()


def _visitor_drafts(
    request: HttpRequest, version: SopVersion, step: int, *, make: bool = False
) -> drafts.Owner | None:
    """Whose drafts the request page keeps: a random key of this browser's session, made when
    there is first something to keep (``make``)."""
    visitor = request.session.get(_VISITOR_KEY)
    if not visitor:
        if not make:
            return None
        visitor = request.session[_VISITOR_KEY] = secrets.token_urlsafe(24)
    return drafts.Owner(person=None, visitor=visitor, step=step, sop_version=version)


def _granted(request: HttpRequest, tracking: str) -> PublicRequest | None:
    if tracking not in request.session.get(_SESSION_KEY, []):
        return None
    return PublicRequest.objects.select_related("case", "person").filter(tracking=tracking).first()


class ApplicantForm(forms.Form):
    """Who files: shown above the SOP's first step on the request page."""

    applicant_kind = forms.ChoiceField(
        label=gettext_lazy("Mengajukan sebagai"),
        choices=PublicRequest.Kind.choices,
        initial=PublicRequest.Kind.CITIZEN,
        widget=forms.RadioSelect,
    )
    applicant_name = forms.CharField(
        label=gettext_lazy("Nama lengkap / nama badan usaha"), max_length=200
    )
    applicant_id = forms.CharField(
        label=gettext_lazy("NIK (16 angka) atau NIB (13 angka)"), max_length=20
    )
    applicant_email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        help_text=gettext_lazy("Nomor lacak dan kode akses dikirim ke alamat ini."),
    )
    applicant_phone = forms.CharField(label=gettext_lazy("Telepon"), max_length=30, required=False)
    applicant_address = forms.CharField(
        label=gettext_lazy("Alamat"), required=False, widget=forms.Textarea({"rows": 2})
    )

    def applicant(self) -> services.Applicant:
        data = self.cleaned_data
        return services.Applicant(
            kind=data["applicant_kind"],
            name=data["applicant_name"],
            id_number=data["applicant_id"],
            email=data["applicant_email"],
            phone=data["applicant_phone"],
            address=data["applicant_address"],
        )


def offices_list(request: HttpRequest) -> HttpResponse:
    """Every office of the installation that offers the public at least one service."""
    now = timezone.now()
    offices = [
        office
        for office in Office.objects.order_by("name")
        if selectors.public_versions(office, now)
    ]
    return render(request, "public/offices.html", {"offices": offices})


def services_list(request: HttpRequest, office: str) -> HttpResponse:
    found = get_object_or_404(Office, code=office)
    versions = selectors.public_versions(found, timezone.now())
    return render(request, "public/services.html", {"office": found, "versions": versions})


def request_new(request: HttpRequest, office: str, code: str) -> HttpResponse:
    found = get_object_or_404(Office, code=office)
    now = timezone.now()
    version = selectors.public_version(found, code, now)
    if version is None:
        raise Http404
    definition = definition_of(version)
    first = definition.first_step
    post = request.POST or None
    who = ApplicantForm(post)
    form = RequestForm(
        post,
        request.FILES or None,
        definition=definition,
        step=first,
        documents=request_documents(first),
    )
    owner = _visitor_drafts(request, version, first.no)
    kept = form.drafts_take(owner) if owner else {}
    errors: list[str] = []
    status = 200
    if form.is_bound:
        if not (who.is_valid() & form.is_valid()):
            errors, status = form_error_lines(who) + form_error_lines(form), 422
        else:
            try:
                with form.uploads_sent() as uploads:
                    filed = services.request_file(
                        office=found,
                        sop_code=version.sop.code,
                        applicant=who.applicant(),
                        title=form.cleaned_data["title"],
                        data=form.values(),
                        uploads=uploads,
                        note=form.cleaned_data["note"],
                        client=_client(request),
                        at=now,
                    )
            except ServiceError as error:
                errors, status = error_lines(error), error_status(error)
            else:
                if owner and kept:
                    drafts.drafts_drop(owner)
                _grant(request, filed.tracking)
                messages.success(
                    request,
                    _(
                        "Permohonan Anda diterima. Nomor lacak: %(tracking)s; simpan nomor ini "
                        "(juga dikirim ke e-mail Anda)."
                    )
                    % {"tracking": filed.tracking},
                )
                return redirect("public_status", tracking=filed.tracking)
    if errors and form.sent_files() and services.draft_keep_allowed(_client(request), now):
        owner = owner or _visitor_drafts(request, version, first.no, make=True)
        assert owner is not None  # noqa: S101 - made above
        form.drafts_keep_sent(owner, at=now)
    context = {
        "office": found,
        "version": version,
        "definition": definition,
        "who": who,
        "form": form,
        "errors": errors,
        "zone": found.zone,
    }
    return render(request, "public/request_new.html", context, status=status)


def track(request: HttpRequest) -> HttpResponse:
    """Ask for a code: the tracking number, and a code goes to the requester's e-mail."""
    errors: list[str] = []
    status = 200
    tracking = (request.POST.get("nomor") or request.GET.get("nomor") or "").strip()
    if request.method == "POST":
        if not tracking:
            errors, status = [_("Isi nomor lacak permohonan Anda.")], 422
        else:
            try:
                services.code_send(tracking=tracking, client=_client(request), at=timezone.now())
            except ServiceError as error:
                errors, status = error_lines(error), error_status(error)
            else:
                return redirect("public_code", tracking=services.tracking_normal(tracking))
    return render(
        request, "public/track.html", {"tracking": tracking, "errors": errors}, status=status
    )


def track_code(request: HttpRequest, tracking: str) -> HttpResponse:
    """Enter the code that was e-mailed; the request opens in this browser."""
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            found = services.code_check(
                tracking=tracking,
                code=request.POST.get("kode", ""),
                client=_client(request),
                at=timezone.now(),
            )
        except ServiceError as error:
            errors, status = error_lines(error), error_status(error)
        else:
            _grant(request, found.tracking)
            return redirect("public_status", tracking=found.tracking)
    context = {"tracking": tracking, "errors": errors}
    return render(request, "public/track_code.html", context, status=status)


def _status_response(
    request: HttpRequest,
    page: selectors.StatusPage,
    *,
    bound: dict[int, object] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
    withdraw_form: WithdrawForm | None = None,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    forms_by_step = [
        (step, (bound or {}).get(step) or selectors.requester_form(page, step))
        for step in page.open_steps
    ]
    # The requester's forms while the request runs; one just refused stays, with its error.
    running = page.case.status == Case.Status.RUNNING
    context = {
        "page": page,
        "forms": forms_by_step,
        "errors": errors or [],
        "zone": page.case.office.zone,
        "withdraw_form": withdraw_form or (WithdrawForm() if running else None),
        "comment_form": comment_form or (CommentForm() if running else None),
    }
    return render(request, "public/status.html", context, status=status)


def status(request: HttpRequest, tracking: str) -> HttpResponse:
    found = _granted(request, tracking)
    if found is None:
        return redirect(f"{_track_url()}?nomor={tracking}")
    return _status_response(request, selectors.status_page(found))


@require_POST
def act(request: HttpRequest, tracking: str, step: int) -> HttpResponse:
    found = _granted(request, tracking)
    if found is None:
        return redirect(f"{_track_url()}?nomor={tracking}")
    page = selectors.status_page(found)
    if step not in page.open_steps:
        raise Http404
    form = selectors.requester_form(page, step, request.POST, request.FILES)
    owner = selectors.requester_drafts(page, step)
    if removed := form.drafts_removed():
        drafts.drafts_drop(owner, names=removed)
        form.drafts_attach(drafts.drafts_of(owner))
    if not form.is_valid():
        return _requester_step_refused(
            request, page, form, owner, errors=form_error_lines(form), status=422
        )
    try:
        with form.uploads_sent() as uploads:
            services.step_do(
                request=found,
                step=step,
                data=form.values(),
                uploads=uploads,
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
                at=timezone.now(),
            )
    except ServiceError as error:
        return _requester_step_refused(
            request,
            selectors.status_page(found),
            form,
            owner,
            errors=error_lines(error),
            status=error_status(error),
        )
    drafts.drafts_drop(owner)
    messages.success(request, _("Langkah %(step)s selesai. Terima kasih.") % {"step": step})
    return redirect("public_status", tracking=tracking)


def _requester_step_refused(
    request: HttpRequest,
    page: selectors.StatusPage,
    form: StepForm,
    owner: drafts.Owner,
    *,
    errors: list[str],
    status: int,
) -> HttpResponse:
    """The status page again with the refused form of a step: its files kept as drafts."""
    form.drafts_keep_sent(owner, at=timezone.now())
    return _status_response(request, page, bound={owner.step: form}, errors=errors, status=status)


@require_POST
def withdraw(request: HttpRequest, tracking: str) -> HttpResponse:
    """Tarik permohonan: the requester withdraws the running request, with a reason."""
    found = _granted(request, tracking)
    if found is None:
        return redirect(f"{_track_url()}?nomor={tracking}")
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.request_withdraw(
                request=found, reason=form.cleaned_data["reason"], at=timezone.now()
            )
        except ServiceError as error:
            return _requester_refused(request, found, error, withdraw_form=form)
        messages.success(
            request, _("Permohonan %(number)s telah ditarik.") % {"number": found.case.number}
        )
        return redirect("public_status", tracking=tracking)
    page = selectors.status_page(found)
    return _status_response(request, page, withdraw_form=form, status=422)


@require_POST
def comment(request: HttpRequest, tracking: str) -> HttpResponse:
    """Kirim pesan ke kantor: the requester writes to the office about the running request."""
    found = _granted(request, tracking)
    if found is None:
        return redirect(f"{_track_url()}?nomor={tracking}")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.request_comment(
                request=found,
                text=form.cleaned_data["text"],
                client=_client(request),
                at=timezone.now(),
            )
        except ServiceError as error:
            return _requester_refused(request, found, error, comment_form=form)
        messages.success(request, _("Pesan Anda telah dikirim ke kantor."))
        return redirect("public_status", tracking=tracking)
    page = selectors.status_page(found)
    return _status_response(request, page, comment_form=form, status=422)


def _requester_refused(
    request: HttpRequest,
    found: PublicRequest,
    error: ServiceError,
    *,
    withdraw_form: WithdrawForm | None = None,
    comment_form: CommentForm | None = None,
) -> HttpResponse:
    """The status page again with the refusal next to the field that was sent: a wrong text,
    the request already ended, too many messages."""
    if withdraw_form is not None:
        withdraw_form.add_error("reason", error.message)
    if comment_form is not None:
        comment_form.add_error("text", error.message)
    page = selectors.status_page(found)
    return _status_response(
        request,
        page,
        status=error_status(error),
        withdraw_form=withdraw_form,
        comment_form=comment_form,
    )


def _track_url() -> str:
    return reverse("public_track")
