"""Who may request (``jenis_pemohon``) and who then acts in the requester's lane: an OPD's
request by anyone of that OPD, an employee's only by the employee, not by a colleague of the
same division; an SOP that takes no OPDs refuses them. (An OPD's request, acted on by anyone
of that OPD, is what the seeds' tests walk.)"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from casekit import WITA, pdf_bytes

from alur.cases import selectors, services
from alur.cases.models import Case, Event, RequesterKind
from alur.cases.services import NotAllowed
from alur.catalog.services import sop_version_create

pytestmark = pytest.mark.django_db

SOP = Path(__file__).parent / "sops" / "cuti-asn.yaml"
AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)


@pytest.fixture
def version(demo: SimpleNamespace):
    return sop_version_create(
        office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True
    )


def _form() -> dict[str, tuple[io.BytesIO, str]]:
    return {"Formulir Cuti": (io.BytesIO(pdf_bytes("Formulir Cuti")), "cuti.pdf")}


def _open(demo: SimpleNamespace, username: str) -> Case:
    return services.case_open(
        office=demo.sumbawa,
        sop_code="cuti-pegawai",
        requester=demo.people[username],
        title="Cuti tahunan 5 hari",
        uploads=_form(),
        at=AT,
    )


def test_an_employee_files_for_themselves(demo, version) -> None:
    case = _open(demo, "dev.sumbawa")

    assert case.requester_kind == RequesterKind.ASN
    assert case.requester_unit.code == "bidang-ti"
    opened = Event.objects.get(case=case, kind="case.opened")
    assert opened.data["requester_kind"] == "asn"
    codes = [
        v.sop.code
        for v in selectors.startable_versions(demo.people["dev.sumbawa"], today=AT.date())
    ]
    assert "cuti-pegawai" in codes


def test_an_opd_may_not_file_an_employees_request(demo, version) -> None:
    with pytest.raises(NotAllowed):
        _open(demo, "opd.bappeda")
    codes = [
        v.sop.code
        for v in selectors.startable_versions(demo.people["opd.bappeda"], today=AT.date())
    ]
    assert "cuti-pegawai" not in codes


def test_only_the_employee_acts_on_what_was_returned_to_them(demo, version) -> None:
    case = _open(demo, "dev.sumbawa")
    kabid = demo.people["kabid.ti"]  # of the same division as the employee
    later = AT + dt.timedelta(hours=1)
    services.task_act(case=case, step=2, actor=kabid, decision="tidak", at=later)

    with pytest.raises(NotAllowed) as refused:
        services.task_act(case=case, step=1, actor=kabid, uploads=_form(), at=later)
    assert refused.value.message == (
        "Langkah 1 dikerjakan oleh Pegawai; Anda tidak memegang peran itu."
    )
    services.task_act(
        case=case, step=1, actor=demo.people["dev.sumbawa"], uploads=_form(), at=later
    )
    assert [t.step for t in case.tasks.filter(status="terbuka")] == [2]


def _inbox_steps(person, at: dt.datetime) -> list[tuple[str, int]]:
    return [(row.task.case.number, row.task.step) for row in selectors.inbox(person, now=at)]


def test_a_returned_step_is_in_the_employees_inbox_and_not_their_colleagues(demo, version) -> None:
    case = _open(demo, "dev.sumbawa")
    kabid = demo.people["kabid.ti"]
    later = AT + dt.timedelta(hours=1)
    services.task_act(case=case, step=2, actor=kabid, decision="tidak", at=later)

    assert _inbox_steps(demo.people["dev.sumbawa"], later) == [(case.number, 1)]
    assert (case.number, 1) not in _inbox_steps(kabid, later)
