"""A Plh/Plt who acts on a step is named as such in the case's record: the event of the act
carries the delegation as it stood that day (the rule that let them act), the visit keeps it,
and the chain holds. A person acting in their own right, and events written before the record
said so, carry nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from casekit import SOP4, SOP4_DOCS, SOP5_DOCS, Desk, sop5_opened

from alur.cases import acting, permissions
from alur.cases.audit import chain_hash, verify_case
from alur.cases.models import Case, Event, Task
from alur.catalog.services import definition_of
from alur.offices.models import Delegation, Membership, Role

DAY = dt.date(2026, 3, 2)
"""The desk's Monday: SOP 5's step 2 opens and is done that day."""

KADIS = "Kepala Dinas Komunikasi Informatika Statistik dan Persandian"


def _stand_in(demo, who: str, code: str = "kadis", kind: str = "plh", **dates) -> Delegation:
    return Delegation.objects.create(
        role=Role.objects.get(office=demo.sumbawa, code=code),
        delegate=demo.people[who],
        kind=kind,
        starts=dates.get("starts", dt.date(2026, 3, 2)),
        ends=dates.get("ends", dt.date(2026, 3, 6)),
        reason="Sprint Bupati 800/12/2026",
    )


def _completion(case: Case, step: int) -> Event:
    return Event.objects.get(case=case, step=step, kind="step.completed")


def test_a_plh_completing_a_step_is_recorded_as_plh_of_the_role(demo, desk: Desk) -> None:
    _stand_in(demo, "kabid.ti")
    case = sop5_opened(desk, demo.sumbawa)

    desk.act(case, 2, "kabid.ti", docs=SOP5_DOCS[2])

    event = _completion(case, 2)
    assert (event.actor, event.lane) == (demo.people["kabid.ti"], "kadis")
    assert event.data[acting.ACTED_AS] == {
        "kind": "plh",
        "role": "kadis",
        "role_name": KADIS,
        "starts": "2026-03-02",
        "ends": "2026-03-06",
        "reason": "Sprint Bupati 800/12/2026",
    }
    task = Task.objects.get(case=case, step=2)
    assert task.done_as == event.data[acting.ACTED_AS]
    assert (acting.recorded_as(event), acting.recorded_as(task)) == (f"Plh. {KADIS}",) * 2
    assert acting.actor_text("Kabid TI Sumbawa", task) == f"Kabid TI Sumbawa (Plh. {KADIS})"
    case.refresh_from_db()
    assert verify_case(case) is None


def test_a_plt_is_recorded_as_plt(demo, desk: Desk) -> None:
    _stand_in(demo, "kabid.ti", kind="plt")
    case = sop5_opened(desk, demo.sumbawa)

    desk.act(case, 2, "kabid.ti", docs=SOP5_DOCS[2])

    assert acting.recorded_as(_completion(case, 2)) == f"Plt. {KADIS}"


def test_only_the_act_of_the_delegate_carries_it(demo, desk: Desk) -> None:
    """The request, the step's documents and the steps the completion opens are no act of a
    Plh: the completion alone says what its actor acted as."""
    _stand_in(demo, "kabid.ti")
    case = sop5_opened(desk, demo.sumbawa)

    desk.act(case, 2, "kabid.ti", docs=SOP5_DOCS[2])

    carrying = Event.objects.filter(case=case, data__has_key=acting.ACTED_AS)
    assert list(carrying.values_list("kind", "step")) == [("step.completed", 2)]


def test_the_kadis_acting_in_their_own_right_is_recorded_as_themselves(demo, desk: Desk) -> None:
    """A delegation of the Kadis's role that day does not make the Kadis a Plh."""
    _stand_in(demo, "kabid.ti")
    case = sop5_opened(desk, demo.sumbawa)

    desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])

    event = _completion(case, 2)
    assert acting.ACTED_AS not in event.data
    assert Task.objects.get(case=case, step=2).done_as == {}
    assert acting.recorded_as(event) == ""


def test_a_member_of_the_role_named_plh_of_it_too_acts_in_their_own_right(demo, desk) -> None:
    _stand_in(demo, "kabid.ti", code="kabid-ti")
    case = sop5_opened(desk, demo.sumbawa)
    desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])

    desk.act(case, 3, "kabid.ti", docs=SOP5_DOCS[3])

    assert acting.ACTED_AS not in _completion(case, 3).data


def test_the_record_keeps_the_delegation_as_it_stood_when_the_role_changes_later(
    demo, desk: Desk
) -> None:
    delegation = _stand_in(demo, "kabid.ti")
    case = sop5_opened(desk, demo.sumbawa)
    desk.act(case, 2, "kabid.ti", docs=SOP5_DOCS[2])

    Role.objects.filter(pk=delegation.role_id).update(name="Kepala Dinas (nama baru)")
    delegation.delete()

    assert acting.recorded_as(_completion(case, 2)) == f"Plh. {KADIS}"
    case.refresh_from_db()
    assert verify_case(case) is None


def test_events_written_before_the_record_named_delegates_stay_valid_and_say_nothing(
    demo, desk: Desk
) -> None:
    """An event as earlier versions wrote it (no delegation in its data) keeps its hash, and the
    pages read nothing from it."""
    case = sop5_opened(desk, demo.sumbawa)
    first = Event.objects.filter(case=case).order_by("seq").first()
    assert first is not None

    assert first.hash == chain_hash(first.prev_hash, first)
    assert acting.recorded_as(first) == ""
    assert verify_case(case) is None


