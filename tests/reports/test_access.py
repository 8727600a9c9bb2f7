"""Who may see the performance report: the office's heads (Kadis, Kabid, Kasi), also as Plh;
not its staff, not requesting OPDs, not another office's people (for whom it does not exist)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from alur.cases.permissions import head_roles
from alur.offices.models import Delegation, Role, Unit, User

pytestmark = pytest.mark.django_db

PAGES = ["/laporan/dkisp-sumbawa/", "/laporan/dkisp-sumbawa/kinerja.xlsx"]
EXPECTED = {
    "kadis.sumbawa": 200,
    "kabid.ti": 200,
    "kasi.aplikasi": 200,
    "dev.sumbawa": 403,
    "opd.bappeda": 403,
    "opd.dikbud": 403,
    "kadis.batam": 404,
    "opd.disdukcapil": 404,
}


def _client(demo: SimpleNamespace, username: str) -> Client:
    client = Client()
    client.force_login(demo.people[username])
    return client


def test_the_heads_are_the_top_three_levels_of_each_offices_role_tree(demo) -> None:
    assert head_roles(demo.sumbawa) == {"kadis", "kabid-ti", "kasi-aplikasi"}
    assert head_roles(demo.batam) == {
        "kadis",
        "kabid-pe",
        "kasi-pa",
        "kasi-infratek",
        "kasi",
        "tata-kelola",
        "sub-koor-pa",
        "persandian",
    }


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(("username", "status"), list(EXPECTED.items()))
def test_each_person_gets_the_report_or_a_refusal(demo, ledger, url, username, status) -> None:
    response = _client(demo, username).get(url)

    assert response.status_code == status
    if status != 200:
        assert b"Kepala DKISP Sumbawa" not in response.content
        assert b"T/001" not in response.content
    if status == 403:
        assert "Laporan kinerja hanya untuk pimpinan kantor." in response.content.decode()


@pytest.mark.parametrize("url", [*PAGES, "/laporan/dkisp-sumbawa/kinerja.pdf", "/laporan/"])
def test_nobody_signed_in_is_sent_to_sign_in(client, demo, url) -> None:
    response = client.get(url)

    assert (response.status_code, response.headers["Location"]) == (302, f"/masuk/?next={url}")


def test_the_pdf_is_refused_to_staff_and_other_offices(demo) -> None:
    url = "/laporan/dkisp-sumbawa/kinerja.pdf"
    assert _client(demo, "dev.sumbawa").get(url).status_code == 403
    assert _client(demo, "kadis.batam").get(url).status_code == 404


def test_a_plh_of_the_kadis_sees_it_only_on_the_days_of_the_delegation(demo) -> None:
    office = demo.sumbawa
    plh = User.objects.create(
        username="plh.sumbawa",
        office=office,
        unit=Unit.objects.get(office=office, code="sekretariat"),
    )
    client = Client()
    client.force_login(plh)
    assert client.get(PAGES[0]).status_code == 403
    today = dt.datetime.now(ZoneInfo(office.zone)).date()
    Delegation.objects.create(
        role=Role.objects.get(office=office, code="kadis"),
        delegate=plh,
        kind=Delegation.Kind.PLH,
        starts=today,
        ends=today,
    )

    assert client.get(PAGES[0]).status_code == 200


def test_the_menu_links_the_report_for_heads_only(demo) -> None:
    link = b'id="nav-laporan" href="/laporan/dkisp-sumbawa/"'
    assert link in _client(demo, "kabid.ti").get("/tugas/").content
    assert b'id="nav-laporan"' not in _client(demo, "dev.sumbawa").get("/tugas/").content
    assert b'id="nav-laporan"' not in _client(demo, "opd.bappeda").get("/tugas/").content


def test_the_short_address_leads_a_head_to_the_own_offices_report(demo) -> None:
    response = _client(demo, "kadis.batam").get("/laporan/")
    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/laporan/diskominfo-batam/",
    )
    assert _client(demo, "opd.bappeda").get("/laporan/").status_code == 403
