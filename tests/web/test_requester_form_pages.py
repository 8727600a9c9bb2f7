"""The pages of a form the requester supplies: the request page asks for its fields (not for a
file), a wrong date is a field error on the page with nothing written, and on a return visit the
requester's action panel shows the form again with what was recorded."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone
from lxml import html

from alur.cases import services
from alur.cases.models import Case
from alur.catalog.services import sop_version_create
from tests.conftest import PDF

pytestmark = pytest.mark.django_db

SOP = Path(__file__).parents[1] / "cases" / "sops" / "formulir-pemohon.yaml"
PAGE = "/permohonan/baru/data-aplikasi/"


@pytest.fixture(autouse=True)
def _sop(demo: SimpleNamespace, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)


def _letter() -> io.BytesIO:
    upload = io.BytesIO(PDF)
    upload.name = "surat.pdf"
    return upload


def _request(**form: str) -> dict[str, object]:
    return {"title": "Pendataan SIMPEG", "doc-0": _letter()} | {
        f"form-data-aplikasi-{name}": value for name, value in form.items()
    }


def test_the_request_page_asks_for_the_forms_fields_and_no_file_for_it(client_for) -> None:
    page = html.fromstring(client_for("opd.bappeda").get(PAGE).content)

    assert page.xpath("//input[@type='file']/@data-document") == ["Surat Permohonan"]
    (group,) = page.xpath("//fieldset[@data-form='data-aplikasi']")
    assert group.xpath("string(legend)").strip() == "Formulir Data Aplikasi"
    assert group.xpath(".//input/@name") == [
        "form-data-aplikasi-nama-aplikasi",
        "form-data-aplikasi-tanggal-operasi",
        "form-data-aplikasi-alamat",
    ]


def test_a_wrong_date_is_shown_at_its_field_and_nothing_is_written(client_for) -> None:
    client = client_for("opd.bappeda")

    response = client.post(
        PAGE, _request(**{"nama-aplikasi": "SIMPEG", "tanggal-operasi": "31-02-2026"})
    )

    assert response.status_code == 422
    text = " ".join(html.fromstring(response.content).text_content().split())
    assert "Formulir Data Aplikasi: Tanggal mulai beroperasi: Masukkan tanggal yang valid." in text
    assert not Case.objects.filter(sop_version__sop__code="data-aplikasi").exists()

    missing = client.post(PAGE, _request(**{"nama-aplikasi": "SIMPEG"}))
    assert missing.status_code == 422
    assert "Formulir Data Aplikasi: Tanggal mulai beroperasi" in missing.content.decode()
    assert not Case.objects.filter(sop_version__sop__code="data-aplikasi").exists()


def test_a_return_visit_shows_the_form_again_with_what_was_recorded(
    client_for, demo: SimpleNamespace
) -> None:
    requester = client_for("opd.bappeda")
    opened = requester.post(
        PAGE, _request(**{"nama-aplikasi": "SIMPEG", "tanggal-operasi": "2026-04-01"})
    )
    assert opened.status_code == 302
    case = Case.objects.get(sop_version__sop__code="data-aplikasi")
    services.task_act(
        case=case,
        step=2,
        actor=demo.people["kabid.ti"],
        decision="tidak",
        at=timezone.now() + dt.timedelta(minutes=1),
    )
    case.refresh_from_db()

    page = html.fromstring(requester.get(f"/permohonan/{case.pk}/").content)
    (panel,) = page.xpath("//*[@id='aksi-1']")
    assert panel.xpath(".//input[@name='form-data-aplikasi-nama-aplikasi']/@value") == ["SIMPEG"]
    assert panel.xpath(".//input[@name='form-data-aplikasi-tanggal-operasi']/@value") == [
        "2026-04-01"
    ]
    assert panel.xpath(".//input[@type='file']/@data-document") == ["Surat Permohonan"]

    answered = requester.post(
        f"/permohonan/{case.pk}/langkah/1/",
        {
            "version": case.version,
            "form-data-aplikasi-nama-aplikasi": "SIMPEG",
            "form-data-aplikasi-tanggal-operasi": "2026-05-04",
        },
    )

    assert answered.status_code in (200, 302)
    case.refresh_from_db()
    assert case.state["data"]["data-aplikasi"] == {
        "nama-aplikasi": "SIMPEG",
        "tanggal-operasi": "2026-05-04",
    }
    assert case.tasks.get(step=2, visit=2).status == "terbuka"
