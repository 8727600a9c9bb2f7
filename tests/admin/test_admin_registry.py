"""The office corrects its application inventory in the admin."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.test import Client
from django.urls import reverse

from alur.registry.models import Application


def test_a_correction_keeps_the_case_and_takes_the_time_of_the_correction(
    admin_client: Client, demo: SimpleNamespace
) -> None:
    written = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    app = Application.objects.create(
        office=demo.batam, name="SIMPUS", url="simpus.batam.go.id", updated_at=written
    )

    response = admin_client.post(
        reverse("admin:registry_application_change", args=[app.pk]),
        {
            "office": demo.batam.pk,
            "name": "SIMPUS",
            "description": "",
            "kind": "khusus",
            "owner": "",
            "url": "https://simpus.batam.go.id",
            "server": "vm-12",
            "status": "aktif",
        },
    )

    assert response.status_code == 302
    app.refresh_from_db()
    assert (app.kind, app.url, app.server) == ("khusus", "https://simpus.batam.go.id", "vm-12")
    assert app.updated_at > written
