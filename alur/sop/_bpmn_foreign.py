"""Read a BPMN process drawn in another tool (no Alur extension elements) by its shape.

    lanes ──▶ pelaksana          userTask/task/manualTask ──▶ a step (uraian = name,
    startEvent ──▶ the first task is ``mulai``                keterangan = documentation)
    task ─▶ exclusiveGateway (2 out) ──▶ ``keputusan`` with ``ya``/``tidak``
    task ─▶ endEvent ──▶ ``selesai`` (akhir read from the end event's name)
    exclusiveGateway (1 out) ──▶ passed through (a merge)

Steps are numbered left to right as drawn (the diagram's x), else in flow order; ``lanjut`` is
written where the next step is not the following number. Which branch of a decision is ``ya`` is
read from the flow's name or condition (ya/yes/true/lengkap/..., tidak/no/false/ditolak/...),
else from the gateway's default flow (``tidak``), else guessed from the order and noted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from alur.sop._bpmn_messages import BpmnProblem
from alur.sop._bpmn_xml import BPMN_NS, BPMNDI_NS, DC_NS, Element, b
from alur.sop._messages import Text
from alur.sop._model import Outcome

PLACEHOLDER = "BELUM DIISI"
"""Written where the SOP needs a value BPMN does not have (the identity block)."""

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

_NO = re.compile(
    r"\b(tidak|tdk|no|false|ditolak|tolak|reject\w*|belum|kurang|invalid|gagal|batal)\b"
)
_YES = re.compile(
    r"\b(ya|yes|true|ok|setuju|disetujui|lengkap|sesuai|layak|tersedia|valid|approved?|"
    r"accept\w*|lulus|berhasil)\b"
)
_RETURNED = re.compile(r"(kembali|tolak|return|reject)")
_STOPPED = re.compile(r"(henti|batal|stop|cancel|abort|gagal)")


def not_carried(element: Element) -> BpmnProblem:
    """The problem for an element the import leaves out (blocking when the flow needs it)."""
    local = etree.QName(element).localname
    if local in BLOCKING:
        kind, why = BLOCKING[local]
        kind = _with_definition(kind, element)
        params = {"kind": kind, "why": why}
        return BpmnProblem("bpmn.not_carried", _name(element), element.sourceline, params, True)
    params = {"kind": Text(local, local), "why": _NO_COUNTERPART}
    return BpmnProblem("bpmn.not_carried", _name(element), element.sourceline, params)


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


def _name(element: Element) -> str:
    found: str = element.get("id") or etree.QName(element).localname
    return found


def _prefixed(element: Element, name: str) -> str:
    """``{uri}local`` as the file writes it, ``prefix:local``."""
    qualified = etree.QName(name)
    for prefix, uri in element.nsmap.items():
        if uri == qualified.namespace and prefix:
            return f"{prefix}:{qualified.localname}"
    return name


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-_")
    return slug[:64].rstrip("-_")


@dataclass
class _Flow:
    id: str
    source: str
    target: str
    element: Element

    @property
    def words(self) -> str:
        condition = self.element.findtext(b("conditionExpression")) or ""
        return f"{self.element.get('name') or ''} {condition}".lower()


@dataclass
class _Foreign:
    process: Element
    pool: str | None
    problems: list[BpmnProblem] = field(default_factory=list)
    nodes: dict[str, tuple[str, Element]] = field(default_factory=dict)
    """id -> (start | end | task | gateway, element)."""
    flows: dict[str, _Flow] = field(default_factory=dict)
    lanes: list[dict[str, str]] = field(default_factory=list)
    lane_of: dict[str, str] = field(default_factory=dict)

    def blocked(self, code: str, element: Element, **params: object) -> None:
        self.problems.append(BpmnProblem(code, _name(element), element.sourceline, params, True))

    def lost(self, code: str, element: Element, **params: object) -> None:
        self.problems.append(BpmnProblem(code, _name(element), element.sourceline, params))

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
                self.flows[_name(child)] = _Flow(_name(child), source, target, child)
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
                where = _name(owner) if owner is not None else None
                self.problems.append(BpmnProblem("bpmn.extension", where, item.sourceline, params))

    def _foreign_attributes(self, element: Element) -> None:
        for name in element.attrib:
            if name.startswith("{"):
                self.lost("bpmn.attribute", element, name=_prefixed(element, name))

    def _node(self, element: Element, local: str) -> None:
        self._foreign_attributes(element)
        kind = {"startEvent": "start", "endEvent": "end", "exclusiveGateway": "gateway"}
        self.nodes[_name(element)] = (kind.get(local, "task"), element)
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
            base = _slug(lane.get("name") or "") or _slug(lane.get("id") or "") or "lajur"
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

    def outgoing(self, node: str) -> list[_Flow]:
        return [flow for flow in self.flows.values() if flow.source == node]

    def kind(self, node: str) -> str:
        return self.nodes[node][0] if node in self.nodes else ""

    def resolve(self, flow: _Flow) -> str | None:
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


def read_foreign_process(
    process: Element, pool: str | None
) -> tuple[dict[str, Any], list[BpmnProblem]]:
    reader = _Foreign(process, pool)
    reader.read()
    steps = _Steps(reader).build()
    return _document(reader, steps), reader.problems


class _Steps:
    def __init__(self, reader: _Foreign) -> None:
        self.r = reader
        self.numbers: dict[str, int] = {}

    def build(self) -> list[dict[str, Any]]:
        r = self.r
        starts = [e for kind, e in r.nodes.values() if kind == "start"]
        tasks = [node for node, (kind, _) in r.nodes.items() if kind == "task"]
        if len(starts) != 1:
            r.problems.append(
                BpmnProblem(
                    "bpmn.start_count",
                    r.process.get("id"),
                    r.process.sourceline,
                    {"count": len(starts)},
                    True,
                )
            )
            return []
        if not tasks:
            r.blocked("bpmn.no_task", r.process)
            return []
        first = self._first_task(starts[0])
        if first is None:
            return []
        order = self._order(first, tasks)
        self.numbers = {node: n for n, node in enumerate(order, start=1)}
        return [self._step(node, index == 0) for index, node in enumerate(order)]

    def _first_task(self, start: Element) -> str | None:
        out = self.r.outgoing(_name(start))
        target = self.r.resolve(out[0]) if len(out) == 1 else None
        if target is None or self.r.kind(target) != "task":
            self.r.blocked("bpmn.start_target", start)
            return None
        return target

    def _order(self, first: str, tasks: list[str]) -> list[str]:
        positions = _positions(self.r.process)
        rest = [t for t in tasks if t != first]
        if all(t in positions for t in rest):
            rest.sort(key=lambda t: positions[t])
        else:
            flow_order = list(self._walk(first))
            rest.sort(key=lambda t: flow_order.index(t) if t in flow_order else len(flow_order))
        return [first, *rest]

    def _walk(self, node: str) -> Iterator[str]:
        seen: set[str] = set()
        stack = [node]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            if self.r.kind(current) == "task":
                yield current
            stack.extend(reversed([f.target for f in self.r.outgoing(current)]))

    def _step(self, node: str, first: bool) -> dict[str, Any]:
        r = self.r
        element = r.nodes[node][1]
        number = self.numbers[node]
        step: dict[str, Any] = {"no": number, "uraian": element.get("name") or node}
        step["jenis"] = "mulai" if first else "proses"
        lane = r.lane_of.get(node)
        if lane is None and r.lanes:
            r.lost("bpmn.no_lane", element)
        step["pelaksana"] = lane or (r.lanes[0]["id"] if r.lanes else "pelaksana")
        note = element.findtext(b("documentation"))
        if note and note.strip():
            step["keterangan"] = note.strip()
        out = r.outgoing(node)
        if len(out) > 1:
            r.blocked("bpmn.split_without_gateway", element, count=len(out))
            return step
        target = r.resolve(out[0]) if out else None
        if not out or r.kind(target or "") == "end":
            if not first:
                step["jenis"] = "selesai"
            end = r.nodes[target][1] if target else None
            outcome = _outcome(end, None)
            if outcome is not Outcome.SELESAI:
                step["akhir"] = outcome.value
        elif r.kind(target or "") == "gateway":
            self._decision(step, r.nodes[target or ""][1])
        elif target is not None and self.numbers[target] != number + 1:
            step["lanjut"] = self.numbers[target]
        return step

    def _decision(self, step: dict[str, Any], gateway: Element) -> None:
        r = self.r
        out = r.outgoing(_name(gateway))
        if len(out) != 2:
            r.blocked("bpmn.gateway_branches", gateway, count=len(out))
            return
        step["jenis"] = "keputusan" if step["jenis"] != "mulai" else "mulai"
        question = (gateway.get("name") or "").strip()
        if question and question != step["uraian"]:
            stop = "" if step["uraian"].endswith((".", "?", "!", ":")) else "."
            step["uraian"] = f"{step['uraian']}{stop} {question}"
        yes, no = _ya_tidak(out, gateway.get("default"))
        if yes is None or no is None:
            yes, no = out
            names = (yes.element.get("name") or yes.id, no.element.get("name") or no.id)
            r.problems.append(
                BpmnProblem(
                    "note.branch_guess",
                    _name(gateway),
                    gateway.sourceline,
                    {"ya": names[0], "tidak": names[1]},
                )
            )
        for choice, flow in (("ya", yes), ("tidak", no)):
            step[choice] = self._branch(flow)

    def _branch(self, flow: _Flow) -> Any:
        r = self.r
        target = r.resolve(flow)
        label = flow.element.get("name")
        if target is None:
            return None
        if r.kind(target) == "end":
            end = r.nodes[target][1]
            outcome = _outcome(end, label)
            reason = end.get("name") or label or outcome.value.capitalize()
            return {"akhir": outcome.value, "alasan": reason}
        if r.kind(target) != "task":
            r.blocked("bpmn.gateway_not_after_task", r.nodes[target][1])
            return None
        number = self.numbers[target]
        plain = label is None or _YES.fullmatch(label.lower()) or _NO.fullmatch(label.lower())
        return number if plain else {"ke": number, "label": label}


def _ya_tidak(out: list[_Flow], default: str | None) -> tuple[_Flow | None, _Flow | None]:
    no = [f for f in out if _NO.search(f.words)]
    yes = [f for f in out if f not in no and _YES.search(f.words)]
    if len(no) == 1:
        return next(f for f in out if f is not no[0]), no[0]
    if len(yes) == 1:
        return yes[0], next(f for f in out if f is not yes[0])
    defaults = [f for f in out if f.id == default]
    if defaults:
        return next(f for f in out if f is not defaults[0]), defaults[0]
    return None, None


def _outcome(end: Element | None, label: str | None) -> Outcome:
    words = f"{'' if end is None else end.get('name') or ''} {label or ''}".lower()
    if _RETURNED.search(words):
        return Outcome.DIKEMBALIKAN
    if _STOPPED.search(words):
        return Outcome.DIHENTIKAN
    return Outcome.SELESAI


def _positions(process: Element) -> dict[str, tuple[float, float]]:
    """Where each flow node is drawn, from the diagram (if the file has one)."""
    root = process.getroottree().getroot()
    found: dict[str, tuple[float, float]] = {}
    for shape in root.iter(f"{{{BPMNDI_NS}}}BPMNShape"):
        bounds = shape.find(f"{{{DC_NS}}}Bounds")
        if bounds is not None:
            position = (float(bounds.get("x", "0")), float(bounds.get("y", "0")))
            found[shape.get("bpmnElement", "")] = position
    return found


def _document(reader: _Foreign, steps: list[dict[str, Any]]) -> dict[str, Any]:
    process = reader.process
    name = process.get("name") or reader.pool or process.get("id") or "SOP"
    kode = _slug(process.get("name") or "") or _slug(process.get("id") or "") or "sop"
    identity: dict[str, Any] = {
        "pemerintah": PLACEHOLDER,
        "instansi": PLACEHOLDER,
        "nama": name,
        "disahkan_oleh": {"jabatan": PLACEHOLDER},
    }
    about = process.findtext(b("documentation"))
    if about and about.strip():
        identity["penjelasan"] = [about.strip()]
    lanes = reader.lanes or [{"id": "pelaksana", "nama": reader.pool or "Pelaksana"}]
    reader.problems.append(BpmnProblem("note.identity", process.get("id"), process.sourceline))
    reader.problems.append(BpmnProblem("note.waktu", process.get("id"), process.sourceline))
    return {
        "format": 1,
        "kode": kode,
        "identitas": identity,
        "pelaksana": lanes,
        "langkah": steps,
    }
