"""Import a BPMN 2.0 process as an Alur SOP definition.

    XML ──lxml──▶ bpmn:definitions ──┬── process with alur:sop ──▶ read.py (exact)
                                     └── any other process ─────▶ foreign.py (by its shape)
                                                                   ▼
                                              BpmnImport(sop, problems) ──▶ dumps(sop) YAML

A process Alur exported comes back as the same SOP (its extension elements carry every field).
A process drawn elsewhere is read by its shape: lanes become pelaksana, tasks become steps
(numbered left to right as drawn, else in flow order), a task followed by an exclusive gateway
with two branches becomes a keputusan, end events become ends. Whatever cannot be carried is
reported with its element id and line, never dropped silently:

- blocking (no SOP is produced): parallel, inclusive, event-based and complex gateways,
  intermediate events, boundary events, subprocesses and call activities, a gateway with more
  than two branches, tasks that split without a gateway, a missing or second start event;
- carried in part (the SOP is produced without it): timer/message/... definitions on the start
  or end events, automated task kinds (service, script, ...; carried as plain steps), vendor
  extension elements and attributes, annotations, data objects, message flows, other processes.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from pydantic import ValidationError

from alur.sop._bpmn.elements import not_carried
from alur.sop._bpmn.foreign import read_foreign_process
from alur.sop._bpmn.messages import BpmnProblem
from alur.sop._bpmn.read import (
    UnreadableValue,
    alur_extension,
    alur_problems,
    read_alur_process,
)
from alur.sop._bpmn.xml import Element, b
from alur.sop._definition.messages import Text
from alur.sop._definition.model import Sop
from alur.sop._definition.shape import problems_from
from alur.sop._definition.source import Located


@dataclass(frozen=True, slots=True)
class BpmnImport:
    """What an import produced: the SOP (None when the flow could not be carried) and every
    problem and note, in document order."""

    sop: Sop | None
    problems: tuple[BpmnProblem, ...]

    @property
    def complete(self) -> bool:
        """True when everything was carried (notes aside)."""
        return self.sop is not None and not any(not p.is_note for p in self.problems)


def from_bpmn(content: str | bytes) -> BpmnImport:
    """Read a BPMN 2.0 document (text or bytes) into an SOP."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno if isinstance(error.lineno, int) else None
        problem = BpmnProblem("bpmn.xml", None, line, {"error": error.msg}, blocking=True)
        return BpmnImport(None, (problem,))
    if root.tag != b("definitions"):
        found = BpmnProblem(
            "bpmn.not_definitions", None, root.sourceline, {"tag": root.tag}, blocking=True
        )
        return BpmnImport(None, (found,))
    processes = list(root.iterfind(b("process")))
    if not processes:
        missing = BpmnProblem("bpmn.no_process", None, root.sourceline, blocking=True)
        return BpmnImport(None, (missing,))
    process = next((p for p in processes if p.find(f".//{b('startEvent')}") is not None), None)
    process = processes[0] if process is None else process
    problems = [
        BpmnProblem("bpmn.more_processes", other.get("id"), other.sourceline)
        for other in processes
        if other is not process
    ]
    problems += _collaboration_problems(root)
    extension = alur_extension(process)
    if extension is not None:
        problems += alur_problems(process)
        try:
            document = read_alur_process(process, extension)
        except UnreadableValue as error:
            owner = error.element
            while owner.get("id") is None and owner.getparent() is not None:
                owner = owner.getparent()
            params = {"name": error.name, "value": error.value or ""}
            where = owner.get("id")
            line = error.element.sourceline
            unreadable = BpmnProblem("bpmn.not_a_number", where, line, params, blocking=True)
            return BpmnImport(None, _ordered([*problems, unreadable]))
    else:
        document, foreign = read_foreign_process(process, _participant_name(root, process))
        problems += foreign
    if any(p.blocking for p in problems):
        return BpmnImport(None, _ordered([p for p in problems if not p.is_note]))
    try:
        sop = Sop.model_validate(document)
    except ValidationError as error:
        # The checker's own messages for the model's errors, in both languages.
        faults = problems_from(error, Located(document), "bpmn")
        said = Text(
            "; ".join(f.message("id") for f in faults), "; ".join(f.message("en") for f in faults)
        )
        invalid = BpmnProblem(
            "bpmn.invalid_result",
            process.get("id"),
            process.sourceline,
            {"error": said},
            blocking=True,
        )
        kept = [p for p in problems if not p.is_note]
        return BpmnImport(None, _ordered([*kept, invalid]))
    return BpmnImport(sop, _ordered(problems))


def _ordered(problems: list[BpmnProblem]) -> tuple[BpmnProblem, ...]:
    return tuple(sorted(problems, key=lambda p: (p.line or 0, p.is_note)))


def _participant_name(root: Element, process: Element) -> str | None:
    for participant in root.iter(b("participant")):
        if participant.get("processRef") == process.get("id") and participant.get("name"):
            name: str = participant.get("name")
            return name
    return None


def _collaboration_problems(root: Element) -> list[BpmnProblem]:
    """Message flows and annotations between pools: an SOP has one pool."""
    found: list[BpmnProblem] = []
    for collaboration in root.iterfind(b("collaboration")):
        for element in collaboration:
            if not isinstance(element.tag, str) or element.tag == b("participant"):
                continue
            found.append(not_carried(element))
    return found


__all__ = ["BpmnImport", "BpmnProblem", "from_bpmn"]
