"""Export an SOP as a BPMN 2.0 process, for BPMN tools and engines.

    Sop ──process_graph──▶ ProcessGraph ──_render──▶ <bpmn:definitions> ──▶ XML text
                           (nodes, flows, lanes)       process + laneSet

How the flow table maps to BPMN:

    pelaksana (lane)        bpmn:lane in one laneSet; a joint step sits in its first lane
    mulai/proses/selesai    bpmn:userTask ``step_<no>`` named with the uraian
    keputusan               bpmn:userTask ``step_<no>`` (the decision is recorded there), then
                            bpmn:exclusiveGateway ``gateway_<no>`` with two conditional flows,
                            ``keputusan_<no> == "ya"`` and ``== "tidak"`` (Python expressions, as
                            SpiffWorkflow evaluates them against the task data)
    End branch              bpmn:endEvent ``end_<no>_<ya|tidak>`` named with the alasan
    final step / last row   bpmn:endEvent ``end_<no>``
    penghubung              no node: the flows that reach it go straight to where it leads, and
                            carry the connector's row in their extension elements

Everything a later import needs to rebuild the SOP travels in extension elements of the Alur
namespace (``ALUR_NS``): the identity block and forms on the process, the lane details on each
lane, the full row (waktu, kelengkapan, output, fields, ...) on each task, the branch on each
decision flow, and the connectors on the flows that pass them. Kelengkapan, waktu and output are
also written as the task's plain-text documentation, for people reading the model in a tool.

Only the semantic model is written. Diagram interchange (BPMNDI) is a later addition: it lays out
the same ``ProcessGraph`` (lanes as pools' rows, nodes as shapes, flows as edges) and appends a
``bpmndi:BPMNDiagram`` to the definitions that ``_render`` builds.

This module uses only the standard library; it never imports SpiffWorkflow.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from alur.sop._duration import Unit, parse_duration
from alur.sop._model import (
    FORMAT_VERSION,
    End,
    FormField,
    Goto,
    JointPolicy,
    Outcome,
    Requirement,
    Sop,
    Source,
    Step,
    StepKind,
    Target,
)

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
"""The BPMN 2.0 semantic model namespace."""
ALUR_NS = "https://alur.id/bpmn"
"""Alur's extension namespace: what BPMN has no place for (kelengkapan, waktu, output, ...)."""
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

EXPORT_VERSION = 1
"""The version of the Alur extension elements this module writes (``exporterVersion``)."""

DECISION_CHOICES = ("ya", "tidak")

_PREFIXES = {"bpmn": BPMN_NS, "alur": ALUR_NS, "xsi": XSI_NS}

_OUTCOME_NAMES: Mapping[Outcome, str] = {
    Outcome.SELESAI: "Selesai",
    Outcome.DIKEMBALIKAN: "Dikembalikan kepada pemohon",
    Outcome.DIHENTIKAN: "Dihentikan",
}


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


# --- the process graph: what the XML (and later the diagram) is drawn from ------------------


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
    name: str
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
                self._node(Node(gateway_id(step.no), NodeKind.GATEWAY, step.uraian, lane, step))
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
        name = _OUTCOME_NAMES[outcome]
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


# --- rendering -------------------------------------------------------------------------------


def _q(namespace: str, tag: str) -> str:
    return f"{{{namespace}}}{tag}"


def _b(tag: str) -> str:
    return _q(BPMN_NS, tag)


def _a(tag: str) -> str:
    return _q(ALUR_NS, tag)


def _sub(
    parent: ET.Element, tag: str, attrib: Mapping[str, str | None] | None = None
) -> ET.Element:
    clean = {k: v for k, v in (attrib or {}).items() if v is not None}
    return ET.SubElement(parent, tag, clean)


def _text(parent: ET.Element, tag: str, text: str, **attrib: str | None) -> ET.Element:
    element = _sub(parent, tag, attrib)
    element.text = text
    return element


def _flag(value: bool) -> str:
    return "true" if value else "false"


def to_bpmn(sop: Sop) -> str:
    """The SOP as a BPMN 2.0 document (XML text, UTF-8 when written out)."""
    for prefix, uri in _PREFIXES.items():
        ET.register_namespace(prefix, uri)
    root = _render(sop, process_graph(sop))
    ET.indent(root, space="  ")
    # No encoding in the declaration: the text is a str, and lxml refuses a str that names one.
    return '<?xml version="1.0"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _render(sop: Sop, graph: ProcessGraph) -> ET.Element:
    """The ``bpmn:definitions`` element; the place to append BPMNDI once it exists."""
    root = ET.Element(
        _b("definitions"),
        {
            "id": f"definitions_{graph.process_id}",
            "targetNamespace": f"{ALUR_NS}/sop/{sop.kode}",
            "exporter": "Alur",
            "exporterVersion": str(EXPORT_VERSION),
        },
    )
    process = _sub(
        root,
        _b("process"),
        {"id": graph.process_id, "name": graph.name, "isExecutable": "true"},
    )
    _process_documentation(process, sop)
    _process_extension(process, sop)
    _lane_set(process, sop, graph)
    for node in graph.nodes:
        _flow_node(process, sop, graph, node)
    for flow in graph.flows:
        _sequence_flow(process, flow)
    return root


