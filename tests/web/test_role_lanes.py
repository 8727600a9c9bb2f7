"""The role's settings page names the lanes of the office's published SOPs that use its code,
and no SOP of another office."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from alur.catalog.models import SopVersion
from alur.catalog.services import definition_of
from alur.offices.models import Role
from alur.web.role_lanes import role_lane_uses

pytestmark = pytest.mark.django_db


def test_the_role_page_names_each_published_sop_lane_of_its_code(demo: SimpleNamespace) -> None:
    role = Role.objects.get(office=demo.batam, code="kasi-pa")
    expected = {
        version.sop.name: [
            lane.nama for lane in definition_of(version).pelaksana if lane.role == "kasi-pa"
        ]
        for version in SopVersion.objects.filter(
            sop__office=demo.batam, status=SopVersion.Status.IN_FORCE
        ).select_related("sop")
    }
    expected = {name: lanes for name, lanes in expected.items() if lanes}
    assert expected

    assert {use.sop_name: use.lanes for use in role_lane_uses(role)} == expected
    client = Client()
    client.force_login(demo.people["admin.batam"])
    page = client.get(reverse("role_detail", args=[role.pk])).content.decode()
    section = page.split('id="lajur-sop"')[1]
    for name in expected:
        assert name in section


def test_a_role_no_lane_uses_says_so(demo: SimpleNamespace) -> None:
    role = Role.objects.create(office=demo.batam, code="belum-dipakai", name="Belum dipakai")
    client = Client()
    client.force_login(demo.people["admin.batam"])
    page = client.get(reverse("role_detail", args=[role.pk])).content.decode()
    assert "Belum ada SOP terbit kantor ini yang lajurnya memakai peran" in page
    assert role_lane_uses(role) == []
