"""Unduh BPMN: any version of an SOP as a BPMN 2.0 file, for whoever may see the SOP page."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client

from alur.catalog.models import Sop, SopVersion
from alur.catalog.services import definition_of, sop_version_create
from alur.sop import from_bpmn

SOP5 = "permohonan-pembuatan-aplikasi"


@pytest.fixture
def sop5(demo: SimpleNamespace) -> Sop:
    return Sop.objects.get(office=demo.sumbawa, code=SOP5)


def test_the_sop_page_links_to_the_bpmn_of_the_version_shown(
    client_for: Callable[[str], Client], sop5: Sop
) -> None:
    html = client_for("opd.bappeda").get(f"/sop/{sop5.pk}/").content.decode()

    assert (
        f'<a id="unduh-bpmn" class="button-quiet" href="/sop/{sop5.pk}/versi/1/bpmn/" download>'
        "Unduh BPMN</a>"
    ) in html


def test_the_bpmn_download_is_the_sop_as_xml_with_a_versioned_name(
    client_for: Callable[[str], Client], sop5: Sop
) -> None:
    response = client_for("opd.bappeda").get(f"/sop/{sop5.pk}/versi/1/bpmn/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == (
        'attachment; filename="permohonan-pembuatan-aplikasi-v1.bpmn"'
    )
    imported = from_bpmn(response.content)
    assert imported.complete
    assert imported.sop is not None
    version = SopVersion.objects.get(sop=sop5, number=1)
    assert imported.sop.model_dump() == definition_of(version).model_dump()


def test_a_draft_version_downloads_too(
    client_for: Callable[[str], Client], demo: SimpleNamespace, sop5: Sop
) -> None:
    text = SopVersion.objects.get(sop=sop5, number=1).definition.replace(
        "nama: Layanan Permohonan Pembuatan Aplikasi",
        "nama: Layanan Permohonan Pembuatan Aplikasi (revisi)",
    )
    draft = sop_version_create(office=demo.sumbawa, text=text)
    assert (draft.number, draft.status) == (2, SopVersion.Status.DRAFT)

    response = client_for("kadis.sumbawa").get(f"/sop/{sop5.pk}/versi/2/bpmn/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="permohonan-pembuatan-aplikasi-v2.bpmn"'
    )
    imported = from_bpmn(response.content).sop
    assert imported is not None
    assert imported.identitas.nama == "Layanan Permohonan Pembuatan Aplikasi (revisi)"


def test_a_person_of_another_office_gets_not_found(
    client_for: Callable[[str], Client], demo: SimpleNamespace
) -> None:
    hosting = Sop.objects.get(office=demo.batam, code="layanan-hosting-aplikasi")

    assert client_for("kabid.ti").get(f"/sop/{hosting.pk}/versi/1/bpmn/").status_code == 404


def test_a_version_that_does_not_exist_is_not_found(
    client_for: Callable[[str], Client], sop5: Sop
) -> None:
    assert client_for("kabid.ti").get(f"/sop/{sop5.pk}/versi/9/bpmn/").status_code == 404


def test_someone_not_signed_in_is_sent_to_sign_in(sop5: Sop) -> None:
    response = Client().get(f"/sop/{sop5.pk}/versi/1/bpmn/")

    assert response.status_code == 302
    assert response["Location"] == f"/masuk/?next=/sop/{sop5.pk}/versi/1/bpmn/"
