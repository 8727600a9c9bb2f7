"""Every branch of every seed, exported to BPMN, runs in SpiffWorkflow through the same steps as
on Alur's engine and reaches an end event of the same outcome.

The branches are the engine tests' table (``seed_walk.SEED_BRANCHES``): SOP 1 both answers at
step 6; SOP 2 with and without server capacity and with incomplete requirements; SOP 3; SOP 4;
SOP 5 not available (ends after step 7) and re-planned twice at 11, re-developed once at 14.
"""

from __future__ import annotations

import pytest
from seed_walk import SEED_BRANCHES, seed, walk_branch
from spiff_run import Policy, run_in_spiff

from alur.sop._bpmn.graph import process_graph


def _answers(name: str) -> Policy:
    queues = SEED_BRANCHES[name].answers

    def policy(step: int, visit: int) -> str:
        return queues[step][visit - 1]

    return policy


@pytest.mark.parametrize("name", SEED_BRANCHES)
def test_spiffworkflow_takes_the_same_steps_as_the_engine(name: str) -> None:
    branch = SEED_BRANCHES[name]
    sop = seed(branch.kode)

    done, end = run_in_spiff(sop, _answers(name))

    engine = walk_branch(name)
    assert done == engine.visited == branch.visited
    outcomes = {node.id: node.outcome for node in process_graph(sop).nodes}
    assert outcomes[end] is engine.outcome is branch.outcome


def test_the_table_covers_every_decision_answer_of_every_seed() -> None:
    """Each decision of each seed is answered both ya and tidak on some branch (SOP 3 and
    SOP 4 have no decision)."""
    answered: dict[tuple[str, int], set[str]] = {}
    for branch in SEED_BRANCHES.values():
        for step, answers in branch.answers.items():
            answered.setdefault((branch.kode, step), set()).update(answers)
    decisions = {
        (branch.kode, step.no)
        for branch in SEED_BRANCHES.values()
        for step in seed(branch.kode).langkah
        if step.is_decision
    }
    assert set(answered) == decisions
    assert all(choices == {"ya", "tidak"} for choices in answered.values())
