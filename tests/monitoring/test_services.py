"""The form's services: who may open it, correcting and signing, the signed PDF and the XLSX read
back, a signed form never changing (a new version instead), refusals that change nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from types import SimpleNamespace

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from openpyxl import load_workbook
from pypdf import PdfReader

from alur.cases.services import Invalid, NotAllowed
from alur.cli import main
from alur.monitoring import exports, selectors, services
from alur.monitoring.models import MonitoringEvent, MonitoringRecord, MonitoringRow
from alur.monitoring.services import RowInput
from tests.cases.casekit import WITA, record_writable
from tests.monitoring.halfyear import OPENED_AT

NIP = "197503122000031004"
SIGNED_AT = dt.datetime(2026, 7, 14, 10, 0, tzinfo=WITA)
ACTION_2 = "Kepala Dinas menetapkan Plh saat dinas luar agar disposisi tidak tertunda."
NOTE_8 = "Repositori kode tersedia; langkah berjalan sesuai SOP."


@pytest.fixture
def record(half_year: SimpleNamespace) -> MonitoringRecord:
    return services.monitoring_open(
        sop=half_year.sop, year=2026, half=1, actor=half_year.people["kadis.sumbawa"], at=OPENED_AT
    )


def _state(record: MonitoringRecord) -> tuple[object, ...]:
    """Everything a refused action must leave as it was."""
    fresh = MonitoringRecord.objects.get(pk=record.pk)
    return (
        MonitoringRecord.objects.count(),
        fresh.signed_at,
        fresh.assessor_id,
        fresh.document.name,
        list(
            MonitoringRow.objects.filter(record=record).values_list("assessment", "note", "action")
        ),
        list(MonitoringEvent.objects.values_list("record_id", "kind")),
    )


def _stored(record: MonitoringRecord) -> bytes:
    name = MonitoringRecord.objects.get(pk=record.pk).document.name
    with default_storage.open(name, "rb") as file:
        return bytes(file.read())


def _correct(world: SimpleNamespace, record: MonitoringRecord, who: str = "kabid.ti") -> None:
    row_8 = record.rows.get(no=8)
    services.monitoring_rows_save(
        record=record,
        actor=world.people[who],
        rows={
            2: RowInput(MonitoringRow.Assessment.NOT_GOOD, record.rows.get(no=2).note, ACTION_2),
            8: RowInput(row_8.assessment, NOTE_8, ""),
        },
        at=OPENED_AT + dt.timedelta(hours=1),
    )


def _sign(world: SimpleNamespace, record: MonitoringRecord, who: str = "kadis.sumbawa") -> None:
    services.monitoring_sign(
        record=record,
        actor=world.people[who],
        name="Kepala DKISP Sumbawa",
        nip=NIP,
        confirmed=True,
        at=SIGNED_AT,
    )


@pytest.mark.parametrize("who", ["kadis.sumbawa", "kabid.ti", "kasi.aplikasi"])
def test_the_office_heads_open_the_form(half_year: SimpleNamespace, who: str) -> None:
    record = services.monitoring_open(
        sop=half_year.sop, year=2026, half=1, actor=half_year.people[who], at=OPENED_AT
    )

    assert (record.version, record.sop_version.number, record.created_by.username) == (1, 1, who)
    assert list(record.events.values_list("kind", "actor__username", "data")) == [
        ("monitoring.record.opened", who, {"year": 2026, "half": 1})
    ]


@pytest.mark.parametrize("who", ["dev.sumbawa", "opd.bappeda", "kadis.batam"])
def test_people_who_head_nothing_here_are_refused_and_nothing_is_made(
    half_year: SimpleNamespace, who: str
) -> None:
    with pytest.raises(NotAllowed) as refused:
        services.monitoring_open(
            sop=half_year.sop, year=2026, half=1, actor=half_year.people[who], at=OPENED_AT
        )

    assert refused.value.message == (
        "Formulir monitoring SOP diisi dan ditandatangani oleh kepala dinas, kepala bidang atau "
        "kepala seksi Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Sumbawa; "
        "Anda tidak memegang jabatan itu."
    )
    assert (MonitoringRecord.objects.count(), MonitoringEvent.objects.count()) == (0, 0)


def test_a_period_not_begun_and_a_second_form_for_a_period_are_refused(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    kadis = half_year.people["kadis.sumbawa"]
    before = _state(record)

    with pytest.raises(Invalid) as future:
        services.monitoring_open(sop=half_year.sop, year=2027, half=1, actor=kadis, at=OPENED_AT)
    with pytest.raises(Invalid) as again:
        services.monitoring_open(sop=half_year.sop, year=2026, half=1, actor=kadis, at=OPENED_AT)

    assert future.value.message == (
        "Semester I (Januari–Juni) 2027 belum dimulai; pilih semester yang sedang berjalan "
        "atau yang lalu."
    )
    assert again.value.message == (
        "Formulir monitoring Semester I (Januari–Juni) 2026 untuk SOP ini sudah ada."
    )
    assert _state(record) == before


def test_the_assessor_corrects_rows_and_the_change_is_recorded(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    proposed_2 = record.rows.get(no=2).note
    proposed_8 = record.rows.get(no=8).note

    _correct(half_year, record)

    row_2, row_8 = record.rows.get(no=2), record.rows.get(no=8)
    assert (row_2.assessment, row_2.note, row_2.action, row_2.corrected) == (
        "tidak_baik",
        proposed_2,
        ACTION_2,
        False,
    )
    assert (row_8.assessment, row_8.note, row_8.proposed_note, row_8.corrected) == (
        "baik",
        NOTE_8,
        proposed_8,
        True,
    )
    saved = record.events.get(kind="monitoring.rows.saved")
    assert (saved.actor.username, saved.at) == ("kabid.ti", OPENED_AT + dt.timedelta(hours=1))
    assert saved.data == {
        "changes": [
            {
                "no": 2,
                "before": {"penilaian": "tidak_baik", "catatan": proposed_2, "tindakan": ""},
                "after": {"penilaian": "tidak_baik", "catatan": proposed_2, "tindakan": ACTION_2},
            },
            {
                "no": 8,
                "before": {"penilaian": "baik", "catatan": proposed_8, "tindakan": ""},
                "after": {"penilaian": "baik", "catatan": NOTE_8, "tindakan": ""},
            },
        ]
    }


def test_rows_that_do_not_exist_or_a_wrong_assessment_are_refused_whole(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    before = _state(record)

    with pytest.raises(Invalid) as refused:
        services.monitoring_rows_save(
            record=record,
            actor=half_year.people["kabid.ti"],
            rows={
                1: RowInput("baik", "Catatan baru", ""),
                3: RowInput("sedang", "", ""),
                18: RowInput("baik", "", ""),
            },
            at=OPENED_AT,
        )

    assert refused.value.details == [
        "Baris 3: penilaian harus 'Berjalan dengan baik' atau 'Tidak berjalan dengan baik'.",
        "Baris 18 tidak ada pada formulir ini.",
    ]
    assert _state(record) == before


def test_signing_asks_for_every_assessment_an_action_where_not_good_a_nip_and_the_confirmation(
    half_year: SimpleNamespace,
) -> None:
    record = services.monitoring_open(
        sop=half_year.sop,
        year=2026,
        half=2,
        actor=half_year.people["kadis.sumbawa"],
        at=OPENED_AT,
    )
    before = _state(record)

    with pytest.raises(Invalid) as refused:
        services.monitoring_sign(
            record=record,
            actor=half_year.people["kadis.sumbawa"],
            name="  ",
            nip="1975 0312",
            confirmed=False,
            at=SIGNED_AT,
        )

    assert refused.value.message == "Formulir belum dapat ditandatangani."
    assert refused.value.details == [
        "Nama penilai wajib diisi.",
        "NIP harus 18 angka, mis. 198001012005011001.",
        "Penilaian belum diisi pada baris: " + ", ".join(str(n) for n in range(3, 18)) + ".",
        "Tindakan yang harus diambil belum diisi pada baris yang tidak berjalan dengan baik: 2.",
        "Centang pernyataan bahwa penilaian ini benar sebelum menandatangani.",
    ]
    assert _state(record) == before
    assert not default_storage.exists(f"monitoring/{half_year.office.pk}")


def test_the_signed_form_is_a_pdf_stored_under_its_sha256_with_the_rows_and_the_signature(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    _correct(half_year, record)

    _sign(half_year, record)

    record.refresh_from_db()
    assert (record.assessor.username, record.assessor_name, record.assessor_nip) == (
        "kadis.sumbawa",
        "Kepala DKISP Sumbawa",
        NIP,
    )
    assert (record.assessor_position, record.signed_at) == ("Kepala Dinas", SIGNED_AT)
    content = _stored(record)
    assert record.document_sha256 == hashlib.sha256(content).hexdigest()
    assert record.document.name == (
        f"monitoring/{half_year.office.pk}/{half_year.sop.pk}/{record.document_sha256}.pdf"
    )
    assert record.document_size == len(content)
    signed = record.events.get(kind="monitoring.record.signed")
    assert signed.data == {
        "name": "Kepala DKISP Sumbawa",
        "nip": NIP,
        "sha256": record.document_sha256,
    }
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    lines = [line.strip() for line in text.splitlines()]
    for expected in (
        "FORMULIR MONITORING SOP",
        "Pemerintah : Pemerintah Kabupaten Sumbawa",
        "Nama SOP : Layanan Permohonan Pembuatan Aplikasi",
        "Nomor SOP : 555/568/DKIST/2021",
        "Periode : Semester I (Januari–Juni) 2026",
        "Versi formulir : 1",
        "Sumbawa Besar, 14 Juli 2026",
        "Penilai,",
        "Kepala Dinas",
        "Kepala DKISP Sumbawa",
        f"NIP {NIP}",
    ):
        assert expected in lines, expected
    flat = " ".join(text.split())
    assert "DRAF" not in flat
    assert flat.count("Tidak berjalan dengan baik") == 1
    assert flat.count("Berjalan dengan baik") == 16
    assert flat.count(" KDS") == 17  # the assessor's paraf on every row
    assert " ".join(ACTION_2.split()) in flat
    assert NOTE_8 in flat


def test_a_signed_form_cannot_be_changed_or_signed_again(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    _correct(half_year, record)
    _sign(half_year, record)
    before = _state(record)
    stored = _stored(record)

    with pytest.raises(Invalid) as change:
        _correct(half_year, record, who="kadis.sumbawa")
    with pytest.raises(Invalid) as sign:
        _sign(half_year, record, who="kabid.ti")

    message = (
        "Formulir versi 1 sudah ditandatangani dan tidak dapat diubah; buat versi baru untuk "
        "memperbaikinya."
    )
    assert (change.value.message, sign.value.message) == (message, message)
    assert _state(record) == before
    assert _stored(record) == stored


def test_a_correction_after_signing_is_a_new_version_and_the_signed_one_stays(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    _correct(half_year, record)
    _sign(half_year, record)
    signed_rows = list(record.rows.values_list("no", "assessment", "note", "action"))
    kabid = half_year.people["kabid.ti"]

    revision = services.monitoring_revise(record=record, actor=kabid, at=SIGNED_AT)

    assert (revision.version, revision.revises_id, revision.signed_at) == (2, record.pk, None)
    assert list(revision.rows.values_list("no", "assessment", "note", "action")) == signed_rows
    assert list(revision.events.values_list("kind", "data")) == [
        ("monitoring.record.revised", {"revises": 1})
    ]
    services.monitoring_rows_save(
        record=revision,
        actor=kabid,
        rows={8: RowInput("baik", "Diperbaiki pada versi 2.", "")},
        at=SIGNED_AT,
    )
    assert record.rows.get(no=8).note == NOTE_8
    assert revision.rows.get(no=8).note == "Diperbaiki pada versi 2."
    with pytest.raises(Invalid) as twice:
        services.monitoring_revise(record=record, actor=kabid, at=SIGNED_AT)
    with pytest.raises(Invalid) as unsigned:
        services.monitoring_revise(record=revision, actor=kabid, at=SIGNED_AT)
    assert twice.value.message == "Versi 2 formulir ini sudah dibuat."
    assert unsigned.value.message == "Formulir versi 2 belum ditandatangani; ubah saja barisnya."
    assert MonitoringRecord.objects.count() == 2


def test_the_form_as_xlsx_has_the_guidelines_columns_and_the_signature(
    half_year: SimpleNamespace, record: MonitoringRecord
) -> None:
    _correct(half_year, record)
    _sign(half_year, record)
    record.refresh_from_db()

    content = exports.form_xlsx(selectors.form_context(record, list(record.rows.order_by("no"))))

    sheet = load_workbook(io.BytesIO(content)).active
    values = [
        [cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)
    ]
    assert values[:6] == [
        ["FORMULIR MONITORING SOP"],
        ["Nama SOP", "Layanan Permohonan Pembuatan Aplikasi"],
        ["Nomor SOP", "555/568/DKIST/2021"],
        ["Instansi", "Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Sumbawa"],
        ["Periode", "Semester I (Januari–Juni) 2026"],
        ["Versi formulir", 1],
    ]
    assert values[7] == [
        "No",
        "Prosedur",
        "Penilaian",
        "Catatan hasil penilaian",
        "Tindakan yang harus diambil",
        "Paraf penilai",
    ]
    assert values[9] == [
        2,
        "Kepala Dinas mendisposisikan surat ke Kepala Bidang TI.",
        "Tidak berjalan dengan baik",
        record.rows.get(no=2).note,
        ACTION_2,
        "KDS",
    ]
    assert len(values[8:25]) == 17
    assert values[26:] == [
        ["Penilai", "Kepala DKISP Sumbawa"],
        ["NIP", NIP],
        ["Jabatan", "Kepala Dinas"],
        ["Tanggal", "14 Juli 2026"],
        ["SHA-256 PDF", record.document_sha256],
    ]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigger is PostgreSQL's; SQLite, the embedded default, has none",
)
def test_a_forms_record_refuses_update_and_delete_on_postgresql(
    record: MonitoringRecord,
) -> None:
    events = MonitoringEvent.objects.filter(record=record)
    before = list(events.values_list("pk", "kind", "data"))
    assert before

    for change in (lambda: events.update(kind="diubah"), lambda: events.delete()):
        with pytest.raises(IntegrityError) as refused, transaction.atomic():
            change()
        assert str(refused.value).startswith("catatan formulir monitoring hanya bisa ditambah: ")

    assert list(events.values_list("pk", "kind", "data")) == before


def test_a_forms_record_changed_or_cut_in_the_database_is_named_by_audit_verify(
    record: MonitoringRecord, capsys: pytest.CaptureFixture[str]
) -> None:
    label = f"{record.sop.code} 2026/1 v1"
    services.monitoring_rows_save(
        record=record,
        actor=record.created_by,
        rows={8: RowInput("baik", NOTE_8, "")},
        at=OPENED_AT + dt.timedelta(hours=1),
    )
    assert main(["audit", "verify"]) == 0
    capsys.readouterr()
    events = MonitoringEvent.objects.filter(record=record)
    with record_writable():
        events.filter(seq=1).update(data={"year": 2026, "half": 2})
        changed = main(["audit", "verify"])
        changed_out = capsys.readouterr().out
        events.filter(seq=1).update(data={"year": 2026, "half": 1})
        events.filter(seq=2).delete()
        cut = main(["audit", "verify"])
        cut_out = capsys.readouterr().out

    assert changed == 1
    assert (
        f"formulir monitoring {label}: rantai putus di catatan #1 "
        "(isi catatan diubah setelah ditulis)\n"
    ) in changed_out
    assert "1 formulir monitoring: rantai putus.\n" in changed_out
    assert cut == 1
    assert f"formulir monitoring {label}: rantai putus di catatan #2 (catatan terakhir hilang" in (
        cut_out
    )
