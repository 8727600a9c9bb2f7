"""Reads for the office administrator's webhook pages: always within the office's own rows."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from alur.offices.models import Office
from alur.webhooks.models import Attempt, Delivery, Subscription


def subscriptions(office: Office) -> QuerySet[Subscription]:
    """The office's subscriptions, with their deliveries waiting and given up."""
    return Subscription.objects.filter(office=office).annotate(
        pending=Count("deliveries", filter=Q(deliveries__state=Delivery.State.PENDING)),
        failed=Count("deliveries", filter=Q(deliveries__state=Delivery.State.FAILED)),
    )


def subscription(office: Office, pk: int) -> Subscription | None:
    return Subscription.objects.filter(office=office, pk=pk).first()


def deliveries(subscription: Subscription) -> QuerySet[Delivery]:
    """The subscription's deliveries, newest first, with their case."""
    return (
        Delivery.objects.filter(subscription=subscription)
        .select_related("event__case")
        .defer("body")
        .order_by("-created_at", "-pk")
    )


def delivery(subscription: Subscription, pk: int) -> Delivery | None:
    return (
        Delivery.objects.filter(subscription=subscription, pk=pk)
        .select_related("event__case", "subscription__office")
        .first()
    )


def attempts(delivery: Delivery) -> QuerySet[Attempt]:
    """Every try of ``delivery``, newest first."""
    return Attempt.objects.filter(delivery=delivery).order_by("-at", "-pk")


def office_counts(office: Office) -> tuple[int, int]:
    """How many of the office's subscriptions are active, and how many are disabled."""
    rows = Subscription.objects.filter(office=office).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        disabled=Count("pk", filter=Q(is_active=False)),
    )
    return rows["active"], rows["disabled"]
