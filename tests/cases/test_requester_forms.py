"""A form (formulir) the requester supplies: filled in with the request (not attached as a
file), required fields and types checked before anything is written, read at the next step,
filled in again on a return visit with what was recorded kept, and refused with the field
named when a value is wrong, from whichever caller it comes."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from casekit import WITA, pdf_bytes

from alur.cases import services
from alur.cases.forms import request_documents
from alur.cases.models import Case, Event
from alur.cases.services import Invalid
from alur.catalog.services import definition_of, sop_version_create
from alur.sop import CaseState

pytestmark = pytest.mark.django_db

SOP = Path(__file__).parent / "sops" / "formulir-pemohon.yaml"
FORM = "data-aplikasi"
AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
GOOD = {"nama-aplikasi": "SIMPEG", "tanggal-operasi": "2026-04-01"}


@pytest.fixture
def version(demo: SimpleNamespace):
    return sop_version_create(
        office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True
    )


def _letter() -> dict[str, tuple[io.BytesIO, str]]:
    return {"Surat Permohonan": (io.BytesIO(pdf_bytes("surat")), "surat.pdf")}


def _open(demo: SimpleNamespace, form: object, at: dt.datetime = AT) -> Case:
    return services.case_open(
        office=demo.sumbawa,
        sop_code="data-aplikasi",
        requester=demo.people["opd.bappeda"],
        title="Pendataan SIMPEG",
        data={FORM: form},
        uploads=_letter(),
        at=at,
    )


def _data(case: Case) -> dict[str, object]:
    case.refresh_from_db()
    return CaseState.from_json(case.state).to_json()["data"]


def test_the_request_fills_the_form_in_and_attaches_no_file_for_it(demo, version) -> None:
    definition = definition_of(version)
    first = definition.first_step

    assert [slot.name for slot in request_documents(first)] == ["Surat Permohonan"]
    assert [form.id for form in definition.forms_filled_at(first)] == [FORM]
    # The Kabid reads the requester's form at step 2: it is not theirs to fill in.
    assert definition.forms_filled_at(definition.steps[2]) == []

    case = _open(demo, GOOD)

    assert _data(case)[FORM] == GOOD
    assert case.tasks.get(step=2).status == "terbuka"


@pytest.mark.parametrize(
    ("form", "detail"),
    [
        ({"nama-aplikasi": "SIMPEG"}, "Formulir Data Aplikasi: Tanggal mulai beroperasi"),
        ({}, "Formulir Data Aplikasi: Nama aplikasi"),
        (
            {**GOOD, "tanggal-operasi": "31-02-2026"},
            "Formulir Data Aplikasi: Tanggal mulai beroperasi: '31-02-2026' bukan tanggal",
        ),
        (
            {**GOOD, "tanggal-operasi": "2026-02-31"},
            "Formulir Data Aplikasi: Tanggal mulai beroperasi: '2026-02-31' bukan tanggal",
        ),
        ({**GOOD, "alamat": "simpeg"}, "Formulir Data Aplikasi: Alamat aplikasi: 'simpeg' bukan"),
        ({**GOOD, "versi": "2"}, "Formulir Data Aplikasi: 'versi' bukan isian formulir ini."),
        (
            {**GOOD, "tanggal-operasi": 20260401},
            "Formulir Data Aplikasi: Tanggal mulai beroperasi: tulis sebagai teks.",
        ),
        ("SIMPEG", "Formulir Data Aplikasi: kirim isian formulir sebagai nama isian"),
    ],
)
def test_a_missing_or_wrong_value_is_refused_with_its_place_and_nothing_is_written(
    demo, version, form: object, detail: str
) -> None:
    with pytest.raises(Invalid) as refused:
        _open(demo, form)

    assert any(line.startswith(detail) for line in refused.value.details), refused.value.details
    assert not Case.objects.filter(sop_version=version).exists()
    assert not Event.objects.filter(case__sop_version=version).exists()


def test_a_return_visit_fills_the_form_in_again_and_keeps_what_was_not_changed(
    demo, version
) -> None:
    case = _open(demo, GOOD)
    kabid, opd = demo.people["kabid.ti"], demo.people["opd.bappeda"]
    case = services.task_act(
        case=case, step=2, actor=kabid, decision="tidak", at=AT + dt.timedelta(hours=1)
    )
    definition = definition_of(version)
    assert [form.id for form in definition.forms_filled_at(definition.steps[1])] == [FORM]
    assert case.tasks.get(step=1, visit=2).status == "terbuka"

    with pytest.raises(Invalid) as refused:
        services.task_act(
            case=case,
            step=1,
            actor=opd,
            data={FORM: {"tanggal-operasi": "besok"}},
            at=AT + dt.timedelta(hours=2),
        )
    assert refused.value.details[0].startswith("Formulir Data Aplikasi: Tanggal mulai beroperasi")

    case = services.task_act(
        case=case,
        step=1,
        actor=opd,
        data={FORM: {"alamat": "https://simpeg.sumbawakab.go.id"}},
        at=AT + dt.timedelta(hours=2),
    )

    assert _data(case)[FORM] == {**GOOD, "alamat": "https://simpeg.sumbawakab.go.id"}
    assert case.tasks.get(step=2, visit=2).status == "terbuka"
