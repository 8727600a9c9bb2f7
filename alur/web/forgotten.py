"""The forgotten-password page, reached from the sign-in page without signing in. It joins the
offices' password link (``alur.offices.services.password_link_request``) with the per-address
limits the public pages count (``alur.public.services``), hence its place in this layer."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from alur.common.errors import TooMany
from alur.common.http import client_address
from alur.offices import services
from alur.offices.mailing import mail_available
from alur.public.services import PASSWORD_LINK_LIMIT, attempt_count, client_digest


@never_cache
def password_forgot(request: HttpRequest) -> HttpResponse:
    """Ask for a link to set a new password, by user name or e-mail, without signing in. The
    answer is the same whether or not an account was found; a client may ask a few times an
    hour (``PASSWORD_LINK_LIMIT``)."""
    login = request.POST.get("login", "").strip()[:254]
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if not login:
            errors, status = [_("Isi nama pengguna atau alamat e-mail Anda.")], 422
        else:
            try:
                attempt_count(PASSWORD_LINK_LIMIT, client_digest(client_address(request)))
            except TooMany as refused:
                errors, status = [refused.message], 429
            else:
                services.password_link_request(login=login)
                return render(request, "offices/password_forgot.html", {"asked": True})
    return render(
        request,
        "offices/password_forgot.html",
        {"login": login, "errors": errors, "mail": mail_available()},
        status=status,
    )
