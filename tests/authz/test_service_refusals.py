"""The service layer refuses what the pages refuse, with no view in between.

Pages, the command line and jobs all change cases through ``alur.cases.services``; if a page
were the only thing standing between a person and a step, the other doors would be open. Same
world and personas as ``test_matrix``.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from alur.cases import services
from alur.cases.models import Case, Task
from alur.cases.services import NotAllowed
from alur.offices.models import Delegation
from tests.authz.world import (
    ANONYMOUS,
    DISPOSITION,
    LETTER,
    PERSONAS,
    PLH,
    SOP5,
    actor,
    pdf_upload,
    snapshot,
)

pytestmark = pytest.mark.django_db

CANNOT_SEE = "Anda tidak dapat melihat permohonan ini."
NOT_YOUR_LANE = "Langkah 2 dikerjakan oleh Kepala Dinas; Anda tidak memegang peran itu."
DONE = "done"

STEP_2 = {
    ANONYMOUS: CANNOT_SEE,
    "kadis.sumbawa": DONE,
    "kabid.ti": NOT_YOUR_LANE,
    "kasi.aplikasi": NOT_YOUR_LANE,
    "dev.sumbawa": NOT_YOUR_LANE,
    PLH: DONE,
    "opd.bappeda": NOT_YOUR_LANE,
    "opd.dikbud": CANNOT_SEE,
    "kadis.batam": CANNOT_SEE,
    "opd.disdukcapil": CANNOT_SEE,
}
"""``task_act`` on step 2 with the disposition: done, or refused with this message."""


def test_the_table_covers_every_persona() -> None:
    assert list(STEP_2) == PERSONAS


def _disposition() -> dict[str, tuple[object, str]]:
    return {DISPOSITION: (pdf_upload("disposisi"), "disposisi.pdf")}


@pytest.mark.parametrize("persona", PERSONAS)
def test_task_act_completes_step_2_only_for_the_kadis_lane(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    before = snapshot(case)

    if STEP_2[persona] == DONE:
        services.task_act(case=case, step=2, actor=actor(world, persona), uploads=_disposition())
        assert Task.objects.get(case=case, step=2).done_by == world.people[persona]
        return
    with pytest.raises(NotAllowed) as refused:
        services.task_act(
            case=case,
            step=2,
            actor=actor(world, persona),  # type: ignore[arg-type]
            uploads=_disposition(),
            expected_version=case.version,
        )

    assert refused.value.message == STEP_2[persona]
    assert snapshot(case) == before


def test_a_plh_whose_delegation_ended_yesterday_is_refused(
    world: SimpleNamespace, case: Case
) -> None:
    today = dt.datetime.now(ZoneInfo(world.sumbawa.zone)).date()
    Delegation.objects.filter(delegate=world.people[PLH]).update(
        starts=today - dt.timedelta(days=7), ends=today - dt.timedelta(days=1)
    )
    before = snapshot(case)

    with pytest.raises(NotAllowed) as refused:
        services.task_act(case=case, step=2, actor=world.people[PLH], uploads=_disposition())

    assert refused.value.message == NOT_YOUR_LANE
    assert snapshot(case) == before


@pytest.mark.parametrize("persona", ["opd.dikbud", "kadis.batam", "opd.disdukcapil"])
def test_document_add_refuses_a_person_who_may_not_see_the_case(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    before = snapshot(case)

    with pytest.raises(NotAllowed) as refused:
        services.document_add(
            case=case,
            name="Lampiran",
            upload=pdf_upload("lampiran"),
            filename="lampiran.pdf",
            actor=world.people[persona],
        )

    assert refused.value.message == CANNOT_SEE
    assert snapshot(case) == before


OPENS_SOP5 = {
    "kadis.sumbawa": NotAllowed,
    "kabid.ti": NotAllowed,
    "kasi.aplikasi": NotAllowed,
    "dev.sumbawa": NotAllowed,
    PLH: NotAllowed,
    "opd.bappeda": None,
    "opd.dikbud": None,
    "kadis.batam": NotAllowed,
    "opd.disdukcapil": NotAllowed,
}
"""``case_open`` of Sumbawa's SOP 5: opened (None) or refused, as the page answers 302 or 404."""


@pytest.mark.parametrize(
    "persona",
    list(OPENS_SOP5),
)
def test_case_open_of_sop_5_is_for_the_opds_of_the_office_only(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    before = snapshot(case)
    letter = {LETTER: (pdf_upload("surat"), "surat.pdf")}

    def open_case() -> Case:
        return services.case_open(
            office=world.sumbawa,
            sop_code=SOP5,
            requester=world.people[persona],
            title="Aplikasi baru",
            uploads=letter,
        )

    if OPENS_SOP5[persona] is None:
        opened = open_case()
        assert opened.requester_unit == world.people[persona].unit
        assert snapshot(case) == {**before, "cases": before["cases"] + 1}
        return
    with pytest.raises(NotAllowed):
        open_case()
    assert snapshot(case) == before


@pytest.mark.parametrize("uploads", [False, True], ids=["without-uploads", "with-uploads"])
@pytest.mark.parametrize("persona", ["opd.dikbud", "kadis.batam"])
def test_a_stale_version_tells_an_outsider_nothing_about_the_case(
    world: SimpleNamespace, case: Case, persona: str, uploads: bool
) -> None:
    seen = case.version
    services.task_act(
        case=case, step=2, actor=world.people["kadis.sumbawa"], uploads=_disposition()
    )
    before = snapshot(case)

    with pytest.raises(NotAllowed) as refused:
        services.task_act(
            case=case,
            step=2,
            actor=world.people[persona],
            uploads=_disposition() if uploads else None,
            expected_version=seen,
        )

    assert refused.value.message == CANNOT_SEE
    assert snapshot(case) == before
