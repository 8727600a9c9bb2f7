"""The pages of two-factor sign-in (alur/offices/twofactor.py): the code asked after the
password, setting the authenticator app up, a person's own account page, and the office
administrator's reset for a lost phone."""

from __future__ import annotations

import math
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alur.common.formatting import wait_text
from alur.common.http import found
from alur.offices import selectors, twofactor
from alur.offices.auth import office_admin, signed_in
from alur.offices.models import User


class CodeForm(forms.Form):
    kode = forms.CharField(
        label=gettext_lazy("Kode"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


def _next(request: HttpRequest) -> str:
    """Where to go after the code: the page the person was going to, when it is this site's."""
    there = request.POST.get("next") or request.GET.get("next") or ""
    if there and url_has_allowed_host_and_scheme(
        there, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return there
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _refused(form: CodeForm, check: twofactor.Check, wrong: str) -> None:
    if check.wait is not None:
        form.add_error(
            "kode",
            _("Terlalu banyak kode yang salah. Coba lagi dalam %(wait)s.")
            % {"wait": wait_text(math.ceil(check.wait.total_seconds()))},
        )
    else:
        form.add_error("kode", wrong)


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password: six digits from the app, or a recovery code."""
    person = signed_in(request)
    if request.session.get(twofactor.STATE) != twofactor.VERIFY:
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    waiting = False
    if request.method == "POST" and form.is_valid():
        check = twofactor.check(person, form.cleaned_data["kode"])
        waiting = check.wait is not None
        if check.device is not None:
            twofactor.passed(request, check.device)
            if check.recovery:
                left = twofactor.recovery_codes_left(person)
                messages.warning(
                    request,
                    _(
                        "Anda masuk dengan kode pemulihan; sisa %(left)s kode. Buat kode baru di "
                        "halaman Akun bila tinggal sedikit."
                    )
                    % {"left": left},
                )
            return redirect(_next(request))
        _refused(
            form,
            check,
            _(
                "Kode tidak cocok. Masukkan 6 angka yang sedang tampil di aplikasi autentikator, "
                "atau salah satu kode pemulihan Anda."
            ),
        )
    status = 429 if waiting else 422 if form.errors else 200
    return render(
        request,
        "offices/two_factor_verify.html",
        {"form": form, "next": _next(request)},
        status=status,
    )


def _qr(device_url: str) -> str:
    """The app's set-up link as an inline SVG QR code (no image request, no script)."""
    svg: str = segno.make(device_url, error="m").svg_inline(scale=4, border=2)
    return mark_safe(svg)  # noqa: S308 - segno's own markup of the link's modules


def _grouped(key: bytes) -> str:
    text = b32encode(key).decode("ascii")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _codes_page(request: HttpRequest, codes: list[str], *, next_url: str) -> HttpResponse:
    return render(
        request,
        "offices/two_factor_codes.html",
        {"codes": [f"{code[:4]}-{code[4:]}" for code in codes], "next": next_url},
    )


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set the authenticator app up: scan the code (or type the key), confirm with the app's
    first code, and take the recovery codes, shown this once."""
    person = signed_in(request)
    if twofactor.turned_on(person):
        messages.info(request, _("Verifikasi dua langkah sudah aktif."))
        return redirect("account")
    device = twofactor.enrollment(person)
    form = CodeForm(request.POST or None)
    wait = None
    if request.method == "POST" and form.is_valid():
        wait = twofactor.waiting(device)
        codes = None if wait else twofactor.confirm(person, device, form.cleaned_data["kode"])
        if codes is not None:
            twofactor.passed(request, device)
            return _codes_page(request, codes, next_url=_next(request))
        _refused(
            form,
            twofactor.Check(None, wait=wait),
            _(
                "Kode tidak cocok dengan aplikasi. Pastikan jam ponsel tepat, lalu masukkan 6 "
                "angka yang sedang tampil."
            ),
        )
    context = {
        "form": form,
        "qr": _qr(device.config_url),
        "key": _grouped(device.bin_key),
        "required": twofactor.required(person),
        "owed": request.session.get(twofactor.STATE) == twofactor.ENROLL,
        "next": _next(request),
    }
    return render(
        request,
        "offices/two_factor_setup.html",
        context,
        status=429 if wait else 422 if form.errors else 200,
    )


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """A person's own account: password and two-factor sign-in."""
    person = signed_in(request)
    context = {
        "on": twofactor.turned_on(person),
        "required": twofactor.required(person),
        "codes_left": twofactor.recovery_codes_left(person),
        "form": CodeForm(),
    }
    return render(request, "offices/account.html", context)


def _confirmed(request: HttpRequest, person: User) -> bool:
    """Whether a change to two-factor comes with a current code from the app (a stolen open
    session alone cannot turn it off or read new recovery codes)."""
    form = CodeForm(request.POST)
    if not form.is_valid():
        return False
    check = twofactor.check(person, form.cleaned_data["kode"])  # no app: no device matches
    return check.device is not None and not check.recovery


@login_required
@require_POST
def two_factor_codes(request: HttpRequest) -> HttpResponse:
    person = signed_in(request)
    if not _confirmed(request, person):
        messages.error(request, _("Kode aplikasi tidak cocok; kode pemulihan tidak dibuat ulang."))
        return redirect("account")
    return _codes_page(
        request, twofactor.renew_recovery_codes(person), next_url=resolve_url("account")
    )


@login_required
@require_POST
def two_factor_off(request: HttpRequest) -> HttpResponse:
    person = signed_in(request)
    if twofactor.required(person):
        messages.error(
            request,
            _("Verifikasi dua langkah wajib untuk pimpinan, admin kantor, dan superuser."),
        )
        return redirect("account")
    if not _confirmed(request, person):
        messages.error(request, _("Kode aplikasi tidak cocok; verifikasi dua langkah tetap aktif."))
        return redirect("account")
    twofactor.turn_off(person, actor=person)
    messages.success(request, _("Verifikasi dua langkah dimatikan."))
    return redirect("account")


@login_required
@require_POST
def person_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """The office administrator removes a person's app and recovery codes (a lost phone): at
    their next sign-in they set a new app up, where it is required."""
    user, office = office_admin(request)
    person = found(selectors.person(office, pk))
    twofactor.turn_off(person, actor=user)
    messages.success(
        request,
        _("Verifikasi dua langkah %(username)s direset; ia memasangnya lagi saat masuk berikutnya.")
        % {"username": person.username},
    )
    return redirect("person_detail", person.pk)