@pytest.mark.parametrize("who", ["kadis.sumbawa", "kabid.ti", "kasi.aplikasi", "dev.sumbawa"])
def test_the_delegation_found_follows_the_lanes_the_permission_rule_gives(demo, desk, who) -> None:
    """For every lane of SOP 5: a delegation is found exactly for the lanes ``lanes_of`` gives
    the person and whose role they hold through a delegation only."""
    _stand_in(demo, "kabid.ti")
    _stand_in(demo, "kasi.aplikasi", code="kabid-ti", kind="plt")
    _stand_in(demo, "dev.sumbawa", code="tim-pengembang")
    case = sop5_opened(desk, demo.sumbawa)
    definition = definition_of(case.sop_version)
    person = demo.people[who]
    own = set(Membership.objects.filter(user=person).values_list("role__code", flat=True))

    found = {
        lane.id: permissions.acting_delegation(person, case, definition, lane.id, DAY)
        for lane in definition.pelaksana
    }

    lanes = permissions.lanes_of(person, case, definition, DAY)
    assert {lane for lane, d in found.items() if d is not None} == {
        lane for lane in lanes if definition.lanes[lane].role not in own
    }
    assert all(d.delegate == person for d in found.values() if d is not None)


@pytest.mark.parametrize(
    ("starts", "ends", "found"),
    [
        (dt.date(2026, 3, 2), dt.date(2026, 3, 2), True),
        (dt.date(2026, 2, 23), dt.date(2026, 3, 1), False),
        (dt.date(2026, 3, 3), dt.date(2026, 3, 6), False),
    ],
)
def test_the_delegation_counts_on_its_days_only(demo, desk, starts, ends, found) -> None:
    _stand_in(demo, "kabid.ti", starts=starts, ends=ends)
    case = sop5_opened(desk, demo.sumbawa)
    definition = definition_of(case.sop_version)

    delegation = permissions.acting_delegation(
        demo.people["kabid.ti"], case, definition, "kadis", DAY
    )

    assert (delegation is not None) == found


def test_a_requester_lane_has_no_delegation(demo, desk: Desk) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    definition = definition_of(case.sop_version)
    requester = next(lane.id for lane in definition.pelaksana if lane.pemohon)

    assert (
        permissions.acting_delegation(demo.people["opd.bappeda"], case, definition, requester, DAY)
        is None
    )


def test_the_step_delegation_is_none_when_the_person_holds_one_lane_of_it_themselves(
    demo, desk: Desk
) -> None:
    """A step of two lanes, one held in the person's own right and one through a delegation:
    they act on it as themselves."""
    _stand_in(demo, "kabid.ti")
    case = sop5_opened(desk, demo.sumbawa)
    definition = definition_of(case.sop_version)
    kabid = demo.people["kabid.ti"]
    joint = definition.steps[2].model_copy(update={"pelaksana": ["kadis", "kabid-ti"]})
    both = definition.model_copy(
        update={"langkah": [joint if step.no == 2 else step for step in definition.langkah]}
    )

    assert acting.step_delegation(kabid, case, definition, 2, DAY) is not None
    assert acting.step_delegation(kabid, case, both, 2, DAY) is None


def test_a_plh_confirming_a_joint_step_is_recorded_on_the_confirmation(demo, desk: Desk) -> None:
    """SOP 4 step 3 is confirmed by the Kasi and the owning OPD: a Plh of the Kasi confirms,
    the OPD completes it in its own right."""
    Delegation.objects.create(
        role=Role.objects.get(office=demo.batam, code="kasi"),
        delegate=demo.people["analis.batam"],
        kind=Delegation.Kind.PLH,
        starts=DAY,
        ends=DAY,
    )
    case = desk.open(demo.batam, SOP4, "opd.disdukcapil", docs=SOP4_DOCS[1])
    desk.act(case, 2, "analis.batam", docs=SOP4_DOCS[2])

    desk.act(case, 3, "analis.batam", docs=SOP4_DOCS[3])
    desk.act(case, 3, "opd.disdukcapil")

    confirmed = Event.objects.get(case=case, step=3, kind="step.confirmed")
    assert (confirmed.actor, confirmed.lane) == (demo.people["analis.batam"], "kasi")
    assert acting.recorded_as(confirmed) == "Plh. Kasi (Bidang E-Gov, Sistem dan Statistik)"
    assert acting.recorded_as(_completion(case, 3)) == ""
    assert Task.objects.get(case=case, step=3).done_as == {}


def test_a_plh_of_the_role_the_office_chose_for_a_lane_is_recorded_as_such(
    demo, desk: Desk
) -> None:
    from alur.catalog.lanes import lane_roles_save
    from alur.catalog.models import Sop

    sop5 = Sop.objects.get(office=demo.sumbawa, code="permohonan-pembuatan-aplikasi")
    kabid_ti = Role.objects.get(office=demo.sumbawa, code="kabid-ti")
    lane_roles_save(sop=sop5, chosen={"kadis": kabid_ti}, actor=demo.people["admin.sumbawa"])
    _stand_in(demo, "kasi.aplikasi", code="kabid-ti")
    case = sop5_opened(desk, demo.sumbawa)

    desk.act(case, 2, "kasi.aplikasi", docs=SOP5_DOCS[2])

    recorded = _completion(case, 2).data[acting.ACTED_AS]
    assert (recorded["kind"], recorded["role"]) == ("plh", "kabid-ti")
