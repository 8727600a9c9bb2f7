"""Pemberitahuan: the list, marking read, and the person's choices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alur.notifications import selectors, services
from alur.notifications.models import Kind
from alur.offices.auth import signed_in


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    context = {
        "notifications": selectors.notifications_of(user, page=request.GET.get("halaman")),
        "unread": selectors.unread_count(user),
    }
    return render(request, "notifications/list.html", context)


def bell(request: HttpRequest) -> HttpResponse:
    """The bell alone, with its unread count: the top bar asks for it again every minute, so a
    new notification shows without reloading the page. Signed out (the session ended), the
    answer is empty (204) and the bell stays as it was, rather than the sign-in page in its
    place."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    user = signed_in(request)
    context = {"unread_notifications": selectors.unread_count(user)}
    return render(request, "notifications/bell.html", context)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read and go where it points (its link, when it is one of Alur's own pages)."""
    user = signed_in(request)
    notification = selectors.notification_of(user, pk)
    if notification is None:
        raise Http404
    services.notification_read(notification=notification, user=user)
    target = notification.url
    if request.POST.get("buka") and target and url_has_allowed_host_and_scheme(target, None):
        return redirect(target)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_read_all(user=signed_in(request))
    messages.success(request, _("%(n)s pemberitahuan ditandai sudah dibaca.") % {"n": count})
    return redirect("notification_list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    if request.method == "POST":
        choices = {
            kind.value: services.Choice(
                in_app=request.POST.get(f"{kind.value}-aplikasi") == "on",
                email=request.POST.get(f"{kind.value}-surel") == "on",
            )
            for kind in Kind
        }
        daily = request.POST.get("ringkasan-harian") == "on"
        services.preferences_save(user=user, choices=choices, daily=daily)
        messages.success(request, _("Pilihan pemberitahuan disimpan."))
        return redirect("notification_preferences")
    context = {
        "preferences": selectors.preferences_of(user),
        "daily": selectors.digest_chosen(user),
        "has_email": bool(user.email),
    }
    return render(request, "notifications/preferences.html", context)
