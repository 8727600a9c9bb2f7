import datetime as dt
import re

import pytest

from alur.cases.models import Document
from alur.offices.models import Delegation, Role
from tests.cases.casekit import SOP5_DOCS, WITA, Desk, sop5_opened
from tests.conftest import PDF
from tests.web.conftest import LETTER


def test_the_case_page_shows_its_header_and_every_section(client_for, sop5_case) -> None:
    response = client_for("kadis.sumbawa").get(f"/permohonan/{sop5_case.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<h1 id="nomor-permohonan">{sop5_case.number}</h1>' in html
    assert 'id="status-permohonan" class="status status-berjalan" data-status="berjalan"' in html
    assert "Layanan Permohonan Pembuatan Aplikasi · versi 1" in html
    assert "Badan Perencanaan Pembangunan Daerah Kabupaten Sumbawa" in html
    for section in ("langkah", "kunjungan", "dokumen", "terkait", "catatan"):
        assert f'<section id="{section}"' in html
    assert '<tr data-step="2" class="kind-proses current">' in html
    assert '<tr data-step="1" data-visit="1"' in html
    assert '<tr data-step="2" data-visit="1"' in html


def test_the_document_versions_link_to_their_download(client_for, sop5_case) -> None:
    document = Document.objects.get(case=sop5_case)

    html = client_for("kabid.ti").get(f"/permohonan/{sop5_case.pk}/").content.decode()

    assert (
        f'<a href="/permohonan/{sop5_case.pk}/dokumen/{document.pk}/" '
        f'data-document="{LETTER}" data-version="1">surat.pdf</a>'
    ) in html
    assert document.sha256[:12] in html


def test_the_kadis_gets_the_action_panel_and_the_kabid_does_not(client_for, sop5_case) -> None:
    kadis = client_for("kadis.sumbawa").get(f"/permohonan/{sop5_case.pk}/").content.decode()
    kabid = client_for("kabid.ti").get(f"/permohonan/{sop5_case.pk}/").content.decode()

    assert 'id="aksi-2"' in kadis
    assert f'<li data-document="{LETTER}" class="ada">' in kadis
    assert '<li data-document="Disposisi Dinas" class="kurang">' in kadis
    assert '<input type="file" name="doc-1" data-document="Disposisi Dinas"' in kadis
    assert f'name="version" value="{sop5_case.version}"' in kadis
    assert 'id="aksi-2"' not in kabid


def test_a_document_downloads_as_an_attachment_with_its_original_name(
    client_for, sop5_case
) -> None:
    document = Document.objects.get(case=sop5_case)

    response = client_for("opd.bappeda").get(f"/permohonan/{sop5_case.pk}/dokumen/{document.pk}/")

    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="surat.pdf"'
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("outsider", ["kadis.batam", "opd.disdukcapil", "opd.dikbud"])
def test_an_outsider_gets_not_found_for_the_page_and_the_download(
    client_for, sop5_case, outsider
) -> None:
    client = client_for(outsider)
    document = Document.objects.get(case=sop5_case)

    assert client.get(f"/permohonan/{sop5_case.pk}/").status_code == 404
    assert client.get(f"/permohonan/{sop5_case.pk}/dokumen/{document.pk}/").status_code == 404


def test_a_document_of_another_case_is_not_found_under_this_one(
    client_for, sop5_case, late_sop5_case
) -> None:
    other = Document.objects.get(case=late_sop5_case)

    response = client_for("kadis.sumbawa").get(f"/permohonan/{sop5_case.pk}/dokumen/{other.pk}/")

    assert response.status_code == 404


def test_the_case_list_shows_visible_cases_and_filters_by_status(
    client_for, sop5_case, demo
) -> None:
    client = client_for("opd.bappeda")

    running = client.get("/permohonan/?status=berjalan").content.decode()
    finished = client.get("/permohonan/?status=selesai").content.decode()

    assert f'<tr data-case="{sop5_case.number}">' in running
    assert f'<tr data-case="{sop5_case.number}">' not in finished
    assert 'data-case="' not in client_for("opd.dikbud").get("/permohonan/").content.decode()


def test_the_case_page_names_a_plh_beside_the_person_who_acted(
    client_for, demo, settings, tmp_path
) -> None:
    """Kabid TI completes step 2 as Plh of the Kadis: the visit and the event of the completion
    say so beside the name; the events that were no act of the Plh do not."""
    settings.MEDIA_ROOT = tmp_path / "media"
    Delegation.objects.create(
        role=Role.objects.get(office=demo.sumbawa, code="kadis"),
        delegate=demo.people["kabid.ti"],
        kind=Delegation.Kind.PLH,
        starts=dt.date(2026, 3, 2),
        ends=dt.date(2026, 3, 6),
    )
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA))
    case = sop5_opened(desk, demo.sumbawa)
    desk.act(case, 2, "kabid.ti", docs=SOP5_DOCS[2])

    html = client_for("kadis.sumbawa").get(f"/permohonan/{case.pk}/").content.decode()

    plh = (
        'Kabid TI Sumbawa <span class="acted-as muted small">(Plh. Kepala Dinas Komunikasi '
        "Informatika Statistik dan Persandian)</span>"
    )
    visit = re.search(r'<tr data-step="2" data-visit="1".*?</tr>', html, re.DOTALL)
    completions = re.findall(r'<tr data-seq="\d+" data-kind="step.completed">.*?</tr>', html, re.S)
    step_2 = [row for row in completions if 'data-label="Langkah">2</td>' in row]
    assert visit is not None and plh in visit.group()
    assert len(step_2) == 1 and plh in step_2[0]
    assert html.count('class="acted-as') == 2
