"""Cetak SOP: the printable document and its PDF for each version of an office's SOP, the chart
on the SOP page, and who may see them."""

from __future__ import annotations

import io

import pypdf
from django.test import Client

from alur.catalog.models import Sop, SopVersion

SOP5 = "permohonan-pembuatan-aplikasi"


def sop5(demo) -> Sop:
    return Sop.objects.get(office=demo.sumbawa, code=SOP5)


def test_the_print_page_shows_the_identity_and_every_chart_page(client_for, demo) -> None:
    sop = sop5(demo)

    response = client_for("opd.bappeda").get(f"/sop/{sop.pk}/versi/1/cetak/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert '<section class="identitas" id="identitas-sop">' in html
    assert "555/568/DKIST/2021" in html
    assert html.count('class="bagan-alur"') == 3
    assert f'<a id="unduh-pdf" href="/sop/{sop.pk}/versi/1/cetak.pdf">' in html


def test_the_pdf_download_is_the_whole_document(client_for, demo) -> None:
    sop = sop5(demo)

    response = client_for("kabid.ti").get(f"/sop/{sop.pk}/versi/1/cetak.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="sop-{SOP5}-v1.pdf"'
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 4
    assert "Layanan Permohonan Pembuatan Aplikasi" in reader.pages[0].extract_text()


def test_a_retired_version_can_still_be_printed(client_for, demo) -> None:
    sop = sop5(demo)
    SopVersion.objects.filter(sop=sop, number=1).update(status=SopVersion.Status.WITHDRAWN)

    response = client_for("kabid.ti").get(f"/sop/{sop.pk}/versi/1/cetak/")

    assert response.status_code == 200
    assert "dicabut" in response.content.decode()


def test_another_office_gets_not_found_for_the_page_and_the_pdf(client_for, demo) -> None:
    sop = sop5(demo)
    batam = client_for("kadis.batam")

    assert batam.get(f"/sop/{sop.pk}/versi/1/cetak/").status_code == 404
    assert batam.get(f"/sop/{sop.pk}/versi/1/cetak.pdf").status_code == 404


def test_a_version_that_does_not_exist_is_not_found(client_for, demo) -> None:
    sop = sop5(demo)

    assert client_for("kabid.ti").get(f"/sop/{sop.pk}/versi/9/cetak/").status_code == 404


def test_someone_not_signed_in_is_sent_to_sign_in(demo) -> None:
    sop = sop5(demo)

    for url in (f"/sop/{sop.pk}/versi/1/cetak/", f"/sop/{sop.pk}/versi/1/cetak.pdf"):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/masuk/?next={url}"


def test_the_sop_page_shows_the_chart_and_links_to_print_each_version(client_for, demo) -> None:
    sop = sop5(demo)

    html = client_for("opd.bappeda").get(f"/sop/{sop.pk}/").content.decode()

    assert html.count('<figure class="chart-page card" data-halaman=') == 3
    assert html.count('class="bagan-alur"') == 3
    assert f'href="/sop/{sop.pk}/versi/1/cetak/">Cetak SOP</a>' in html
    assert '<li data-versi="1">versi 1 · berlaku · ' in html