def _process_documentation(process: ET.Element, sop: Sop) -> None:
    identity = sop.identitas
    lines = [identity.nama, f"{identity.pemerintah} — {identity.instansi}"]
    if identity.nomor:
        lines.append(f"Nomor SOP: {identity.nomor}")
    _text(process, _b("documentation"), "\n".join(lines))


def _process_extension(process: ET.Element, sop: Sop) -> None:
    extension = _sub(process, _b("extensionElements"))
    element = _sub(extension, _a("sop"), {"kode": sop.kode, "format": str(FORMAT_VERSION)})
    _dump(element, "identitas", sop.identitas.model_dump(mode="json", exclude_defaults=True))
    if sop.formulir:
        forms = [form.model_dump(mode="json", exclude_defaults=True) for form in sop.formulir]
        _dump(element, "formulir", forms)


def _dump(parent: ET.Element, key: str, value: Any) -> None:
    """JSON-shaped data as elements: a mapping's keys become children, a list's items ``item``."""
    if value is None:
        return
    element = _sub(parent, _a(key))
    if isinstance(value, Mapping):
        for name, item in value.items():
            _dump(element, str(name), item)
    elif isinstance(value, list):
        for item in value:
            _dump(element, "item", item)
    elif isinstance(value, bool):
        element.text = _flag(value)
    else:
        element.text = str(value)


def _lane_set(process: ET.Element, sop: Sop, graph: ProcessGraph) -> None:
    lane_set = _sub(process, _b("laneSet"), {"id": "laneset"})
    for lane in sop.pelaksana:
        element = _sub(lane_set, _b("lane"), {"id": f"lane_{lane.id}", "name": lane.nama})
        if lane.keterangan:
            _text(element, _b("documentation"), lane.keterangan)
        extension = _sub(element, _b("extensionElements"))
        _sub(
            extension,
            _a("pelaksana"),
            {
                "id": lane.id,
                "peran": lane.peran,
                "pemohon": _flag(lane.pemohon) if lane.pemohon else None,
            },
        )
        for node in graph.lane_nodes(lane.id):
            _text(element, _b("flowNodeRef"), node)


def _flow_node(process: ET.Element, sop: Sop, graph: ProcessGraph, node: Node) -> None:
    element = _sub(process, _b(node.kind.value), {"id": node.id, "name": node.name})
    if node.kind is NodeKind.TASK and node.step is not None:
        _text(element, _b("documentation"), _step_documentation(sop, node.step))
        extension = _sub(element, _b("extensionElements"))
        _step_element(extension, node.step)
    elif node.kind is NodeKind.GATEWAY and node.step is not None:
        extension = _sub(element, _b("extensionElements"))
        _sub(
            extension,
            _a("keputusan"),
            {"langkah": str(node.step.no), "variabel": decision_variable(node.step.no)},
        )
    elif node.kind is NodeKind.END and node.outcome is not None:
        if node.reason:
            _text(element, _b("documentation"), node.reason)
        extension = _sub(element, _b("extensionElements"))
        _sub(
            extension,
            _a("akhir"),
            {
                "hasil": node.outcome.value,
                "langkah": None if node.step is None else str(node.step.no),
            },
        )
    for flow in graph.incoming(node.id):
        _text(element, _b("incoming"), flow)
    for flow in graph.outgoing(node.id):
        _text(element, _b("outgoing"), flow)


def _sequence_flow(process: ET.Element, flow: Flow) -> None:
    element = _sub(
        process,
        _b("sequenceFlow"),
        {"id": flow.id, "name": flow.name, "sourceRef": flow.source, "targetRef": flow.target},
    )
    if flow.decision is not None or flow.via:
        extension = _sub(element, _b("extensionElements"))
        if flow.decision is not None and flow.branch is not None:
            _branch_element(extension, flow.decision, flow.branch)
        if flow.via:
            through = _sub(extension, _a("melalui"))
            for connector in flow.via:
                _step_element(through, connector)
    if flow.condition is not None:
        _text(
            element,
            _b("conditionExpression"),
            flow.condition,
            **{_q(XSI_NS, "type"): "bpmn:tFormalExpression"},
        )


