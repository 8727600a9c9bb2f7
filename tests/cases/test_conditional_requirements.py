"""A requirement that holds only under a condition (bila): a Surat Kuasa only when the request
is filed by a kuasa. The services read the condition on the case's data (what earlier steps
recorded and what is sent now), refuse with the document and the reason named, and write
nothing when they refuse."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from casekit import WITA, pdf_bytes

from alur.cases import services
from alur.cases.forms import request_documents
from alur.cases.models import Case, Document, Event
from alur.cases.services import Invalid
from alur.catalog.services import definition_of, sop_version_create
from alur.sop import Condition

pytestmark = pytest.mark.django_db

SOP = Path(__file__).parent / "sops" / "surat-kuasa.yaml"
AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
BY_KUASA = {"diajukan-oleh": "Kuasa", "nama-kuasa": "Budi"}
BY_SELF = {"diajukan-oleh": "Pemohon sendiri"}


@pytest.fixture
def version(demo: SimpleNamespace):
    return sop_version_create(
        office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True
    )


def _files(*names: str) -> dict[str, tuple[io.BytesIO, str]]:
    return {name: (io.BytesIO(pdf_bytes(name)), f"{name}.pdf") for name in names}


def _open(demo: SimpleNamespace, form: dict[str, str], *documents: str) -> Case:
    return services.case_open(
        office=demo.sumbawa,
        sop_code="izin-kuasa",
        requester=demo.people["opd.bappeda"],
        title="Rekomendasi",
        data={"permohonan": form},
        uploads=_files(*documents),
        at=AT,
    )


def _nothing_written(version) -> None:
    assert not Case.objects.filter(sop_version=version).exists()
    assert not Event.objects.filter(case__sop_version=version).exists()
    assert not Document.objects.filter(case__sop_version=version).exists()


def test_the_request_lists_the_surat_kuasa_with_its_condition(version) -> None:
    slots = request_documents(definition_of(version).first_step)
    assert [(s.name, s.required, s.bila) for s in slots] == [
        ("Surat Permohonan", True, None),
        ("Surat Kuasa", True, Condition(isian="diajukan-oleh", sama_dengan="Kuasa")),
    ]


def test_filed_by_a_kuasa_without_the_surat_kuasa_is_refused_naming_it_and_why(
    demo, version
) -> None:
    with pytest.raises(Invalid) as refused:
        _open(demo, BY_KUASA, "Surat Permohonan")

    assert refused.value.message == (
        "Surat Kuasa wajib dilampirkan karena Diajukan oleh = Kuasa. "
        "Lampirkan berkas tersebut, lalu ulangi."
    )
    _nothing_written(version)


def test_filed_by_a_kuasa_with_the_surat_kuasa_is_accepted(demo, version) -> None:
    case = _open(demo, BY_KUASA, "Surat Permohonan", "Surat Kuasa")

    assert case.tasks.get(step=2).status == "terbuka"
    assert set(case.documents.values_list("name", flat=True)) == {
        "Surat Permohonan",
        "Surat Kuasa",
    }


def test_filed_by_the_requester_themself_needs_no_surat_kuasa(demo, version) -> None:
    case = _open(demo, BY_SELF, "Surat Permohonan")

    assert case.tasks.get(step=2).status == "terbuka"


def test_filed_by_a_kuasa_the_kuasas_name_is_required_too(demo, version) -> None:
    with pytest.raises(Invalid) as refused:
        _open(demo, {"diajukan-oleh": "Kuasa"}, "Surat Permohonan", "Surat Kuasa")

    assert refused.value.details == [
        "Formulir Permohonan: Nama penerima kuasa (wajib karena Diajukan oleh = Kuasa)"
    ]
    _nothing_written(version)


def test_the_next_step_reads_the_condition_recorded_with_the_request(demo, version) -> None:
    by_self = _open(demo, BY_SELF, "Surat Permohonan")
    kabid = demo.people["kabid.ti"]

    done = services.task_act(
        case=by_self, step=2, actor=kabid, decision="ya", at=AT + dt.timedelta(hours=1)
    )
    assert done.tasks.get(step=3).status == "terbuka"


def test_a_step_field_required_under_a_condition_reads_what_the_request_recorded(
    demo, version
) -> None:
    kabid = demo.people["kabid.ti"]
    later = AT + dt.timedelta(hours=1)
    by_kuasa = _open(demo, BY_KUASA, "Surat Permohonan", "Surat Kuasa")
    by_kuasa = services.task_act(case=by_kuasa, step=2, actor=kabid, decision="ya", at=later)

    with pytest.raises(Invalid) as refused:
        services.task_act(
            case=by_kuasa,
            step=3,
            actor=kabid,
            data={"nomor-rekomendasi": "1/2026"},
            uploads=_files("Surat Rekomendasi"),
            at=later,
        )
    assert refused.value.message == (
        "Isian wajib langkah 3 belum diisi: "
        "Catatan atas surat kuasa (wajib karena Nama penerima kuasa terisi)."
    )
    assert by_kuasa.tasks.get(step=3).status == "terbuka"
    assert not by_kuasa.events.filter(kind="step.completed", step=3).exists()

    by_self = _open(demo, BY_SELF, "Surat Permohonan")
    by_self = services.task_act(case=by_self, step=2, actor=kabid, decision="ya", at=later)
    done = services.task_act(
        case=by_self,
        step=3,
        actor=kabid,
        data={"nomor-rekomendasi": "2/2026"},
        uploads=_files("Surat Rekomendasi"),
        at=later,
    )
    assert done.status == Case.Status.FINISHED
