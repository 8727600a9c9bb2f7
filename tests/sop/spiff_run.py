"""Running an exported SOP in SpiffWorkflow, completing its user tasks one by one."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from SpiffWorkflow import TaskState
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser import BpmnParser
from SpiffWorkflow.bpmn.specs.defaults import EndEvent

from alur.sop import Sop
from alur.sop._bpmn.export import decision_variable, process_id, to_bpmn

Policy = Callable[[int, int], str]
"""Answers a decision: (step, visit) -> "ya" | "tidak"."""


def spiff_workflow(sop: Sop) -> BpmnWorkflow:
    parser = BpmnParser()
    parser.add_bpmn_str(to_bpmn(sop))
    return BpmnWorkflow(parser.get_spec(process_id(sop)))


def run_in_spiff(sop: Sop, policy: Policy, limit: int = 200) -> tuple[list[int], str]:
    """Complete READY user tasks one by one, answering decisions in the task data.

    Returns the steps completed, in order, and the id of the end event the case reached.
    """
    workflow = spiff_workflow(sop)
    workflow.do_engine_steps()
    done: list[int] = []
    visits: Counter[int] = Counter()
    while not workflow.is_completed():
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        assert len(ready) == 1, [t.task_spec.bpmn_id for t in ready]
        task = ready[0]
        step = int(task.task_spec.bpmn_id.removeprefix("step_"))
        visits[step] += 1
        if sop.steps[step].is_decision:
            task.set_data(**{decision_variable(step): policy(step, visits[step])})
        task.run()
        done.append(step)
        workflow.do_engine_steps()
        assert len(done) <= limit, done
    ends = [
        t.task_spec.bpmn_id
        for t in workflow.get_tasks(state=TaskState.COMPLETED)
        if isinstance(t.task_spec, EndEvent)
    ]
    assert len(ends) == 1, ends
    return done, ends[0]