def _branch_element(parent: ET.Element, choice: str, branch: Target) -> None:
    if isinstance(branch, End):
        element = _sub(parent, _a("cabang"), {"keputusan": choice, "akhir": branch.akhir.value})
        _text(element, _a("alasan"), branch.alasan)
    elif isinstance(branch, Goto):
        _sub(
            parent, _a("cabang"), {"keputusan": choice, "ke": str(branch.ke), "label": branch.label}
        )
    else:
        _sub(parent, _a("cabang"), {"keputusan": choice, "ke": str(branch)})


# --- one row of the flow table ---------------------------------------------------------------


def _step_element(parent: ET.Element, step: Step) -> None:
    """The whole row as ``alur:langkah``, so an import can rebuild it."""
    element = _sub(
        parent,
        _a("langkah"),
        {
            "no": str(step.no),
            "jenis": step.jenis.value,
            "konfirmasi": None
            if step.konfirmasi is JointPolicy.SALAH_SATU
            else step.konfirmasi.value,
            "akhir": step.akhir.value if step.is_end else None,
            "lanjut": None if step.lanjut is None else str(step.lanjut),
            "jadwal": step.jadwal,
            "registri": None if step.registri is None else step.registri.value,
        },
    )
    for lane in step.lanes:
        _sub(element, _a("pelaksana"), {"lajur": lane})
    _waktu(element, step.waktu)
    for requirement in step.requirements:
        _sub(
            element,
            _a("kelengkapan"),
            {
                "nama": requirement.nama,
                "sumber": requirement.sumber.value,
                "dari": None if requirement.dari is None else str(requirement.dari),
                "formulir": requirement.formulir,
                "wajib": _flag(requirement.wajib),
            },
        )
    for output in step.outputs:
        _sub(
            element,
            _a("output"),
            {"nama": output.nama, "berkas": _flag(output.berkas), "formulir": output.formulir},
        )
    for form_field in step.isian:
        _form_field(element, form_field)
    if step.memulai is not None:
        related = step.memulai
        started = _sub(
            element,
            _a("memulai"),
            {"sop": related.sop, "menunggu": _flag(related.menunggu)},
        )
        if related.keterangan:
            started.text = related.keterangan
    if step.keterangan:
        _text(element, _a("keterangan"), step.keterangan)
    if step.jenis is StepKind.PENGHUBUNG:
        _text(element, _a("uraian"), step.uraian)


def _waktu(parent: ET.Element, waktu: str | None) -> None:
    if waktu is None:
        return
    try:
        duration = parse_duration(waktu)
    except ValueError:
        _text(parent, _a("waktu"), waktu)
        return
    has_amount = duration.unit not in (Unit.NONE, Unit.SCHEDULED)
    _text(
        parent,
        _a("waktu"),
        waktu,
        satuan=duration.unit.value,
        jumlah=str(duration.amount) if has_amount else None,
        maksimal=_flag(True) if duration.maximum else None,
    )


def _form_field(parent: ET.Element, form_field: FormField) -> None:
    element = _sub(
        parent,
        _a("isian"),
        {
            "id": form_field.id,
            "label": form_field.label,
            "jenis": form_field.jenis.value,
            "wajib": _flag(form_field.wajib),
        },
    )
    for choice in form_field.pilihan:
        _text(element, _a("pilihan"), choice)
    if form_field.bantuan:
        _text(element, _a("bantuan"), form_field.bantuan)


def _step_documentation(sop: Sop, step: Step) -> str:
    """Kelengkapan, waktu and output as plain text, as they read in the flow table."""
    lanes = ", ".join(sop.lanes[lane].nama if lane in sop.lanes else lane for lane in step.lanes)
    lines = [f"Pelaksana: {lanes}"]
    lines += _listed("Kelengkapan", [_requirement_text(r) for r in step.requirements])
    lines.append(f"Waktu: {step.waktu or '—'}")
    lines += _listed("Output", [o.nama for o in step.outputs])
    if step.keterangan:
        lines.append(f"Keterangan: {step.keterangan}")
    return "\n".join(lines)


def _requirement_text(requirement: Requirement) -> str:
    notes: list[str] = []
    if requirement.dari is not None:
        notes.append(f"dari langkah {requirement.dari}")
    if requirement.sumber is not Source.LANGKAH:
        notes.append(requirement.sumber.value)
    if not requirement.wajib:
        notes.append("tidak wajib")
    return requirement.nama + (f" ({', '.join(notes)})" if notes else "")


def _listed(title: str, items: Sequence[str]) -> list[str]:
    if not items:
        return [f"{title}: —"]
    return [f"{title}:", *(f"- {item}" for item in items)]
