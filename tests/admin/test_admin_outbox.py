"""The admin sees the mail outbox, failed mail and why it failed, and can change none of it."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from alur.notifications.models import Mail
from alur.notifications.outbox import mail_queue


@pytest.mark.django_db
def test_a_failed_mail_is_shown_with_its_error_and_cannot_be_changed(
    admin_client: Client, admin_user: object
) -> None:
    [mail] = mail_queue(to=["keliru@demo.invalid"], subject="[Alur] Langkah 3", body="Isi")
    Mail.objects.filter(pk=mail.pk).update(
        state=Mail.State.FAILED, attempts=10, last_error="SMTPRecipientsRefused: 550"
    )

    listing = admin_client.get(reverse("admin:notifications_mail_changelist"), {"state": "gagal"})
    page = admin_client.get(reverse("admin:notifications_mail_change", args=[mail.pk]))

    assert "keliru@demo.invalid" in listing.content.decode()
    assert "SMTPRecipientsRefused: 550" in page.content.decode()
    request = RequestFactory().get("/")
    request.user = admin_user  # type: ignore[assignment]
    model_admin = admin.site._registry[Mail]
    assert (
        model_admin.has_add_permission(request),
        model_admin.has_change_permission(request, mail),
        model_admin.has_delete_permission(request, mail),
    ) == (False, False, False)
