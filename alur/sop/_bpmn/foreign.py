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
from typing import Any

from alur.sop._bpmn.elements import ForeignFlow, ForeignProcess, element_name, slug
from alur.sop._bpmn.messages import BpmnProblem
from alur.sop._bpmn.xml import BPMNDI_NS, DC_NS, Element, b
from alur.sop._definition.model import FORMAT_VERSION, Outcome

PLACEHOLDER = "BELUM DIISI"
"""Written where the SOP needs a value BPMN does not have (the identity block)."""

_NO = re.compile(
    r"\b(tidak|tdk|no|false|ditolak|tolak|reject\w*|belum|kurang|invalid|gagal|batal)\b"
)
_YES = re.compile(
    r"\b(ya|yes|true|ok|setuju|disetujui|lengkap|sesuai|layak|tersedia|valid|approved?|"
    r"accept\w*|lulus|berhasil)\b"
)
_RETURNED = re.compile(r"(kembali|return)")
_REFUSED = re.compile(r"(tolak|reject|refus|deni|deny|declin)")
_STOPPED = re.compile(r"(henti|batal|stop|cancel|abort|gagal)")


def read_foreign_process(
    process: Element, pool: str | None
) -> tuple[dict[str, Any], list[BpmnProblem]]:
    reader = ForeignProcess(process, pool)
    reader.read()
    steps = _Steps(reader).build()
    return _document(reader, steps), reader.problems


class _Steps:
    def __init__(self, reader: ForeignProcess) -> None:
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
        out = self.r.outgoing(element_name(start))
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
        out = r.outgoing(element_name(gateway))
        if len(out) != 2:
            r.blocked("bpmn.gateway_branches", gateway, count=len(out))
            return
        step["jenis"] = "keputusan" if step["jenis"] != "mulai" else "mulai"
        question = (gateway.get("name") or "").strip()
        if question and question not in step["uraian"]:
            stop = "" if step["uraian"].endswith((".", "?", "!", ":")) else "."
            step["uraian"] = f"{step['uraian']}{stop} {question}"
        yes, no = _ya_tidak(out, gateway.get("default"))
        if yes is None or no is None:
            yes, no = out
            names = (yes.element.get("name") or yes.id, no.element.get("name") or no.id)
            r.problems.append(
                BpmnProblem(
                    "note.branch_guess",
                    element_name(gateway),
                    gateway.sourceline,
                    {"ya": names[0], "tidak": names[1]},
                )
            )
        for choice, flow in (("ya", yes), ("tidak", no)):
            step[choice] = self._branch(flow)

    def _branch(self, flow: ForeignFlow) -> Any:
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


def _ya_tidak(
    out: list[ForeignFlow], default: str | None
) -> tuple[ForeignFlow | None, ForeignFlow | None]:
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
    if _REFUSED.search(words):
        return Outcome.DITOLAK
    if _STOPPED.search(words):
        return Outcome.DIHENTIKAN
    return Outcome.SELESAI


def _positions(process: Element) -> dict[str, tuple[float, float]]:
    """Where each flow node is drawn, from the diagram (if the file has one)."""
    root = process.getroottree().getroot()
    found: dict[str, tuple[float, float]] = {}
    for shape in root.iter(f"{{{BPMNDI_NS}}}BPMNShape"):
        bounds = shape.find(f"{{{DC_NS}}}Bounds")
        if bounds is None:
            continue
        try:
            position = (float(bounds.get("x", "")), float(bounds.get("y", "")))
        except ValueError:
            continue  # a shape without a readable place: its node is ordered by the flow
        found[shape.get("bpmnElement", "")] = position
    return found


def _document(reader: ForeignProcess, steps: list[dict[str, Any]]) -> dict[str, Any]:
    process = reader.process
    name = process.get("name") or reader.pool or process.get("id") or "SOP"
    kode = slug(process.get("name") or "") or slug(process.get("id") or "") or "sop"
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
        "format": FORMAT_VERSION,
        "kode": kode,
        "identitas": identity,
        "pelaksana": lanes,
        "langkah": steps,
    }
