"""Every page is sent with a Content-Security-Policy that admits no inline script, no style
attribute and no eval; the printed SOP's generated CSS comes in under the page's nonce."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from alur.catalog.models import Sop

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(header: str) -> dict[str, str]:
    return dict(directive.strip().split(" ", 1) for directive in header.split(";"))


@pytest.mark.parametrize(
    "path", ["/tugas/", "/permohonan/", "/permohonan/baru/", "/sop/", "/inventaris/", "/laporan/"]
)
def test_each_page_is_sent_with_the_policy(client_for, demo, path: str) -> None:
    # A new request is filed by a requesting OPD's person; the Kadis files none.
    who = "opd.bappeda" if path == "/permohonan/baru/" else "kadis.sumbawa"
    response = client_for(who).get(path, follow=True)

    assert response.status_code == 200
    assert policy(response["Content-Security-Policy"]) == POLICY


@pytest.mark.django_db
def test_the_sign_in_page_is_sent_with_the_policy() -> None:
    response = Client().get("/masuk/")

    assert policy(response["Content-Security-Policy"]) == POLICY


@pytest.mark.django_db
def test_a_refused_body_is_sent_with_the_policy_too(settings) -> None:
    settings.ALUR_REQUEST_MAX_BYTES = 1024
    response = Client().generic(
        "POST", "/masuk/", b"x", content_type="text/plain", CONTENT_LENGTH="4096"
    )

    assert response.status_code == 413
    assert policy(response["Content-Security-Policy"]) == POLICY


def test_the_print_page_s_own_css_carries_the_nonce_of_its_policy(client_for, demo) -> None:
    sop = Sop.objects.get(office=demo.sumbawa, code="permohonan-pembuatan-aplikasi")

    response = client_for("kabid.ti").get(f"/sop/{sop.pk}/versi/1/cetak/")

    html = response.content.decode()
    nonce = re.search(r"style-src 'self' 'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce is not None
    assert html.count("<style") == html.count(f'<style nonce="{nonce.group(1)}">') == 1
    assert '<button type="button" data-print>' in html
    assert "onclick" not in html
    assert "/static/web/print.js" in html
