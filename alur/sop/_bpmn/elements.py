"""The elements of a BPMN process drawn in another tool: which are carried, which are reported.

``ForeignProcess.read`` sorts the process's children into flow nodes, sequence flows and lanes,
and reports, with element id and line, every element, event definition, vendor extension and
vendor attribute that an Alur SOP has no place for (``not_carried``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from alur.sop._bpmn.messages import BpmnProblem
from alur.sop._bpmn.xml import BPMN_NS, Element, b
from alur.sop._definition.messages import Text

TASKS = {"userTask", "task", "manualTask"}
AUTOMATED_TASKS = {"serviceTask", "scriptTask", "sendTask", "receiveTask", "businessRuleTask"}
_NODE_PARTS = {"documentation", "extensionElements", "incoming", "outgoing", "conditionExpression"}

_CONCURRENT = Text(
    "Alur menjalankan satu langkah pada satu waktu, tanpa cabang yang berjalan bersamaan",
    "Alur runs one step at a time, with no branches running at once",
)
_EVENTS = Text(
    "di Alur tenggat adalah waktu langkah dan hubungan dengan pihak lain adalah langkah, "
    "bukan peristiwa",
    "in Alur deadlines are step times and dealings with others are steps, not events",
)
_NESTED = Text(
    "SOP Alur datar; SOP lain dimulai dengan 'memulai' pada sebuah langkah",
    "an Alur SOP is flat; another SOP is started with a step's 'memulai'",
)
_NO_COUNTERPART = Text(
    "tidak ada padanannya dalam SOP Alur", "it has no counterpart in an Alur SOP"
)

BLOCKING = {
    "parallelGateway": (Text("gerbang paralel", "a parallel gateway"), _CONCURRENT),
    "inclusiveGateway": (Text("gerbang inklusif", "an inclusive gateway"), _CONCURRENT),
    "complexGateway": (Text("gerbang kompleks", "a complex gateway"), _CONCURRENT),
    "eventBasedGateway": (Text("gerbang berbasis peristiwa", "an event-based gateway"), _EVENTS),
    "intermediateCatchEvent": (Text("peristiwa antara", "an intermediate event"), _EVENTS),
    "intermediateThrowEvent": (Text("peristiwa antara", "an intermediate event"), _EVENTS),
    "boundaryEvent": (Text("peristiwa batas", "a boundary event"), _EVENTS),
    "subProcess": (Text("subproses", "a subprocess"), _NESTED),
    "adHocSubProcess": (Text("subproses ad hoc", "an ad hoc subprocess"), _NESTED),
    "transaction": (Text("transaksi", "a transaction"), _NESTED),
    "callActivity": (Text("pemanggilan proses", "a call activity"), _NESTED),
}


def not_carried(element: Element) -> BpmnProblem:
    """The problem for an element the import leaves out (blocking when the flow needs it)."""
    local = etree.QName(element).localname
    if local in BLOCKING:
        kind, why = BLOCKING[local]
        kind = _with_definition(kind, element)
        params = {"kind": kind, "why": why}
        return BpmnProblem(
            "bpmn.not_carried", element_name(element), element.sourceline, params, True
        )
    params = {"kind": Text(local, local), "why": _NO_COUNTERPART}
    return BpmnProblem("bpmn.not_carried", element_name(element), element.sourceline, params)


def _with_definition(kind: Text, element: Element) -> Text:
    definitions = [
        etree.QName(child).localname.removesuffix("EventDefinition")
        for child in element
        if isinstance(child.tag, str) and child.tag.endswith("EventDefinition")
    ]
    if not definitions:
        return kind
    extra = ", ".join(definitions)
    return Text(f"{kind.id} ({extra})", f"{kind.en} ({extra})")


def element_name(element: Element) -> str:
    found: str = element.get("id") or etree.QName(element).localname
    return found


def _prefixed(element: Element, name: str) -> str:
    """``{uri}local`` as the file writes it, ``prefix:local``."""
    qualified = etree.QName(name)
    for prefix, uri in element.nsmap.items():
        if uri == qualified.namespace and prefix:
            return f"{prefix}:{qualified.localname}"
    return name


def slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-_")
    return slug[:64].rstrip("-_")


@dataclass
class ForeignFlow:
    id: str
    source: str
    target: str
    element: Element

    @property
    def words(self) -> str:
        condition = self.element.findtext(b("conditionExpression")) or ""
        return f"{self.element.get('name') or ''} {condition}".lower()


@dataclass
class ForeignProcess:
    process: Element
    pool: str | None
    problems: list[BpmnProblem] = field(default_factory=list)
    nodes: dict[str, tuple[str, Element]] = field(default_factory=dict)
    """id -> (start | end | task | gateway, element)."""
    flows: dict[str, ForeignFlow] = field(default_factory=dict)
    lanes: list[dict[str, str]] = field(default_factory=list)
    lane_of: dict[str, str] = field(default_factory=dict)

    def blocked(self, code: str, element: Element, **params: object) -> None:
        self.problems.append(
            BpmnProblem(code, element_name(element), element.sourceline, params, True)
        )

    def lost(self, code: str, element: Element, **params: object) -> None:
        self.problems.append(BpmnProblem(code, element_name(element), element.sourceline, params))

    # --- reading the elements --------------------------------------------------------------

    def read(self) -> None:
        self._foreign_attributes(self.process)
        for child in self.process:
            if not isinstance(child.tag, str):
                continue
            local = etree.QName(child).localname
            if etree.QName(child).namespace != BPMN_NS:
                self.lost("bpmn.extension", child, tag=_prefixed(child, child.tag))
            elif local in ("documentation", "extensionElements"):
                self._extensions(child)
            elif local == "laneSet":
                self._lane_set(child)
            elif local in ("startEvent", "endEvent", "exclusiveGateway", *TASKS, *AUTOMATED_TASKS):
                self._node(child, local)
            elif local == "sequenceFlow":
                self._foreign_attributes(child)
                self._extensions(child.find(b("extensionElements")))
                source, target = child.get("sourceRef", ""), child.get("targetRef", "")
                self.flows[element_name(child)] = ForeignFlow(
                    element_name(child), source, target, child
                )
            else:
                self.problems.append(not_carried(child))

    def _extensions(self, extension: Element | None) -> None:
        """Report each vendor element in ``extension`` under its owner's id, at its own line."""
        if extension is None or etree.QName(extension).localname != "extensionElements":
            return
        owner = extension.getparent()
        for item in extension:
            if isinstance(item.tag, str):
                params = {"tag": _prefixed(item, item.tag)}
                where = element_name(owner) if owner is not None else None
                self.problems.append(BpmnProblem("bpmn.extension", where, item.sourceline, params))

    def _foreign_attributes(self, element: Element) -> None:
        for name in element.attrib:
            if name.startswith("{"):
                self.lost("bpmn.attribute", element, name=_prefixed(element, name))

    def _node(self, element: Element, local: str) -> None:
        self._foreign_attributes(element)
        kind = {"startEvent": "start", "endEvent": "end", "exclusiveGateway": "gateway"}
        self.nodes[element_name(element)] = (kind.get(local, "task"), element)
        if local in AUTOMATED_TASKS:
            self.lost("bpmn.task_kind", element, kind=local)
        for part in element:
            if not isinstance(part.tag, str):
                continue
            part_name = etree.QName(part).localname
            if part_name == "extensionElements":
                self._extensions(part)
            elif part_name.endswith("EventDefinition"):
                self.lost("bpmn.event_definition", element, kind=part_name)
            elif part_name not in _NODE_PARTS:
                self.problems.append(not_carried(part))

    def _lane_set(self, lane_set: Element) -> None:
        taken: set[str] = set()
        for lane in lane_set.iterfind(b("lane")):
            base = slug(lane.get("name") or "") or slug(lane.get("id") or "") or "lajur"
            lane_id, n = base, 2
            while lane_id in taken:
                lane_id, n = f"{base}-{n}", n + 1
            taken.add(lane_id)
            self.lanes.append({"id": lane_id, "nama": lane.get("name") or lane_id})
            if lane.find(b("childLaneSet")) is not None:
                self.lost("bpmn.nested_lane", lane)
            for ref in lane.iter(b("flowNodeRef")):
                self.lane_of.setdefault((ref.text or "").strip(), lane_id)

    # --- the flow --------------------------------------------------------------------------

    def outgoing(self, node: str) -> list[ForeignFlow]:
        return [flow for flow in self.flows.values() if flow.source == node]

    def kind(self, node: str) -> str:
        return self.nodes[node][0] if node in self.nodes else ""

    def resolve(self, flow: ForeignFlow) -> str | None:
        """Where a flow leads, passing merge gateways (one way out); None when it leads to an
        element that is not carried (already reported)."""
        node, seen = flow.target, set()
        while self.kind(node) == "gateway" and len(self.outgoing(node)) == 1 and node not in seen:
            seen.add(node)
            node = self.outgoing(node)[0].target
        if node not in self.nodes:
            if node not in {e.get("id") for e in self.process}:
                self.blocked("bpmn.dangling_flow", flow.element, ref=node)
            return None
        return node
