"""The process graph an SOP becomes in BPMN: flow nodes, sequence flows and lanes.

    Sop ──process_graph──▶ ProcessGraph ──▶ semantic XML (``export.py``) and diagram (``layout.py``)

How the flow table maps to the graph:

    pelaksana (lane)        a lane; a joint step sits in its first lane
    mulai/proses/selesai    a user task ``step_<no>`` named with the uraian
    keputusan               a user task ``step_<no>`` (the decision is recorded there), then an
                            exclusive gateway ``gateway_<no>`` (named with the question the
                            uraian ends with, if any) with two conditional flows,
                            ``keputusan_<no> == "ya"`` and ``== "tidak"`` (Python expressions, as
                            SpiffWorkflow evaluates them against the task data)
    End branch              an end event ``end_<no>_<ya|tidak>`` named with the alasan
    final step / last row   an end event ``end_<no>``
    penghubung              no node: the flows that reach it go straight to where it leads, and
                            carry the connector's row with them
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from alur.sop._definition.model import End, Goto, Outcome, Sop, Step, StepKind, Target

DECISION_CHOICES = ("ya", "tidak")

OUTCOME_NAMES: Mapping[Outcome, str] = {
    Outcome.SELESAI: "Selesai",
    Outcome.DIKEMBALIKAN: "Dikembalikan kepada pemohon",
    Outcome.DIHENTIKAN: "Dihentikan",
    Outcome.DITOLAK: "Ditolak",
}
"""The name of an end event reached after a step, by how the case ends there."""


def decision_variable(step: int) -> str:
    """The task-data variable a decision step's answer (``"ya"``/``"tidak"``) is recorded in."""
    return f"keputusan_{step}"


def decision_condition(step: int, choice: str) -> str:
    """The condition of a decision flow, as a Python expression over the task data."""
    return f'{decision_variable(step)} == "{choice}"'


def task_id(step: int) -> str:
    return f"step_{step}"


def gateway_id(step: int) -> str:
    return f"gateway_{step}"


# --- the process graph: what the XML (and the diagram) is drawn from ------------------


class NodeKind(StrEnum):
    """A flow node's BPMN element name."""

    START = "startEvent"
    TASK = "userTask"
    GATEWAY = "exclusiveGateway"
    END = "endEvent"


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    kind: NodeKind
    name: str | None
    lane: str
    """The SOP lane id the node is drawn in."""
    step: Step | None = None
    """The row a task or gateway stands for, or the row an end event follows."""
    outcome: Outcome | None = None
    """For an end event: how the case ends there."""
    reason: str | None = None
    """For an end event of an ``End`` branch: the printed alasan."""


@dataclass(frozen=True, slots=True)
class Flow:
    id: str
    source: str
    target: str
    name: str | None = None
    decision: str | None = None
    """``ya`` or ``tidak`` on a flow out of a decision gateway."""
    branch: Target | None = None
    """The branch as written in the SOP (before passing connectors)."""
    via: tuple[Step, ...] = ()
    """The connectors (penghubung) the flow passes, in order."""
    condition: str | None = None
    """The ``conditionExpression`` of a decision flow."""


@dataclass(frozen=True, slots=True)
class ProcessGraph:
    process_id: str
    name: str
    lanes: tuple[str, ...]
    """SOP lane ids, in the order of the flow table's columns."""
    nodes: tuple[Node, ...]
    flows: tuple[Flow, ...]

    def incoming(self, node: str) -> tuple[str, ...]:
        """Ids of the flows into ``node``."""
        return tuple(flow.id for flow in self.flows if flow.target == node)

    def outgoing(self, node: str) -> tuple[str, ...]:
        """Ids of the flows out of ``node``."""
        return tuple(flow.id for flow in self.flows if flow.source == node)

    def lane_nodes(self, lane: str) -> tuple[str, ...]:
        return tuple(node.id for node in self.nodes if node.lane == lane)


def decision_question(uraian: str) -> str | None:
    """The question a decision's uraian ends with ("... anggaran. Apakah tersedia?" gives
    "Apakah tersedia?"), the gateway's name; None when it asks none (the task says it all)."""
    asked = re.search(r"([^.!?:;]*\?)\s*$", uraian)
    return asked.group(1).strip() if asked else None


def process_id(sop: Sop) -> str:
    """The process id: the SOP's kode, prefixed when it starts with a digit (not an XML name)."""
    return sop.kode if sop.kode[0].isalpha() else f"sop_{sop.kode}"


