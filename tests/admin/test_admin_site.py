"""Every admin page a superuser opens loads, in Indonesian, over the demo installation."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from alur.cases.models import Case

REGISTERED = [
    # django-otp's own: a superuser may remove a lost authenticator here too
    "otp_totp.totpdevice",
    "otp_static.staticdevice",
    "offices.office",
    "offices.officeday",
    "offices.unit",
    "offices.user",
    "offices.role",
    "offices.delegation",
    "offices.settingchange",
    "catalog.sop",
    "catalog.sopversion",
    "cases.case",
    "registry.application",
    "registry.electronicsystem",
    "letters.letterhead",
    "letters.letter",
    "letters.srikandireference",
    "auth.group",
    "deadlines.deadlinepolicy",
    "deadlines.duechange",
    "deadlines.alert",
    "deadlines.scheduledstart",
    "django_tasks_database.dbtaskresult",
    "notifications.mail",
    "operations.workerbeat",
]


def test_the_registered_models_are_the_expected_ones() -> None:
    registered = {m._meta.label_lower for m in admin.site._registry}
    assert registered == set(REGISTERED)


def test_the_index_is_titled_in_indonesian(admin_client: Client, demo: SimpleNamespace) -> None:
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Administrasi Alur" in html
    assert "Pengaturan kantor, SOP, dan permohonan" in html
    assert "Keluar" in html  # Django's own admin strings, in Indonesian


def test_the_libraries_words_read_in_proper_indonesian_and_in_english(
    admin_client: Client, demo: SimpleNamespace
) -> None:
    """Django's Indonesian for the index's column of links ("Rubah atau tampilkan tautan
    kunjungan") and the task queue's English app name are Alur's own words (alur/locale/id)."""
    html = admin_client.get(reverse("admin:index")).content.decode()

    assert "Tautan ubah atau lihat daftar" in html
    assert "Antrean tugas latar" in html
    assert "Hasil tugas latar" in html
    assert "Rubah" not in html
    assert "Tasks Database Backend" not in html

    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = admin_client.get(reverse("admin:index")).content.decode()
    assert "Background task queue" in english
    assert "Change or view list link" in english


@pytest.mark.parametrize("label", REGISTERED)
def test_every_changelist_loads(
    admin_client: Client, demo: SimpleNamespace, open_sop5: Callable[[], Case], label: str
) -> None:
    open_sop5()
    app, model = label.split(".")

    response = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("label", "lookup"),
    [
        ("offices.office", {"code": "dkisp-sumbawa"}),
        ("offices.unit", {"code": "bappeda"}),
        ("offices.user", {"username": "kasi.aplikasi"}),
        ("offices.role", {"code": "kabid-ti"}),
        ("catalog.sop", {"code": "permohonan-pembuatan-aplikasi"}),
        ("catalog.sopversion", {"sop__code": "permohonan-pembuatan-aplikasi"}),
    ],
)
def test_the_page_of_an_object_loads(
    admin_client: Client, demo: SimpleNamespace, label: str, lookup: dict[str, str]
) -> None:
    app, model = label.split(".")
    model_class = next(m for m in admin.site._registry if m._meta.label_lower == label)
    pk = model_class._default_manager.get(**lookup).pk

    response = admin_client.get(reverse(f"admin:{app}_{model}_change", args=[pk]))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "label",
    [
        "offices.office",
        "offices.officeday",
        "offices.unit",
        "offices.user",
        "offices.role",
        "offices.delegation",
        "catalog.sopversion",
        "registry.application",
        "registry.electronicsystem",
        "letters.letterhead",
    ],
)
def test_every_add_page_loads(admin_client: Client, demo: SimpleNamespace, label: str) -> None:
    app, model = label.split(".")

    response = admin_client.get(reverse(f"admin:{app}_{model}_add"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "label", ["catalog.sop", "cases.case", "letters.letter", "letters.srikandireference"]
)
def test_sops_and_cases_have_no_add_page(
    admin_client: Client, demo: SimpleNamespace, label: str
) -> None:
    app, model = label.split(".")

    response = admin_client.get(reverse(f"admin:{app}_{model}_add"))

    assert response.status_code == 403
