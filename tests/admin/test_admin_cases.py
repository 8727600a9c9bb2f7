"""Cases in the admin are read only: changes to a case go through the service layer, which
records them in the case's hash chain."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from alur.cases.models import Case, Event


@pytest.fixture
def case(demo: SimpleNamespace, open_sop5: Callable[[], Case]) -> Case:
    return open_sop5()


def test_the_case_list_shows_number_office_sop_status_and_opening(
    admin_client: Client, case: Case
) -> None:
    response = admin_client.get(reverse("admin:cases_case_changelist"))

    html = response.content.decode()
    assert response.status_code == 200
    assert case.number in html
    assert "Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Sumbawa" in html
    assert "Layanan Permohonan Pembuatan Aplikasi v1" in html
    assert "berjalan" in html
    assert reverse("admin:cases_case_add") not in html


def test_the_case_page_shows_its_steps_documents_and_record_read_only(
    admin_client: Client, case: Case
) -> None:
    response = admin_client.get(reverse("admin:cases_case_change", args=[case.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Surat Permohonan Pembuatan Aplikasi" in html  # the document
    assert "case.opened" in html  # the record
    assert "utuh" in html  # the chain holds
    assert 'name="_save"' not in html
    assert 'name="title"' not in html
    assert 'name="events-0-note"' not in html


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", lambda case: reverse("admin:cases_case_add")),
        ("post", lambda case: reverse("admin:cases_case_add")),
        ("post", lambda case: reverse("admin:cases_case_change", args=[case.pk])),
        ("get", lambda case: reverse("admin:cases_case_delete", args=[case.pk])),
        ("post", lambda case: reverse("admin:cases_case_delete", args=[case.pk])),
    ],
)
def test_a_superuser_can_neither_add_change_nor_delete_a_case(
    admin_client: Client, case: Case, method: str, url: Callable[[Case], str]
) -> None:
    events = list(Event.objects.filter(case=case).values_list("seq", "hash"))

    response = getattr(admin_client, method)(url(case), {"title": "diubah", "post": "yes"})

    assert response.status_code == 403
    case.refresh_from_db()
    assert case.title == "Aplikasi e-Perencanaan"
    assert list(Event.objects.filter(case=case).values_list("seq", "hash")) == events


def test_no_admin_of_a_case_or_its_parts_grants_add_change_or_delete(
    admin_user: object, case: Case
) -> None:
    request = RequestFactory().get("/")
    request.user = admin_user
    case_admin = admin.site._registry[Case]
    inlines = case_admin.get_inline_instances(request, case)

    assert {type(i).__name__ for i in inlines} == {"TaskInline", "DocumentInline", "EventInline"}
    for model_admin in [case_admin, *inlines]:
        assert model_admin.has_add_permission(request, case) is False
        assert model_admin.has_change_permission(request, case) is False
        assert model_admin.has_delete_permission(request, case) is False
    assert case_admin.get_actions(request) == {}
