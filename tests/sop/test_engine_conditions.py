"""Conditional requirements (bila): required only when their condition holds on the case's data."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from alur.sop import (
    CaseState,
    Condition,
    DataProblem,
    DocumentsMissing,
    Engine,
    condition_holds,
    condition_phrase,
    condition_text,
    load,
)
from tests.sop.conftest import FakeCalendar

WIB = ZoneInfo("Asia/Jakarta")
AT = datetime(2026, 3, 2, 8, 0, tzinfo=WIB)
SOP = load(Path(__file__).resolve().parents[1] / "cases" / "sops" / "surat-kuasa.yaml")
BY_KUASA = {"permohonan": {"diajukan-oleh": "Kuasa", "nama-kuasa": "Budi"}}
BY_SELF = {"permohonan": {"diajukan-oleh": "Pemohon sendiri"}}
FILED = ["Formulir Permohonan", "Surat Permohonan"]
"""What every request hands over: its form and its letter."""


def _started() -> tuple[Engine, CaseState]:
    engine = Engine(SOP, FakeCalendar())
    return engine, engine.start(at=AT).state


def test_a_conditional_document_is_refused_by_name_and_reason_when_its_condition_holds() -> None:
    engine, state = _started()
    with pytest.raises(DocumentsMissing) as refused:
        engine.complete(state, step=1, lane="opd", at=AT, data=BY_KUASA, provided=FILED)
    assert refused.value.message("id") == (
        "Surat Kuasa wajib dilampirkan karena Diajukan oleh = Kuasa. "
        "Lampirkan berkas tersebut, lalu ulangi."
    )
    assert refused.value.message("en") == (
        "Surat Kuasa must be attached because Diajukan oleh = Kuasa. Attach it and try again."
    )


def test_a_conditional_document_given_when_its_condition_holds_completes_the_step() -> None:
    engine, state = _started()
    done = engine.complete(
        state,
        step=1,
        lane="opd",
        at=AT,
        data=BY_KUASA,
        provided=[*FILED, "Surat Kuasa"],
    )
    assert [task.step for task in done.state.open_steps] == [2]


def test_a_conditional_document_is_not_needed_when_its_condition_does_not_hold() -> None:
    engine, state = _started()
    done = engine.complete(state, step=1, lane="opd", at=AT, data=BY_SELF, provided=FILED)
    assert [task.step for task in done.state.open_steps] == [2]


def test_the_condition_reads_the_data_recorded_at_an_earlier_step() -> None:
    engine, state = _started()
    state = engine.complete(
        state,
        step=1,
        lane="opd",
        at=AT,
        data=BY_KUASA,
        provided=[*FILED, "Surat Kuasa"],
    ).state
    with pytest.raises(DocumentsMissing) as refused:
        engine.complete(state, step=2, lane="kabid-ti", at=AT, decision="ya", provided=FILED)
    assert "Surat Kuasa wajib dilampirkan karena Diajukan oleh = Kuasa" in refused.value.message()


def test_a_missing_plain_document_lists_the_conditional_one_with_its_reason() -> None:
    engine, state = _started()
    with pytest.raises(DocumentsMissing) as refused:
        engine.complete(
            state, step=1, lane="opd", at=AT, data=BY_KUASA, provided=["Formulir Permohonan"]
        )
    assert refused.value.message("id") == (
        "Berkas untuk langkah 1 belum lengkap: Surat Permohonan, "
        "Surat Kuasa (wajib karena Diajukan oleh = Kuasa). Lampirkan berkas tersebut, lalu ulangi."
    )


def _at_step_3(data: dict[str, object]) -> tuple[Engine, CaseState]:
    engine, state = _started()
    provided = [*FILED, "Surat Kuasa"]
    state = engine.complete(state, step=1, lane="opd", at=AT, data=data, provided=provided).state
    state = engine.complete(
        state, step=2, lane="kabid-ti", at=AT, decision="ya", provided=provided
    ).state
    return engine, state


def test_a_conditional_step_field_is_required_when_the_field_it_names_is_filled_in() -> None:
    engine, state = _at_step_3(BY_KUASA)
    with pytest.raises(DataProblem) as refused:
        engine.complete(
            state,
            step=3,
            lane="kabid-ti",
            at=AT,
            data={"nomor-rekomendasi": "1/2026"},
            provided=["Surat Rekomendasi"],
        )
    assert refused.value.message("id") == (
        "Isian wajib langkah 3 belum diisi: "
        "Catatan atas surat kuasa (wajib karena Nama penerima kuasa terisi)."
    )


def test_a_conditional_step_field_is_not_required_when_its_condition_does_not_hold() -> None:
    engine, state = _at_step_3(BY_SELF)
    done = engine.complete(
        state,
        step=3,
        lane="kabid-ti",
        at=AT,
        data={"nomor-rekomendasi": "1/2026"},
        provided=["Surat Rekomendasi"],
    )
    assert done.state.open_steps == ()


@pytest.mark.parametrize(
    ("condition", "data", "holds"),
    [
        (Condition(isian="diajukan-oleh", sama_dengan="Kuasa"), BY_KUASA, True),
        (Condition(isian="diajukan-oleh", sama_dengan="Kuasa"), BY_SELF, False),
        (Condition(isian="diajukan-oleh", sama_dengan="Kuasa"), {}, False),
        (Condition(isian="diajukan-oleh", sama_dengan=["Kuasa", "Wali"]), BY_KUASA, True),
        (Condition(isian="nama-kuasa", terisi=True), BY_KUASA, True),
        (Condition(isian="nama-kuasa", terisi=True), BY_SELF, False),
        (Condition(isian="nama-kuasa", terisi=False), BY_SELF, True),
        (Condition(isian="nomor-rekomendasi", terisi=True), {"nomor-rekomendasi": " "}, False),
        (Condition(isian="nomor-rekomendasi", sama_dengan="1"), {"nomor-rekomendasi": "1"}, True),
    ],
)
def test_a_condition_holds_on_a_step_field_or_a_form_field(
    condition: Condition, data: dict[str, object], holds: bool
) -> None:
    assert condition_holds(SOP, condition, data) is holds


def test_a_condition_reads_with_the_field_label_in_messages_and_in_print() -> None:
    either = Condition(isian="diajukan-oleh", sama_dengan=["Kuasa", "Wali"])
    filled = Condition(isian="nama-kuasa", terisi=True)
    assert condition_text(SOP, either).id == "Diajukan oleh = Kuasa atau Wali"
    assert condition_text(SOP, either).en == "Diajukan oleh = Kuasa or Wali"
    assert condition_text(SOP, filled).en == "Nama penerima kuasa is filled in"
    assert condition_phrase(SOP, either) == "diajukan oleh kuasa atau wali"
    assert condition_phrase(SOP, filled) == "nama penerima kuasa terisi"
    assert condition_phrase(SOP, Condition(isian="x", sama_dengan="OPD")) == "x OPD"
