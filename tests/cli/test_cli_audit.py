"""`alur audit verify` checks every case's hash-chained record and names the first broken link."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from alur.cases import audit, checkpoints, services
from alur.cases.models import Case, Document, Event, Task
from alur.cli import main
from tests.cases.casekit import record_writable


@pytest.fixture(autouse=True)
def _as_database_owner(demo: SimpleNamespace) -> Iterator[None]:
    """These tests change the record as its database's owner could (casekit.record_writable)."""
    with record_writable():
        yield


@pytest.fixture
def case(demo: SimpleNamespace, pdf: Callable[[str], tuple[object, str]]) -> Case:
    """A Bappeda request for SOP 5: its record holds several events."""
    return services.case_open(
        office=demo.sumbawa,
        sop_code="permohonan-pembuatan-aplikasi",
        requester=demo.people["opd.bappeda"],
        title="Aplikasi e-Perencanaan",
        uploads={"Surat Permohonan Pembuatan Aplikasi": pdf("surat")},
    )


def test_an_intact_record_passes(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify"]) == 0

    assert capsys.readouterr().out == (
        "belum ada titik periksa bertanda tangan: rantai diperiksa tanpa pembanding.\n"
        "1 permohonan diperiksa: rantai utuh.\n"
    )


def test_an_event_changed_after_it_was_written_is_named(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    Event.objects.filter(case=case, seq=2).update(note="diubah diam-diam")

    assert main(["audit", "verify"]) == 1

    assert "".join(capsys.readouterr().out.splitlines(keepends=True)[1:]) == (
        f"permohonan {case.number}: rantai putus di catatan #2 "
        "(isi catatan diubah setelah ditulis)\n"
        "1 permohonan diperiksa: 1 rantai putus.\n"
    )


def test_a_removed_event_is_named(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    Event.objects.filter(case=case, seq=2).delete()

    assert main(["audit", "verify"]) == 1

    assert capsys.readouterr().out.splitlines()[1] == (
        f"permohonan {case.number}: rantai putus di catatan #2 "
        "(catatan hilang atau urutannya diubah)"
    )


def test_a_removed_last_event_is_named(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    last = Event.objects.filter(case=case).order_by("-seq").first()
    assert last is not None
    last.delete()

    assert main(["audit", "verify"]) == 1

    assert capsys.readouterr().out.splitlines()[1] == (
        f"permohonan {case.number}: rantai putus di catatan #{last.seq} "
        "(catatan terakhir hilang atau penanda rantai pada permohonan diubah)"
    )


def test_only_the_broken_case_is_named_among_intact_ones(
    case: Case,
    demo: SimpleNamespace,
    pdf: Callable[[str], tuple[object, str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    other = services.case_open(
        office=demo.sumbawa,
        sop_code="permohonan-pembuatan-aplikasi",
        requester=demo.people["opd.dikbud"],
        title="Aplikasi PPDB",
        uploads={"Surat Permohonan Pembuatan Aplikasi": pdf("surat")},
    )
    Event.objects.filter(case=other, seq=1).update(kind="case.changed")

    assert main(["audit", "verify"]) == 1

    assert "".join(capsys.readouterr().out.splitlines(keepends=True)[1:]) == (
        f"permohonan {other.number}: rantai putus di catatan #1 "
        "(isi catatan diubah setelah ditulis)\n"
        "2 permohonan diperiksa: 1 rantai putus.\n"
    )


def _rewrite_with_the_key(case: Case, seq: int, note: str) -> None:
    """What someone holding the database and the HMAC key can do: change an event and hash
    the chain again from it with the app's own function."""
    prev = Event.objects.get(case=case, seq=seq).prev_hash
    for event in Event.objects.filter(case=case, seq__gte=seq).order_by("seq"):
        if event.seq == seq:
            event.note = note
        event.prev_hash = prev
        event.hash = audit.chain_hash(prev, event)
        Event.objects.filter(pk=event.pk).update(note=event.note, prev_hash=prev, hash=event.hash)
        prev = event.hash
    Case.objects.filter(pk=case.pk).update(last_event_hash=prev)


def test_a_checkpoint_is_written_and_an_intact_record_passes_against_it(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "checkpoint"]) == 0
    name = capsys.readouterr().out.removeprefix("Titik periksa ditulis: ").strip()

    assert main(["audit", "verify"]) == 0

    assert capsys.readouterr().out == (
        f"dibandingkan dengan titik periksa {name} (1 permohonan).\n"
        "1 permohonan diperiksa: rantai utuh.\n"
    )


def test_a_chain_rewritten_with_the_key_after_a_checkpoint_is_named(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["audit", "checkpoint"])
    head = Event.objects.filter(case=case).count()
    _rewrite_with_the_key(case, 2, "diubah diam-diam")
    assert audit.verify_case(Case.objects.get(pk=case.pk)) is None  # the key alone hides it
    capsys.readouterr()

    assert main(["audit", "verify"]) == 1

    assert capsys.readouterr().out.splitlines()[1] == (
        f"permohonan {case.number}: rantai putus di catatan #{head} "
        "(rantai ditulis ulang setelah titik periksa bertanda tangan)"
    )


def test_a_chain_cut_shorter_than_its_checkpoint_is_named(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["audit", "checkpoint"])
    last = Event.objects.filter(case=case).order_by("-seq").first()
    assert last is not None
    last.delete()
    Case.objects.filter(pk=case.pk).update(last_event_hash=last.prev_hash)
    capsys.readouterr()

    assert main(["audit", "verify"]) == 1

    assert capsys.readouterr().out.splitlines()[1] == (
        f"permohonan {case.number}: rantai putus di catatan #{last.seq} "
        "(rantai ditulis ulang setelah titik periksa bertanda tangan)"
    )


def test_a_forged_checkpoint_is_named_and_fails_the_check(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["audit", "checkpoint"])
    name = capsys.readouterr().out.removeprefix("Titik periksa ditulis: ").strip()
    with default_storage.open(name, "rb") as stored:
        document = json.loads(stored.read())
    document["body"]["heads"][0][2] = 1
    later = name.replace(".json", "9.json")
    default_storage.save(later, ContentFile(json.dumps(document).encode()))

    assert main(["audit", "verify"]) == 1

    assert capsys.readouterr().out == (
        f"titik periksa {later}: tanda tangan tidak sah atau berkas rusak\n"
        "1 permohonan diperiksa: rantai utuh.\n"
    )


def test_checkpoints_are_added_never_written_over(case: Case) -> None:
    at = timezone.now()

    names = [checkpoints.checkpoint_write(now=at), checkpoints.checkpoint_write(now=at)]

    assert names[0] != names[1]
    assert checkpoints.checkpoint_newest() is not None
    assert sorted(default_storage.listdir("checkpoints")[1]) == sorted(
        name.removeprefix("checkpoints/") for name in names
    )


def test_the_worker_writes_a_checkpoint_when_one_is_due_and_the_record_changed(
    case: Case, demo: SimpleNamespace, pdf: Callable[[str], tuple[object, str]]
) -> None:
    at = timezone.now()
    first = checkpoints.checkpoint_due_write(now=at)
    unchanged = checkpoints.checkpoint_due_write(now=at + dt.timedelta(hours=1))
    services.case_open(
        office=demo.sumbawa,
        sop_code="permohonan-pembuatan-aplikasi",
        requester=demo.people["opd.dikbud"],
        title="Aplikasi PPDB",
        uploads={"Surat Permohonan Pembuatan Aplikasi": pdf("surat")},
    )
    too_soon = checkpoints.checkpoint_due_write(now=at + dt.timedelta(minutes=5))
    due = checkpoints.checkpoint_due_write(now=at + dt.timedelta(minutes=15))

    assert (first is not None, unchanged, too_soon, due is not None) == (True, None, None, True)
    newest = checkpoints.checkpoint_newest()
    assert newest is not None and sorted(newest.pins) == sorted(
        Case.objects.values_list("pk", flat=True)
    )


def test_a_checkpoint_signed_on_another_machine_is_named_with_both_keys(
    case: Case, settings: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    here = checkpoints.fingerprint(checkpoints.public_key())
    settings.CHECKPOINT_SIGNING_KEY_FILE = tmp_path / "mesin-lain.pem"
    name = checkpoints.checkpoint_write(now=timezone.now())
    there = checkpoints.fingerprint(checkpoints.public_key())
    settings.CHECKPOINT_SIGNING_KEY_FILE = tmp_path / "checkpoint_signing_key.pem"

    assert main(["audit", "verify"]) == 1

    assert capsys.readouterr().out == (
        f"titik periksa {name}: ditandatangani kunci lain (sidik {there}), bukan kunci yang "
        f"dipakai di sini (sidik {here}); setiap mesin instalasi memakai berkas kunci yang "
        "sama (ALUR_CHECKPOINT_SIGNING_KEY_FILE)\n"
        "1 permohonan diperiksa: rantai utuh.\n"
    )
    assert here != there


def test_the_worker_does_not_sign_a_chain_rewritten_after_the_newest_checkpoint(
    case: Case, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    at = timezone.now()
    first = checkpoints.checkpoint_due_write(now=at)
    _rewrite_with_the_key(case, 2, "diubah diam-diam")

    later = checkpoints.checkpoint_due_write(now=at + dt.timedelta(hours=1))

    assert (first is not None, later) == (True, None)
    assert checkpoints.checkpoint_newest().name == first  # type: ignore[union-attr]
    assert f"the record no longer extends {first} ({case.number} #" in caplog.text
    assert main(["audit", "verify"]) == 1  # and the newest still names the rewrite
    assert "rantai ditulis ulang setelah titik periksa" in capsys.readouterr().out


def test_alur_audit_checkpoint_refuses_to_pin_a_rewritten_chain(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["audit", "checkpoint"])
    first = capsys.readouterr().out.removeprefix("Titik periksa ditulis: ").strip()
    head = Event.objects.filter(case=case).count()
    _rewrite_with_the_key(case, 2, "diubah diam-diam")

    assert main(["audit", "checkpoint"]) == 1

    assert capsys.readouterr().err == (
        f"permohonan {case.number}: rantai putus di catatan #{head} "
        "(rantai ditulis ulang setelah titik periksa bertanda tangan)\n"
        f"alur audit checkpoint: catatan tidak lagi melanjutkan titik periksa {first}; "
        "tidak ada titik periksa yang ditulis\n"
    )
    assert default_storage.listdir("checkpoints")[1] == [first.removeprefix("checkpoints/")]


def test_the_worker_writes_nothing_over_a_newest_checkpoint_it_cannot_verify(
    case: Case, settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    at = timezone.now()
    settings.CHECKPOINT_SIGNING_KEY_FILE = tmp_path / "mesin-lain.pem"
    other = checkpoints.checkpoint_due_write(now=at)
    settings.CHECKPOINT_SIGNING_KEY_FILE = tmp_path / "checkpoint_signing_key.pem"

    assert checkpoints.checkpoint_due_write(now=at + dt.timedelta(hours=1)) is None

    assert other is not None
    assert f"the newest, {other}, does not verify with this machine's key" in caplog.text
    assert default_storage.listdir("checkpoints")[1] == [other.removeprefix("checkpoints/")]


def test_the_signing_key_is_generated_once_when_processes_race_for_it(
    settings: Any, tmp_path: Path
) -> None:
    settings.CHECKPOINT_SIGNING_KEY_FILE = tmp_path / "bersama" / "kunci.pem"
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        keys = list(pool.map(lambda _n: checkpoints.signing_key(), range(32)))

    assert len({checkpoints.fingerprint(key.public_key()) for key in keys}) == 1
    assert sorted(path.name for path in (tmp_path / "bersama").iterdir()) == ["kunci.pem"]


def _findings(capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["audit", "verify"]) == 1
    lines = capsys.readouterr().out.splitlines()
    return [line for line in lines if line.startswith("permohonan ")]


def test_a_visit_done_by_someone_else_in_the_database_is_named(
    case: Case, demo: SimpleNamespace, capsys: pytest.CaptureFixture[str]
) -> None:
    done = Task.objects.get(case=case, status=Task.Status.DONE)
    Task.objects.filter(pk=done.pk).update(done_by=demo.people["kadis.batam"])

    assert _findings(capsys) == [
        f"permohonan {case.number}: langkah {done.step} kunjungan {done.visit}: "
        "penyelesaian (waktu, pelaku atau keputusan) berbeda dengan catatan"
    ]


def test_a_visit_row_removed_or_marked_done_and_a_changed_status_are_named(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    done = Task.objects.get(case=case, status=Task.Status.DONE)
    waiting = Task.objects.filter(case=case, status=Task.Status.OPEN).first()
    assert waiting is not None
    Task.objects.filter(pk=done.pk).delete()
    Task.objects.filter(pk=waiting.pk).update(status=Task.Status.DONE)
    Case.objects.filter(pk=case.pk).update(status=Case.Status.FINISHED)

    assert _findings(capsys) == [
        f"permohonan {case.number}: langkah {done.step} kunjungan {done.visit}: "
        "baris kunjungan hilang",
        f"permohonan {case.number}: langkah {waiting.step} kunjungan {waiting.visit}: "
        "penyelesaian (waktu, pelaku atau keputusan) berbeda dengan catatan",
        f"permohonan {case.number}: status: status permohonan berbeda dengan catatan",
    ]


def test_a_documents_bytes_overwritten_in_the_storage_are_named(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    document = Document.objects.get(case=case)
    Path(document.file.path).write_bytes(b"%PDF-1.4\nisi lain\n%%EOF\n")

    assert _findings(capsys) == [
        f"permohonan {case.number}: dokumen {document.name} v1: "
        "isi berkas berubah (SHA-256 tidak cocok)"
    ]


def test_a_document_row_pointed_at_other_bytes_and_a_missing_file_are_named(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    document = Document.objects.get(case=case)
    other = default_storage.save("lain.pdf", ContentFile(b"%PDF-1.4\nlain\n%%EOF\n"))
    Document.objects.filter(pk=document.pk).update(
        file=other, sha256=hashlib.sha256(b"%PDF-1.4\nlain\n%%EOF\n").hexdigest()
    )
    first = _findings(capsys)
    Document.objects.filter(pk=document.pk).update(file=document.file.name, sha256=document.sha256)
    Path(document.file.path).unlink()

    assert first == [
        f"permohonan {case.number}: dokumen {document.name} v1: "
        "baris dokumen tidak tercatat dengan SHA-256 ini"
    ]
    assert _findings(capsys) == [
        f"permohonan {case.number}: dokumen {document.name} v1: berkas tidak ada di penyimpanan"
    ]


def test_the_quick_check_reads_the_rows_but_not_the_documents_bytes(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    document = Document.objects.get(case=case)
    Path(document.file.path).write_bytes(b"%PDF-1.4\nisi lain\n%%EOF\n")
    main(["audit", "checkpoint"])
    capsys.readouterr()

    assert main(["audit", "verify", "--since-checkpoint"]) == 0
    assert main(["audit", "verify"]) == 1
