"""Stored files in a private bucket of a real S3 server: a document uploaded through the page
lands in the bucket and comes back byte for byte through Alur's view, an object changed in the
bucket is refused on read, and letters and signed monitoring forms are kept there too."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from types import SimpleNamespace
from typing import Any

import pytest
from casekit import WITA, Desk
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alur.cases.models import Case, Document
from alur.letters import services as letter_services
from alur.letters.models import Letterhead
from alur.monitoring import services as monitoring_services
from alur.monitoring.models import MonitoringRecord, MonitoringRow
from alur.monitoring.services import RowInput
from tests.letters.letterkit import disposition, sop5_at_step_2
from tests.monitoring.halfyear import OPENED_AT, half_year_build

pytestmark = pytest.mark.s3

SOP5 = "permohonan-pembuatan-aplikasi"
LETTER = "Surat Permohonan Pembuatan Aplikasi"
# A small PDF of its own, so that its hash is no other test's.
PDF = b"%PDF-1.4\n% penyimpanan S3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _objects(server: Any, bucket: str) -> dict[str, bytes]:
    client = server.client()
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for item in listed
    }


def _signed_in(demo: SimpleNamespace, username: str) -> Client:
    client = Client()
    client.force_login(demo.people[username])
    return client


def _open_through_the_page(demo: SimpleNamespace) -> tuple[Client, Case, Document]:
    client = _signed_in(demo, "opd.bappeda")
    response = client.post(
        f"/permohonan/baru/{SOP5}/",
        {"title": "Aplikasi e-Perencanaan", "doc-0": SimpleUploadedFile("surat.pdf", PDF)},
    )
    assert response.status_code == 302, response.content.decode()
    case = Case.objects.get(title="Aplikasi e-Perencanaan")
    return client, case, Document.objects.get(case=case)


def test_a_document_uploaded_through_the_page_lands_in_the_bucket_and_comes_back_whole(
    demo: SimpleNamespace, s3_server: Any, s3_storage: str
) -> None:
    client, case, document = _open_through_the_page(demo)

    key = f"dokumen/{demo.sumbawa.pk}/{case.pk}/{hashlib.sha256(PDF).hexdigest()}"
    assert (document.file.name, document.sha256) == (key, hashlib.sha256(PDF).hexdigest())
    assert _objects(s3_server, s3_storage) == {key: PDF}
    response = client.get(f"/permohonan/{case.pk}/dokumen/{document.pk}/")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="surat.pdf"'
    assert b"".join(response.streaming_content) == PDF


def test_the_object_is_private_to_anyone_without_the_key(
    demo: SimpleNamespace, s3_server: Any, s3_storage: str
) -> None:
    _client, _case, document = _open_through_the_page(demo)
    import urllib.error
    import urllib.request

    url = f"{s3_server.endpoint}/{s3_storage}/{document.file.name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)  # noqa: S310 - our own test server
    assert refused.value.code == 403
    acl = s3_server.client().get_object_acl(Bucket=s3_storage, Key=document.file.name)
    public = "http://acs.amazonaws.com/groups/global/AllUsers"
    assert [g for g in acl["Grants"] if g["Grantee"].get("URI") == public] == []


def test_an_object_changed_in_the_bucket_is_refused_and_logged(
    demo: SimpleNamespace, s3_server: Any, s3_storage: str, caplog: pytest.LogCaptureFixture
) -> None:
    client, case, document = _open_through_the_page(demo)
    changed = PDF.replace(b"penyimpanan", b"PENYIMPANAN")
    s3_server.client().put_object(Bucket=s3_storage, Key=document.file.name, Body=changed)

    with caplog.at_level(logging.ERROR, logger="alur.storage"):
        response = client.get(f"/permohonan/{case.pk}/dokumen/{document.pk}/")

    assert response.status_code == 500
    assert response.headers["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert (
        "Berkas surat.pdf tidak diberikan: isinya di penyimpanan berubah sejak disimpan "
        "(SHA-256 tidak cocok). Hubungi pengelola Alur."
    ) in page
    assert changed.decode() not in page
    assert [r.getMessage() for r in caplog.records if r.name == "alur.storage"] == [
        f"stored file {document.file.name} was changed: SHA-256 "
        f"{hashlib.sha256(changed).hexdigest()}, recorded {document.sha256}"
    ]


def test_an_object_removed_from_the_bucket_is_refused(
    demo: SimpleNamespace, s3_server: Any, s3_storage: str
) -> None:
    client, case, document = _open_through_the_page(demo)
    s3_server.client().delete_object(Bucket=s3_storage, Key=document.file.name)

    response = client.get(f"/permohonan/{case.pk}/dokumen/{document.pk}/")

    assert response.status_code == 500
    assert (
        "Berkas surat.pdf tidak ditemukan di penyimpanan. Hubungi pengelola Alur."
        in response.content.decode()
    )


@pytest.fixture
def sumbawa_letterhead(demo: SimpleNamespace) -> SimpleNamespace:
    Letterhead.objects.update_or_create(
        office=demo.sumbawa,
        defaults={
            "government": "Pemerintah Kabupaten Sumbawa",
            "name": "Dinas Komunikasi Informatika Statistik dan Persandian",
            "address": "Jl. Garuda No. 1, Sumbawa Besar",
            "number_pattern": "{klasifikasi}/{seq:03d}/{unit}/{year}",
            "unit_code": "DKIST",
            "head_name": "Lalu Suharmaji",
            "head_position": "Kepala Dinas Komunikasi Informatika Statistik dan Persandian",
            "head_rank": "Pembina Utama Muda (IV/c)",
            "head_nip": "197105052001121002",
        },
    )
    return demo


def test_a_drafted_letter_is_stored_in_the_bucket(
    sumbawa_letterhead: SimpleNamespace, s3_server: Any, s3_storage: str
) -> None:
    desk = Desk(sumbawa_letterhead.people, dt.datetime(2026, 11, 23, 8, 0, tzinfo=WITA))
    case = sop5_at_step_2(desk, sumbawa_letterhead.sumbawa)

    letter = letter_services.letter_generate(
        case=case,
        step=2,
        actor=sumbawa_letterhead.people["kadis.sumbawa"],
        fields=disposition(case),
        at=desk.tick(case.office),
    )

    stored = _objects(s3_server, s3_storage)
    pdf = stored[letter.document.file.name]
    assert pdf.startswith(b"%PDF-")
    assert hashlib.sha256(pdf).hexdigest() == letter.document.sha256
    assert sorted(stored) == sorted(d.file.name for d in Document.objects.filter(case=case))


def test_a_signed_monitoring_form_is_stored_in_the_bucket_and_checked_on_download(
    demo: SimpleNamespace, s3_server: Any, s3_storage: str
) -> None:
    world = half_year_build(demo)
    kadis = world.people["kadis.sumbawa"]
    record = monitoring_services.monitoring_open(
        sop=world.sop, year=2026, half=1, actor=kadis, at=OPENED_AT
    )
    row_2, row_8 = record.rows.get(no=2), record.rows.get(no=8)
    monitoring_services.monitoring_rows_save(
        record=record,
        actor=kadis,
        rows={
            2: RowInput(MonitoringRow.Assessment.NOT_GOOD, row_2.note, "Plh saat dinas luar."),
            8: RowInput(row_8.assessment, "Repositori kode tersedia.", ""),
        },
        at=OPENED_AT + dt.timedelta(hours=1),
    )
    monitoring_services.monitoring_sign(
        record=record,
        actor=kadis,
        name="Kepala DKISP Sumbawa",
        nip="197503122000031004",
        confirmed=True,
        at=dt.datetime(2026, 7, 14, 10, 0, tzinfo=WITA),
    )
    record = MonitoringRecord.objects.get(pk=record.pk)
    stored = _objects(s3_server, s3_storage)
    assert hashlib.sha256(stored[record.document.name]).hexdigest() == record.document_sha256
    client = _signed_in(demo, "kadis.sumbawa")

    response = client.get(f"/monitoring/{record.pk}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored[record.document.name]

    s3_server.client().put_object(Bucket=s3_storage, Key=record.document.name, Body=b"%PDF-x")
    assert client.get(f"/monitoring/{record.pk}/pdf/").status_code == 500
