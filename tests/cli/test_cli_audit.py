"""`alur audit verify` checks every case's hash-chained record and names the first broken link."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest

from alur.cases import services
from alur.cases.models import Case, Event
from alur.cli import main


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

    assert capsys.readouterr().out == "1 permohonan diperiksa: rantai utuh.\n"


def test_an_event_changed_after_it_was_written_is_named(
    case: Case, capsys: pytest.CaptureFixture[str]
) -> None:
    Event.objects.filter(case=case, seq=2).update(note="diubah diam-diam")

    assert main(["audit", "verify"]) == 1

    assert capsys.readouterr().out == (
        f"permohonan {case.number}: rantai putus di catatan #2 "
        "(isi catatan diubah setelah ditulis)\n"
        "1 permohonan diperiksa: 1 rantai putus.\n"
    )


def test_a_removed_event_is_named(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    Event.objects.filter(case=case, seq=2).delete()

    assert main(["audit", "verify"]) == 1

    assert capsys.readouterr().out.splitlines()[0] == (
        f"permohonan {case.number}: rantai putus di catatan #2 "
        "(catatan hilang atau urutannya diubah)"
    )


def test_a_removed_last_event_is_named(case: Case, capsys: pytest.CaptureFixture[str]) -> None:
    last = Event.objects.filter(case=case).order_by("-seq").first()
    assert last is not None
    last.delete()

    assert main(["audit", "verify"]) == 1

    assert capsys.readouterr().out.splitlines()[0] == (
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

    assert capsys.readouterr().out == (
        f"permohonan {other.number}: rantai putus di catatan #1 "
        "(isi catatan diubah setelah ditulis)\n"
        "2 permohonan diperiksa: 1 rantai putus.\n"
    )
