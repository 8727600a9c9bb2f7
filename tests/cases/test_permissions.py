"""Who sees which cases, who acts in which lane, and Plh/Plt delegations on the day of acting."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from casekit import WITA, Desk, pdf_bytes, snapshot_of, sop2_opened, sop5_opened
from django.contrib.auth.models import AnonymousUser

from alur.cases import permissions, services
from alur.cases.models import Case, Task
from alur.catalog.services import definition_of
from alur.offices.models import Delegation, Role, User

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def cases(demo, desk: Desk) -> dict[str, Case]:
    """One request from each OPD of each office."""
    return {
        "disdukcapil": sop2_opened(desk, demo.batam, "opd.disdukcapil"),
        "dinkes": sop2_opened(desk, demo.batam, "opd.dinkes"),
        "bappeda": sop5_opened(desk, demo.sumbawa, "opd.bappeda"),
        "dikbud": sop5_opened(desk, demo.sumbawa, "opd.dikbud"),
    }


# --- seeing cases ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "seen"),
    [
        ("kadis.batam", {"disdukcapil", "dinkes"}),
        ("dev.batam", {"disdukcapil", "dinkes"}),
        ("opd.disdukcapil", {"disdukcapil"}),
        ("opd.dinkes", {"dinkes"}),
        ("kadis.sumbawa", {"bappeda", "dikbud"}),
        ("dev.sumbawa", {"bappeda", "dikbud"}),
        ("opd.bappeda", {"bappeda"}),
        ("opd.dikbud", {"dikbud"}),
    ],
)
def test_officers_see_their_office_and_opd_people_their_own_requests(
    demo, cases, who, seen
) -> None:
    person = demo.people[who]
    visible = set(permissions.visible_cases(person))

    assert visible == {cases[unit] for unit in seen}
    assert {unit for unit, case in cases.items() if permissions.can_view(person, case)} == seen


def test_someone_not_signed_in_sees_nothing(cases) -> None:
    nobody = AnonymousUser()

    assert list(permissions.visible_cases(nobody)) == []
    assert [case for case in cases.values() if permissions.can_view(nobody, case)] == []


def test_a_person_without_an_office_sees_nothing(cases) -> None:
    loose = User.objects.create(username="tamu")

    assert list(permissions.visible_cases(loose)) == []
    assert permissions.role_codes(loose, DAY) == set()


# --- lanes ----------------------------------------------------------------------------------------


def test_lanes_follow_roles_in_the_office_and_the_requesting_opd(demo, cases) -> None:
    case = cases["disdukcapil"]
    definition = definition_of(case.sop_version)

    lanes = {
        who: permissions.lanes_of(demo.people[who], case, definition, DAY)
        for who in ("opd.disdukcapil", "opd.dinkes", "kadis.batam", "kasi.pa", "kadis.sumbawa")
    }

    assert lanes == {
        "opd.disdukcapil": {"kepala-opd"},
        "opd.dinkes": set(),
        "kadis.batam": {"kadis"},
        "kasi.pa": {"kasi-pa"},
        "kadis.sumbawa": set(),
    }


def test_people_for_a_lane_are_the_role_holders_or_the_requesting_opd(demo, cases) -> None:
    case = cases["disdukcapil"]
    definition = definition_of(case.sop_version)

    def usernames(lane: str) -> set[str]:
        found = User.objects.filter(permissions.people_for_lane(case, definition, lane, DAY))
        return set(found.values_list("username", flat=True))

    assert usernames("kadis") == {"kadis.batam"}
    assert usernames("kasi-pa") == {"kasi.pa"}
    assert usernames("kepala-opd") == {"opd.disdukcapil"}


def test_a_role_held_in_another_office_gives_no_lane(demo) -> None:
    """kadis.sumbawa holds "kadis" in Sumbawa; Batam's SOPs have a "kadis" lane too."""
    assert permissions.role_codes(demo.people["kadis.sumbawa"], DAY) == {"kadis"}
    assert permissions.role_codes(demo.people["kasi.pa"], DAY) == {"kasi-pa", "kasi"}
    assert permissions.role_codes(demo.people["opd.bappeda"], DAY) == set()


# --- delegations (Plh/Plt) ------------------------------------------------------------------------


def _plh(demo, delegate: str, starts: dt.date, ends: dt.date) -> Delegation:
    return Delegation.objects.create(
        role=Role.objects.get(office=demo.sumbawa, code="kadis"),
        delegate=demo.people[delegate],
        kind=Delegation.Kind.PLH,
        starts=starts,
        ends=ends,
        reason="Kepala Dinas dinas luar",
    )


def _disposition() -> dict[str, tuple[io.BytesIO, str]]:
    return {"Disposisi Dinas": (io.BytesIO(pdf_bytes("disposisi")), "disposisi.pdf")}


@pytest.mark.parametrize(
    "at",
    [
        dt.datetime(2026, 3, 9, 8, 0, tzinfo=WITA),  # the first day
        dt.datetime(2026, 3, 11, 23, 30, tzinfo=WITA),  # the last day, late (15.30 UTC)
    ],
)
def test_a_plh_for_the_kadis_acts_on_step_2_within_the_dates(demo, desk, at) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    _plh(demo, "kabid.ti", dt.date(2026, 3, 9), dt.date(2026, 3, 11))

    services.task_act(
        case=case, step=2, actor=demo.people["kabid.ti"], uploads=_disposition(), at=at
    )

    step2 = Task.objects.get(case=case, step=2)
    assert (step2.status, step2.done_by.username, step2.confirmed_by) == (
        "selesai",
        "kabid.ti",
        ["kadis"],
    )


@pytest.mark.parametrize(
    "at",
    [
        dt.datetime(2026, 3, 8, 23, 59, tzinfo=WITA),  # the evening before
        dt.datetime(2026, 3, 12, 0, 30, tzinfo=WITA),  # the day after (still 11 March in UTC)
    ],
)
def test_a_plh_outside_its_dates_is_refused_and_nothing_changes(demo, desk, at) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    _plh(demo, "kabid.ti", dt.date(2026, 3, 9), dt.date(2026, 3, 11))
    before = snapshot_of(case)

    with pytest.raises(services.NotAllowed) as refused:
        services.task_act(
            case=case, step=2, actor=demo.people["kabid.ti"], uploads=_disposition(), at=at
        )

    assert refused.value.message == (
        "Langkah 2 dikerjakan oleh Kepala Dinas; Anda tidak memegang peran itu."
    )
    assert snapshot_of(case) == before


def test_an_opd_person_named_plh_still_cannot_act_on_an_office_lane(demo, desk) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    _plh(demo, "opd.bappeda", dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    before = snapshot_of(case)

    with pytest.raises(services.NotAllowed):
        services.task_act(
            case=case,
            step=2,
            actor=demo.people["opd.bappeda"],
            uploads=_disposition(),
            at=dt.datetime(2026, 3, 10, 9, 0, tzinfo=WITA),
        )

    assert snapshot_of(case) == before
    assert permissions.role_codes(demo.people["opd.bappeda"], dt.date(2026, 3, 10)) == {"kadis"}
    assert "kadis" not in permissions.lanes_of(
        demo.people["opd.bappeda"], case, definition_of(case.sop_version), dt.date(2026, 3, 10)
    )
