"""The pages of a requirement that holds only under a condition: the request page shows the
Surat Kuasa and the kuasa's name as "(wajib bila Diajukan oleh = Kuasa)", with the data
attributes web/bila.js reads, and the server decides what is required."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import html

from alur.cases.models import Case
from alur.catalog.services import sop_version_create
from tests.conftest import PDF

pytestmark = pytest.mark.django_db

SOP = Path(__file__).parents[1] / "cases" / "sops" / "surat-kuasa.yaml"
PAGE = "/permohonan/baru/izin-kuasa/"
CONTROL = "form-permohonan-diajukan-oleh"


@pytest.fixture(autouse=True)
def _sop(demo: SimpleNamespace, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)


def _file(name: str) -> io.BytesIO:
    upload = io.BytesIO(PDF)
    upload.name = name
    return upload


def _text(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_the_request_page_shows_the_surat_kuasa_as_required_only_for_a_kuasa(client_for) -> None:
    page = html.fromstring(client_for("opd.bappeda").get(PAGE).content)

    (kuasa,) = page.xpath("//div[.//input[@data-document='Surat Kuasa']]")
    assert kuasa.get("data-bila-input") == CONTROL
    assert kuasa.get("data-bila-values") == '["Kuasa"]'
    assert _text(kuasa.xpath("label")[0]) == "Surat Kuasa (wajib bila Diajukan oleh = Kuasa)"
    (letter,) = page.xpath("//div[.//input[@data-document='Surat Permohonan']]")
    assert letter.get("data-bila-input") is None
    (name,) = page.xpath("//div[@id='bidang-form-permohonan-nama-kuasa']")
    assert name.get("data-bila-input") == CONTROL
    assert "(wajib bila Diajukan oleh = Kuasa)" in _text(name)
    assert page.xpath(f"//select[@name='{CONTROL}']/option/@value") == [
        "",
        "Pemohon sendiri",
        "Kuasa",
    ]
    assert page.xpath("//script[contains(@src, 'web/bila.js')]")
    assert not page.xpath("//script[not(@src)]")


def test_the_server_requires_the_surat_kuasa_only_for_a_kuasa(client_for) -> None:
    client = client_for("opd.bappeda")
    request = {"title": "Rekomendasi", "doc-0": _file("surat.pdf"), CONTROL: "Kuasa"}

    refused = client.post(PAGE, {**request, "form-permohonan-nama-kuasa": "Budi"})
    assert refused.status_code == 422
    assert "Surat Kuasa wajib dilampirkan karena Diajukan oleh = Kuasa." in _text(
        html.fromstring(refused.content)
    )
    assert not Case.objects.filter(sop_version__sop__code="izin-kuasa").exists()

    by_self = client.post(PAGE, {**request, CONTROL: "Pemohon sendiri", "doc-0": _file("s.pdf")})
    assert by_self.status_code == 302
    assert Case.objects.filter(sop_version__sop__code="izin-kuasa").count() == 1


def test_a_later_step_reads_the_condition_from_what_the_request_recorded(
    client_for, demo: SimpleNamespace
) -> None:
    requester = client_for("opd.bappeda")
    opened = requester.post(
        PAGE,
        {"title": "Rekomendasi", "doc-0": _file("surat.pdf"), CONTROL: "Pemohon sendiri"},
    )
    assert opened.status_code == 302

    page = html.fromstring(client_for("kabid.ti").get(opened["Location"]).content)

    (panel,) = page.xpath("//div[@id='aksi-2']")
    (kuasa,) = panel.xpath(".//div[.//input[@data-document='Surat Kuasa']]")
    assert kuasa.get("data-bila-input") is None
    assert _text(kuasa.xpath("label")[0]) == "Surat Kuasa (tidak wajib)"
    (need,) = panel.xpath(".//li[@data-document='Surat Kuasa']")
    assert _text(need.xpath("span[@class='need-state']")[0]) == "belum ada (tidak wajib)"
