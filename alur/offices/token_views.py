"""The office administrator's page of API tokens (/pengaturan/token/): the office's tokens, a new
one for a person or a system account (its text shown on the answer to the form, once, and never
again), revoking one; and a new system account. Shaped as ``views``: door, row of the own office,
form, service (``alur.offices.tokens``, ``services.person_create``)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alur.common.errors import Invalid, NotAllowed
from alur.common.http import found
from alur.offices import forms, services, tokens
from alur.offices.auth import office_admin
from alur.offices.models import ApiToken, Office, User
from alur.offices.views import form_page, saved


def _state(token: ApiToken, now: dt.datetime) -> str:
    if token.revoked_at is not None:
        return pgettext("token", "dicabut")
    return pgettext("token", "berlaku") if token.usable_at(now) else pgettext("token", "habis")


def _page(
    request: HttpRequest, office: Office, form: forms.TokenForm, made: tuple[ApiToken, str] | None
) -> HttpResponse:
    now = timezone.now()
    context: dict[str, object] = {
        "rows": [(token, _state(token, now)) for token in tokens.office_tokens(office)],
        "made": made,
        "zone": office.zone,
    }
    return form_page(request, "offices/tokens.html", context, form)


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The office's tokens and the form of a new one. A token made is shown on this answer only:
    it is kept as its digest and cannot be read back."""
    user, office = office_admin(request)
    form = forms.TokenForm(request.POST or None, office=office)
    made: list[tuple[ApiToken, str]] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made.append(
                tokens.token_create(
                    owner=data["owner"],
                    name=data["name"],
                    scope=data["scope"],
                    expires_days=data["expires_days"],
                    actor=user,
                )
            )
        except (Invalid, NotAllowed) as refused:
            form.add_error(None, refused.message)
        else:
            form = forms.TokenForm(office=office)
    return _page(request, office, form, made[0] if made else None)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user, office = office_admin(request)
    token = found(tokens.office_tokens(office).filter(pk=pk).first())
    tokens.token_revoke(token=token, actor=user)
    messages.success(
        request,
        _("Token %(prefix)s (%(name)s) dicabut: sistem yang memakainya tidak dapat masuk lagi.")
        % {"prefix": token.prefix, "name": token.name},
    )
    return redirect("token_list")


@login_required
def system_account_new(request: HttpRequest) -> HttpResponse:
    """A system account of the office: its roles and unit as a person's, no password."""
    user, office = office_admin(request)
    form = forms.SystemAccountForm(request.POST or None, office=office)
    created: list[User] = []
    if request.method == "POST" and saved(
        form,
        lambda: created.append(
            services.person_create(office=office, actor=user, data=form.data_of())
        ),
    ):
        messages.success(
            request,
            _("Akun sistem %(username)s dibuat; buatkan tokennya di bawah.")
            % {"username": created[0].username},
        )
        return redirect("token_list")
    return form_page(request, "offices/system_account_form.html", {}, form)
