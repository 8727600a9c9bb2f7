"""The office administrator's pages for people: list, create, edit, (de)activate, passwords.

Each view: the door (``office_admin``: 403 for anyone else), the row within the admin's own
office (404 for another office's), a form, a service. A refused change shows the form again,
the message beside its field, with 422.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alur.common.http import found
from alur.offices import forms, selectors, services, throttle, twofactor
from alur.offices.auth import office_admin, signed_in
from alur.offices.mailing import mail_available
from alur.offices.models import User

PEOPLE_PER_PAGE = 25


def saved(form: django_forms.Form, change: Callable[[], object]) -> bool:
    """Whether the bound ``form`` is valid and ``change`` went through; a refusal is put beside
    the field it names."""
    if not form.is_valid():
        return False
    try:
        change()
    except services.FieldInvalid as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return False
    return True


def form_page(
    request: HttpRequest, template: str, context: dict[str, object], form: django_forms.Form
) -> HttpResponse:
    return render(request, template, {**context, "form": form}, status=422 if form.errors else 200)


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    _user, office = office_admin(request)
    query = request.GET.get("q", "")
    rows = selectors.people(office, query)
    page = Paginator(rows, PEOPLE_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "offices/people.html", {"people": page, "q": query})


@login_required
def person_new(request: HttpRequest) -> HttpResponse:
    user, office = office_admin(request)
    form = forms.PersonForm(request.POST or None, office=office)
    created: list[User] = []
    if request.method == "POST" and saved(
        form,
        lambda: created.append(
            services.person_create(office=office, actor=user, data=form.data_of())
        ),
    ):
        messages.success(request, _("Pegawai ditambahkan."))
        return redirect("person_detail", created[0].pk)
    return form_page(request, "offices/person_form.html", {"person": None}, form)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _user, office = office_admin(request)
    person = found(selectors.person(office, pk))
    subject = services.person_subject(person)
    context = {
        "person": person,
        "roles": person.roles.order_by("name"),
        "changes": selectors.person_changes(office, person, subject)[:50],
        "mail": mail_available(),
        "failures": throttle.failures_of(person),
        "two_factor_on": twofactor.turned_on(person),
        "two_factor_required": twofactor.required(person),
    }
    return render(request, "offices/person.html", context)


@login_required
@require_POST
def person_unblock(request: HttpRequest, pk: int) -> HttpResponse:
    """Forget every failed sign-in of the person's user name, so that no wait holds them."""
    user, office = office_admin(request)
    person = found(selectors.person(office, pk))
    forgotten = throttle.signin_unblock(person=person, actor=user)
    twofactor.unthrottle(person)
    messages.success(
        request,
        _("Masuk untuk %(username)s dibuka: %(count)s percobaan gagal dilupakan.")
        % {"username": person.username, "count": forgotten},
    )
    return redirect("person_detail", person.pk)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user, office = office_admin(request)
    person = found(selectors.person(office, pk))
    form = forms.PersonForm(request.POST or None, office=office, person=person)
    if request.method == "POST" and saved(
        form, lambda: services.person_update(person=person, actor=user, data=form.data_of())
    ):
        messages.success(request, _("Perubahan disimpan."))
        if person.pk == user.pk and not person.is_office_admin:
            return redirect("home")  # the settings pages are no longer theirs
        return redirect("person_detail", person.pk)
    return form_page(request, "offices/person_form.html", {"person": person}, form)


@login_required
@require_POST
def person_active(request: HttpRequest, pk: int) -> HttpResponse:
    user, office = office_admin(request)
    person = found(selectors.person(office, pk))
    active = request.POST.get("aktif") == "1"
    try:
        services.person_active_set(person=person, actor=user, active=active)
    except services.FieldInvalid as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Pegawai diaktifkan kembali.") if active else _("Pegawai dinonaktifkan.")
        )
    return redirect("person_detail", person.pk)


@never_cache
@login_required
@require_POST
def person_password(request: HttpRequest, pk: int) -> HttpResponse:
    """A one-time password shown on this answer only, or a link by e-mail (``cara``:
    ``sandi``, ``tautan``, ``undangan``)."""
    user, office = office_admin(request)
    person = found(selectors.person(office, pk))
    how = request.POST.get("cara", "")
    try:
        if how == "sandi":
            password = services.password_generate(person=person, actor=user)
            return render(
                request, "offices/password_shown.html", {"person": person, "password": password}
            )
        services.password_link_send(person=person, actor=user, invitation=how == "undangan")
    except services.FieldInvalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Tautan dikirim ke %(email)s.") % {"email": person.email})
    return redirect("person_detail", person.pk)


@never_cache
def password_set(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Where a link from an invitation or a reset lands: set a password, once, in time."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        pk = 0
    person = User.objects.filter(pk=pk, is_active=True).first()
    if person is None or not default_token_generator.check_token(person, token):
        return render(request, "offices/password_set.html", {"invalid": True}, status=410)
    form = SetPasswordForm(person, request.POST or None)
    if request.method == "POST" and form.is_valid():
        person.must_change_password = False  # saved with the password: one they chose
        with transaction.atomic():
            form.save()
            services.password_changed(person=person, by_link=True)
        messages.success(request, _("Kata sandi disimpan. Silakan masuk."))
        return redirect("login")
    return render(
        request,
        "offices/password_set.html",
        {"form": form, "person": person},
        status=422 if form.errors else 200,
    )


@never_cache
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """Anyone signed in changes their own password, e.g. the one-time password they were
    handed."""
    user = signed_in(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user.must_change_password = False  # saved with the password
        with transaction.atomic():
            form.save()
            services.password_changed(person=user, by_link=False)
        update_session_auth_hash(request, user)
        messages.success(request, _("Kata sandi Anda sudah diganti."))
        return redirect("home")
    return render(
        request, "offices/password_change.html", {"form": form}, status=422 if form.errors else 200
    )
