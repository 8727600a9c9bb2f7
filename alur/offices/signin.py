"""The sign-in form and page: Django's, with the limits of ``alur.offices.throttle`` asked
before the password is checked. A try told to wait gets 429 and the wait in words. Where the
installation has an identity provider, the page also leads to it (``alur.offices.oidc``) and
says why a sign-in through it was refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponse
from django.utils.translation import gettext as _

from alur.common.formatting import wait_text
from alur.common.http import client_address
from alur.offices import oidc, throttle
from alur.offices.models import User

SESSION_ENDED = "alur_session_ended"
"""Set in the session of a sign-in that ended for being idle or too old, for the page to say."""


class SignInForm(AuthenticationForm):
    throttled = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django's own words put the field's name in the sentence, and its Indonesian already
        # says "nama pengguna": "nama pengguna nama pengguna".
        self.error_messages = {
            **self.error_messages,
            "invalid_login": _(
                "Nama pengguna atau kata sandi salah. Huruf besar dan kecil dibedakan pada "
                "keduanya."
            ),
        }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        password = self.cleaned_data.get("password")
        if not (username and password) or self.request is None:
            return super().clean()
        address = client_address(self.request)
        wait = throttle.signin_wait(username=username, address=address)
        if wait is not None:
            self.throttled = True
            raise forms.ValidationError(
                _(
                    "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, coba lagi "
                    "dalam %(wait)s."
                )
                % {"wait": wait_text(wait.seconds)},
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                throttle.signin_failed(username=username, address=address)
            raise
        user = self.get_user()
        if isinstance(user, User):
            throttle.signin_succeeded(user=user, address=address)
        return cleaned


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["session_ended"] = self.request.session.pop(SESSION_ENDED, False)
        context["oidc_name"] = oidc.button_name()
        refusal = self.request.session.pop(oidc.REFUSED, None)
        context["oidc_refused"] = oidc.refusal_text(refusal) if refusal else ""
        return context

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            response.status_code = 429
        return response
