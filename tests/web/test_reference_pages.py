"""Reference documents (rujukan) on the pages: the action panel of an open step lists the
documents its actor works with, a link opening in a new tab when the SOP gives one, and the
SOP's page lists them all."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import html

from alur.cases import services
from alur.cases.models import Case
from alur.catalog.models import Sop
from alur.catalog.services import sop_version_create

pytestmark = pytest.mark.django_db

SOP = Path(__file__).parents[1] / "cases" / "sops" / "rujukan.yaml"
LINK = "https://jdih.kominfo.go.id/produk_hukum/view/id/493"


@pytest.fixture
def case(demo: SimpleNamespace, pdf: Callable[[str], tuple[object, str]]) -> Case:
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)
    return services.case_open(
        office=demo.sumbawa,
        sop_code="verifikasi-domain",
        requester=demo.people["opd.bappeda"],
        title="Subdomain simpeg",
        uploads={"Surat Permohonan": pdf("surat")},
    )


def _page(client_for, username: str, case: Case) -> html.HtmlElement:
    response = client_for(username).get(f"/permohonan/{case.pk}/")
    assert response.status_code == 200
    return html.fromstring(response.content)


def _items(page: html.HtmlElement, step: int) -> list[tuple[str, str]]:
    return [
        (item.get("data-rujukan"), " ".join(item.text_content().split()))
        for item in page.xpath(f"//div[@id='aksi-{step}']//div[@id='rujukan-{step}']//li")
    ]


def test_the_open_steps_panel_lists_its_references_with_their_kind_and_note(
    client_for, case: Case
) -> None:
    page = _page(client_for, "kabid.ti", case)

    assert _items(page, 2) == [
        (
            "permen-domain",
            "Permenkominfo Nomor 5 Tahun 2015 tentang Registrar Nama Domain Instansi · Peraturan",
        ),
        (
            "daftar-periksa",
            "Daftar Periksa Verifikasi Subdomain · Daftar periksa "
            "Diisi lengkap sebelum keputusan diambil.",
        ),
    ]


def test_a_reference_with_a_link_opens_it_in_a_new_tab_without_an_opener(
    client_for, case: Case
) -> None:
    page = _page(client_for, "kabid.ti", case)

    (link,) = page.xpath("//div[@id='rujukan-2']//a")
    assert link.get("href") == LINK
    assert link.get("target") == "_blank"
    assert set(link.get("rel").split()) == {"noopener", "noreferrer"}
    assert page.xpath("//li[@data-rujukan='daftar-periksa']//a") == []


def test_the_next_steps_actor_sees_that_steps_references_only(
    client_for, demo: SimpleNamespace, case: Case
) -> None:
    services.task_act(case=case, step=2, actor=demo.people["kabid.ti"], decision="ya", note="")

    page = _page(client_for, "kasi.aplikasi", case)

    assert [ref for ref, _text in _items(page, 3)] == ["templat-ba", "panduan-dns"]
    assert "Panduan Pengelolaan DNS Kabupaten · Dokumen lainnya" in dict(_items(page, 3)).values()
    assert page.xpath("//div[@id='rujukan-2']") == []


def test_a_person_who_cannot_act_sees_no_reference_panel(client_for, case: Case) -> None:
    page = _page(client_for, "opd.bappeda", case)

    assert page.xpath("//*[@class='references']") == []


def test_a_step_without_references_shows_no_reference_list(
    client_for, demo: SimpleNamespace, sop5_case: Case
) -> None:
    page = _page(client_for, "kadis.sumbawa", sop5_case)

    assert page.xpath("//div[@class='panel card']")
    assert page.xpath("//ul[@class='rujukan']") == []


def test_the_sop_page_lists_every_reference(client_for, case: Case) -> None:
    sop = Sop.objects.get(code="verifikasi-domain")

    page = html.fromstring(client_for("kabid.ti").get(f"/sop/{sop.pk}/").content)

    (section,) = page.xpath("//div[@id='dokumen-rujukan']")
    assert section.xpath("string(h3)") == "Dokumen rujukan"
    assert section.xpath(".//li/@data-rujukan") == [
        "permen-domain",
        "daftar-periksa",
        "templat-ba",
        "panduan-dns",
    ]
    assert section.xpath(".//a/@href") == [LINK]
    notes = {
        row.get("data-step"): " ".join(" ".join(row.xpath("td[last()]//text()")).split())
        for row in page.xpath("//table[@id='alur-langkah']/tbody/tr")
    }
    assert notes == {
        "1": "",
        "2": "Rujukan: Permenkominfo Nomor 5 Tahun 2015 tentang Registrar Nama Domain Instansi; "
        "Daftar Periksa Verifikasi Subdomain",
        "3": "Subdomain aktif paling lambat esok hari. Rujukan: Templat Berita Acara Aktivasi "
        "Subdomain; Panduan Pengelolaan DNS Kabupaten",
    }


def test_the_page_of_an_sop_without_references_has_no_such_section(
    client_for, demo: SimpleNamespace
) -> None:
    sop = Sop.objects.filter(office=demo.sumbawa).exclude(code="verifikasi-domain").first()
    assert sop is not None

    page = html.fromstring(client_for("kabid.ti").get(f"/sop/{sop.pk}/").content)

    assert page.xpath("//div[@id='dokumen-rujukan']") == []
