"""Every branch of every seed SOP runs end to end on the engine, with the real office calendar.

The branches (answers, steps visited, how the case ends) are the table in ``seed_walk``.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from seed_walk import (
    SEED_BRANCHES,
    SUMBAWA,
    seed,
    walk,
    walk_branch,
    with_policy,
)

from alur.sop._definition.model import JointPolicy, Outcome
from alur.sop._runtime.state import Decision, EventKind


@pytest.mark.parametrize("name", SEED_BRANCHES)
def test_every_seed_branch_visits_the_steps_of_the_table_and_ends_as_it_says(name: str) -> None:
    run = walk_branch(name)

    assert run.visited == SEED_BRANCHES[name].visited
    assert run.outcome is SEED_BRANCHES[name].outcome


# --- SOP 1: Pengembangan Aplikasi oleh OPD -------------------------------------------------------


def test_sop_1_deployed_on_kominfo_servers_runs_the_installation_test() -> None:
    run = walk_branch("sop1-hosted-at-kominfo")

    assert run.count(EventKind.RELATED_CASE_REQUESTED, 7) == 1
    assert run.count(EventKind.RELATED_CASE_ENDED, 7) == 1


def test_sop_1_deployed_elsewhere_goes_straight_to_the_security_review() -> None:
    run = walk_branch("sop1-hosted-elsewhere")

    assert 7 not in run.visited
    assert run.count(EventKind.RELATED_CASE_REQUESTED, 7) == 0


def test_sop_1_development_is_due_on_the_planned_date() -> None:
    run = walk_branch("sop1-hosted-elsewhere")

    [opened] = [e for e in run.events if e.kind is EventKind.STEP_OPENED and e.step == 4]
    assert opened.data == {"due": "2026-06-30T16:00:00+07:00"}
    assert run.state.data["jadwal_selesai_pengembangan"] == "2026-06-30"


# --- SOP 2: Penyediaan Layanan Hosting Aplikasi --------------------------------------------------


def test_sop_2_with_incomplete_requirements_returns_the_request_at_step_3() -> None:
    run = walk_branch("sop2-requirements-incomplete")

    assert run.state.ended is not None
    assert run.state.ended.step == 3
    assert run.state.ended.reason == "Alasan dicatat"


def test_sop_2_step_3_can_return_the_request_to_the_requester() -> None:
    run = walk(seed("layanan-hosting-aplikasi"), {}, returned_at=3)

    assert run.visited == [1, 2, 3]
    assert run.outcome is Outcome.DIKEMBALIKAN
    assert run.state.ended is not None
    assert run.state.ended.reason == "Surat penunjukan administrator belum dilampirkan"
    [completed] = [e for e in run.events if e.kind is EventKind.STEP_COMPLETED and e.step == 3]
    assert completed.decision is Decision.TIDAK


# --- SOP 3: Pengajuan Integrasi Aplikasi dengan Bedelau ----------------------------------------


# --- SOP 4: Pengembangan Aplikasi E-Government ---------------------------------------------------

SOP_4_STEPS = SEED_BRANCHES["sop4"].visited
SOP_4_JOINT_STEPS = [1, 3, 10, 12]


def test_sop_4_runs_with_the_policies_written_in_its_file() -> None:
    run = walk_branch("sop4")

    # step 1 is salah_satu in the file; steps 3, 10 and 12 are semua
    assert [run.count(EventKind.STEP_CONFIRMED, n) for n in SOP_4_JOINT_STEPS] == [0, 1, 1, 1]


@pytest.mark.parametrize(
    ("policy", "confirmations"),
    [(JointPolicy.SALAH_SATU, [0, 0, 0, 0]), (JointPolicy.SEMUA, [1, 1, 1, 1])],
)
def test_sop_4_runs_with_either_policy_on_every_joint_step(
    policy: JointPolicy, confirmations: list[int]
) -> None:
    run = walk(with_policy(seed("pengembangan-aplikasi-egov"), policy), {})

    assert run.visited == SOP_4_STEPS
    assert run.outcome is Outcome.SELESAI
    assert [run.count(EventKind.STEP_CONFIRMED, n) for n in SOP_4_JOINT_STEPS] == confirmations
    assert [run.count(EventKind.STEP_COMPLETED, n) for n in SOP_4_JOINT_STEPS] == [1, 1, 1, 1]


# --- SOP 5: Layanan Permohonan Pembuatan Aplikasi -------------------------------------------------


def test_sop_5_without_infrastructure_staff_or_budget_stops_at_step_7() -> None:
    run = walk_branch("sop5-not-available")

    assert run.state.ended is not None
    assert run.state.ended.step == 7


def test_sop_5_re_plans_twice_and_re_develops_once_before_the_berita_acara() -> None:
    run = walk_branch("sop5-re-plan-twice-re-develop-once")

    assert {step: run.state.visits[step] for step in (9, 10, 11, 12, 13, 14, 15)} == {
        9: 3,
        10: 3,
        11: 3,
        12: 2,
        13: 2,
        14: 2,
        15: 1,
    }


def test_sop_5_development_is_due_within_35_working_days_in_wita() -> None:
    run = walk(
        seed("permohonan-pembuatan-aplikasi"), {6: ["ya"], 11: ["ya"], 14: ["ya"]}, zone=SUMBAWA
    )

    [opened] = [e for e in run.events if e.kind is EventKind.STEP_OPENED and e.step == 12]
    # Opened after closing on Monday 2 March 2026, so counted from 08:00 on the 3rd; 35 working
    # days skip Nyepi, the cuti bersama of Nyepi and Idul Fitri, Good Friday and the weekends.
    assert opened.at == datetime(2026, 3, 2, 18, 0, tzinfo=SUMBAWA)
    assert opened.data == {"due": "2026-04-29T08:00:00+08:00"}
