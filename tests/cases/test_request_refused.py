"""A request refused at a decision (akhir: ditolak): the case ends refused with the reason the
Kabid wrote, its record names the ending, the requester's page shows it, and a refusal without
a reason is refused and changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from casekit import WITA, pdf_bytes, snapshot_of
from django.test import Client

from alur.cases import services
from alur.cases.models import Case, Event, Task
from alur.catalog.services import sop_version_create

pytestmark = pytest.mark.django_db

SOP = Path(__file__).parent / "sops" / "izin-ditolak.yaml"
OPENED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
DECIDED = dt.datetime(2026, 3, 2, 10, 30, tzinfo=WITA)
REASON = "Aplikasi tidak terdaftar dalam katalog aplikasi daerah."


@pytest.fixture
def case(demo: SimpleNamespace) -> Case:
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)
    return services.case_open(
        office=demo.sumbawa,
        sop_code="izin-aplikasi",
        requester=demo.people["opd.bappeda"],
        title="Izin penggunaan SIMPEG",
        uploads={"Surat Permohonan": (io.BytesIO(pdf_bytes("surat")), "surat.pdf")},
        at=OPENED,
    )


def _refuse(demo: SimpleNamespace, case: Case, note: str) -> Case:
    return services.task_act(
        case=case,
        step=2,
        actor=demo.people["kabid.ti"],
        decision="tidak",
        note=note,
        at=DECIDED,
    )


def test_a_refusal_ends_the_case_refused_with_its_reason(demo, case) -> None:
    _refuse(demo, case, REASON)

    case.refresh_from_db()
    assert (case.status, case.end_reason, case.closed_at) == (Case.Status.REFUSED, REASON, DECIDED)
    assert case.get_status_display() == "ditolak"
    ended = Event.objects.get(case=case, kind="case.ended")
    assert (ended.step, ended.data, ended.note) == (2, {"outcome": "ditolak"}, REASON)
    assert list(Task.objects.filter(case=case).values_list("step", "status", "decision")) == [
        (1, Task.Status.DONE, ""),
        (2, Task.Status.DONE, "tidak"),
    ]


@pytest.mark.parametrize("note", ["", "   "])
def test_it_refuses_a_refusal_without_a_reason_and_changes_nothing(demo, case, note) -> None:
    before = snapshot_of(case)

    with pytest.raises(services.Invalid) as refused:
        _refuse(demo, case, note)

    assert refused.value.message == (
        "Pilihan 'tidak' pada langkah 2 mengakhiri kasus (ditolak). "
        "Tuliskan alasannya; alasan itu disampaikan kepada pemohon."
    )
    assert snapshot_of(case) == before


def test_the_requester_sees_the_refusal_and_its_reason_on_the_case_page(demo, case) -> None:
    _refuse(demo, case, REASON)
    client = Client()
    client.force_login(demo.people["opd.bappeda"])

    html = client.get(f"/permohonan/{case.pk}/").content.decode()

    assert 'id="status-permohonan" class="status status-ditolak" data-status="ditolak"' in html
    assert f"<dd>{REASON}</dd>" in html
