"""The office administrator's webhook pages under /pengaturan/webhook/: the list, a new
subscription (its secret shown once), a subscription with its delivery log, one delivery with
its tries; enable, disable, rotate the secret, delete, send a delivery again.

Each view: the door (``office_admin``: 403 for anyone else), the row within the admin's own
office (404 for another office's), a form where there is one, a service.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from alur.common.errors import Invalid
from alur.common.http import found
from alur.offices.auth import office_admin
from alur.webhooks import selectors, services
from alur.webhooks.forms import SubscriptionForm
from alur.webhooks.models import Subscription

DELIVERIES_PER_PAGE = 25


@login_required
def webhook_list(request: HttpRequest) -> HttpResponse:
    _user, office = office_admin(request)
    context = {"office": office, "subscriptions": selectors.subscriptions(office)}
    return render(request, "webhooks/list.html", context)


def _secret_page(request: HttpRequest, subscription: Subscription, secret: str) -> HttpResponse:
    return render(request, "webhooks/secret.html", {"subscription": subscription, "secret": secret})


@never_cache
@login_required
def webhook_new(request: HttpRequest) -> HttpResponse:
    user, office = office_admin(request)
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = services.subscription_create(
                office=office,
                actor=user,
                url=form.cleaned_data["url"],
                event_types=form.cleaned_data["event_types"],
                description=form.cleaned_data["description"],
            )
        except services.FieldInvalid as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _secret_page(request, subscription, secret)
    status = 422 if form.errors else 200
    return render(request, "webhooks/form.html", {"form": form}, status=status)


@login_required
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _user, office = office_admin(request)
    subscription = found(selectors.subscription(office, pk))
    page = Paginator(selectors.deliveries(subscription), DELIVERIES_PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    context = {"office": office, "subscription": subscription, "deliveries": page}
    return render(request, "webhooks/detail.html", context)


@login_required
def webhook_delivery(request: HttpRequest, pk: int, delivery_pk: int) -> HttpResponse:
    _user, office = office_admin(request)
    subscription = found(selectors.subscription(office, pk))
    delivery = found(selectors.delivery(subscription, delivery_pk))
    context = {
        "office": office,
        "subscription": subscription,
        "delivery": delivery,
        "attempts": selectors.attempts(delivery),
    }
    return render(request, "webhooks/delivery.html", context)


@login_required
@require_POST
def webhook_active(request: HttpRequest, pk: int) -> HttpResponse:
    user, office = office_admin(request)
    subscription = found(selectors.subscription(office, pk))
    active = request.POST.get("aktif") == "1"
    try:
        services.subscription_active_set(subscription=subscription, actor=user, active=active)
    except Invalid as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Webhook diaktifkan.") if active else _("Webhook dinonaktifkan.")
        )
    return redirect("webhook_detail", subscription.pk)


@never_cache
@login_required
@require_POST
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    user, office = office_admin(request)
    subscription = found(selectors.subscription(office, pk))
    secret = services.subscription_secret_rotate(subscription=subscription, actor=user)
    return _secret_page(request, subscription, secret)


@login_required
@require_POST
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user, office = office_admin(request)
    subscription = found(selectors.subscription(office, pk))
    services.subscription_delete(subscription=subscription, actor=user)
    messages.success(request, _("Webhook dihapus."))
    return redirect("webhook_list")


@login_required
@require_POST
def webhook_redeliver(request: HttpRequest, pk: int, delivery_pk: int) -> HttpResponse:
    user, office = office_admin(request)
    subscription = found(selectors.subscription(office, pk))
    delivery = found(selectors.delivery(subscription, delivery_pk))
    services.delivery_redeliver(delivery=delivery, actor=user)
    messages.success(
        request,
        _("Kiriman %(id)s dijadwalkan untuk dikirim ulang oleh pekerja latar.")
        % {"id": delivery.message_id},
    )
    return redirect("webhook_delivery", subscription.pk, delivery.pk)