class _GraphBuilder:
    def __init__(self, sop: Sop) -> None:
        self.sop = sop
        self.steps = {step.no: step for step in sop.langkah}
        self.nodes: dict[str, Node] = {}
        self.flows: list[Flow] = []

    def build(self) -> ProcessGraph:
        sop = self.sop
        first = sop.langkah[0]
        self._node(Node("start", NodeKind.START, "Mulai", first.lanes[0]))
        for step in sop.langkah:
            if step.jenis is StepKind.PENGHUBUNG:
                continue
            lane = step.lanes[0]
            self._node(Node(task_id(step.no), NodeKind.TASK, step.uraian, lane, step))
            if step.is_decision:
                question = decision_question(step.uraian)
                self._node(Node(gateway_id(step.no), NodeKind.GATEWAY, question, lane, step))
        self._connect("flow_start", "start", first.no)
        for step in sop.langkah:
            if step.jenis is StepKind.PENGHUBUNG:
                continue
            source = task_id(step.no)
            if step.is_decision:
                gateway = gateway_id(step.no)
                self.flows.append(Flow(f"flow_{step.no}", source, gateway))
                for choice in DECISION_CHOICES:
                    self._branch(step, choice, gateway)
            else:
                following = sop.next_of(step)
                if following is None:
                    end = self._end_after(step)
                    self.flows.append(Flow(f"flow_{step.no}", source, end))
                else:
                    self._connect(f"flow_{step.no}", source, following)
        ends = [n for n in self.nodes.values() if n.kind is NodeKind.END]
        others = [n for n in self.nodes.values() if n.kind is not NodeKind.END]
        return ProcessGraph(
            process_id=process_id(sop),
            name=sop.identitas.nama,
            lanes=tuple(lane.id for lane in sop.pelaksana),
            nodes=(*others, *ends),
            flows=tuple(self.flows),
        )

    def _node(self, node: Node) -> str:
        self.nodes.setdefault(node.id, node)
        return node.id

    def _end_after(self, step: Step) -> str:
        """The end event reached when ``step`` (a final step or the last row) is done."""
        outcome = step.akhir if step.is_end else Outcome.SELESAI
        name = OUTCOME_NAMES[outcome]
        return self._node(
            Node(f"end_{step.no}", NodeKind.END, name, step.lanes[0], step, outcome=outcome)
        )

    def _resolve(self, number: int) -> tuple[str, tuple[Step, ...]]:
        """The node a flow to step ``number`` reaches, passing connectors, and those connectors."""
        via: list[Step] = []
        step = self._step(number)
        while step.jenis is StepKind.PENGHUBUNG:
            if step in via:
                loop = ", ".join(str(s.no) for s in via)
                raise ValueError(f"connectors lead only to each other: {loop}")
            via.append(step)
            following = self.sop.next_of(step)
            if following is None:
                return self._end_after(step), tuple(via)
            step = self._step(following)
        return task_id(step.no), tuple(via)

    def _step(self, number: int) -> Step:
        try:
            return self.steps[number]
        except KeyError:
            raise ValueError(f"the SOP names step {number}, which it does not have") from None

    def _connect(self, flow: str, source: str, number: int) -> None:
        target, via = self._resolve(number)
        self.flows.append(Flow(flow, source, target, via=via))

    def _branch(self, step: Step, choice: str, gateway: str) -> None:
        branch = step.ya if choice == "ya" else step.tidak
        if branch is None:
            raise ValueError(f"decision step {step.no} has no '{choice}' branch")
        flow = f"flow_{step.no}_{choice}"
        condition = decision_condition(step.no, choice)
        label = branch.label if isinstance(branch, Goto) and branch.label else choice
        if isinstance(branch, End):
            end = self._node(
                Node(
                    f"end_{step.no}_{choice}",
                    NodeKind.END,
                    branch.alasan,
                    step.lanes[0],
                    step,
                    outcome=branch.akhir,
                    reason=branch.alasan,
                )
            )
            self.flows.append(Flow(flow, gateway, end, label, choice, branch, (), condition))
            return
        number = branch if isinstance(branch, int) else branch.ke
        target, via = self._resolve(number)
        self.flows.append(Flow(flow, gateway, target, label, choice, branch, via, condition))


def process_graph(sop: Sop) -> ProcessGraph:
    """The BPMN nodes, flows and lanes of a (checked) SOP."""
    return _GraphBuilder(sop).build()
