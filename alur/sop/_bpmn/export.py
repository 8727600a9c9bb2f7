"""Export an SOP as a BPMN 2.0 document, laid out, for BPMN tools and engines.

    Sop ──process_graph──▶ ProcessGraph ──_render──▶ <bpmn:definitions>
                                                      ├── collaboration (one pool)
                                                      ├── process (laneSet, nodes, flows)
                                                      └── BPMNDiagram (``layout.py``)

The graph (``graph.py``) says which BPMN node each row becomes. Everything an import needs
to rebuild the SOP exactly travels in extension elements of the Alur namespace (``ALUR_NS``):
the identity block, forms and reference documents on the process, the lane details on each
lane, the full row (waktu, kelengkapan, output, fields, references, ...) on each task, the
branch on each decision flow, and the connectors on the flows that pass them. Where the SOP
file allows one value two ways (a kelengkapan as text or as a mapping, a branch as a number or
as ``{ke: N}``), the element says which, so the import gives back the same model. Kelengkapan,
waktu, output and the references used are also written as the task's plain-text documentation,
for people reading the model in a tool.

This module never imports SpiffWorkflow.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

from alur.sop._bpmn.graph import (
    DECISION_CHOICES,
    Flow,
    Node,
    NodeKind,
    ProcessGraph,
    decision_condition,
    decision_variable,
    gateway_id,
    process_graph,
    process_id,
    task_id,
)
from alur.sop._bpmn.layout import render_diagram
from alur.sop._bpmn.xml import (
    ALUR_NS,
    BPMN_NS,
    PREFIXES,
    XSI_NS,
    Element,
    a,
    b,
    flag,
    q,
    sub,
    text,
)
from alur.sop._definition.duration import Unit, parse_duration
from alur.sop._definition.model import (
    Condition,
    End,
    Every,
    FormField,
    Goto,
    JointPolicy,
    Outcome,
    Requirement,
    Sop,
    Source,
    StartSchedule,
    Step,
    StepKind,
    Target,
)

__all__ = [
    "ALUR_NS",
    "BPMN_NS",
    "DECISION_CHOICES",
    "EXPORT_VERSION",
    "decision_condition",
    "decision_variable",
    "gateway_id",
    "process_graph",
    "process_id",
    "task_id",
    "to_bpmn",
]

EXPORT_VERSION = 1
"""The version of the Alur extension elements this module writes (``exporterVersion``)."""


def to_bpmn(sop: Sop) -> str:
    """The SOP as a BPMN 2.0 document (XML text, UTF-8 when written out)."""
    root = _render(sop, process_graph(sop))
    etree.indent(root, space="  ")
    # No encoding in the declaration: the text is a str, and lxml refuses a str that names one.
    body: str = etree.tostring(root, encoding="unicode")
    return '<?xml version="1.0"?>\n' + body + "\n"


def _render(sop: Sop, graph: ProcessGraph) -> Element:
    root = etree.Element(
        b("definitions"),
        {
            "id": f"definitions_{graph.process_id}",
            "targetNamespace": f"{ALUR_NS}/sop/{sop.kode}",
            "exporter": "Alur",
            "exporterVersion": str(EXPORT_VERSION),
        },
        nsmap=PREFIXES,
    )
    collaboration = f"collaboration_{graph.process_id}"
    participant = f"participant_{graph.process_id}"
    pool = sub(root, b("collaboration"), {"id": collaboration})
    sub(
        pool,
        b("participant"),
        {"id": participant, "name": graph.name, "processRef": graph.process_id},
    )
    process = sub(
        root,
        b("process"),
        {"id": graph.process_id, "name": graph.name, "isExecutable": "true"},
    )
    _process_documentation(process, sop)
    _process_extension(process, sop)
    _lane_set(process, sop, graph)
    for node in graph.nodes:
        _flow_node(process, sop, graph, node)
    for flow in graph.flows:
        _sequence_flow(process, flow)
    render_diagram(root, graph, collaboration, participant)
    return root


def _process_documentation(process: Element, sop: Sop) -> None:
    identity = sop.identitas
    office = " — ".join(part for part in (identity.pemerintah, identity.instansi) if part)
    lines = [identity.nama] + ([office] if office else [])
    if identity.nomor:
        lines.append(f"Nomor SOP: {identity.nomor}")
    text(process, b("documentation"), "\n".join(lines))


def _process_extension(process: Element, sop: Sop) -> None:
    extension = sub(process, b("extensionElements"))
    element = sub(extension, a("sop"), {"kode": sop.kode, "format": str(sop.format)})
    _dump(element, "identitas", sop.identitas.model_dump(mode="json", exclude_defaults=True))
    if sop.jenis_pemohon is not None:
        _dump(element, "jenis_pemohon", [str(kind) for kind in sop.jenis_pemohon])
    _dump(element, "batas_waktu", sop.batas_waktu)
    if sop.perpanjangan is not None:
        _dump(
            element, "perpanjangan", sop.perpanjangan.model_dump(mode="json", exclude_defaults=True)
        )
    if sop.formulir:
        forms = [form.model_dump(mode="json", exclude_defaults=True) for form in sop.formulir]
        _dump(element, "formulir", forms)
    if sop.rujukan:
        references = [r.model_dump(mode="json", exclude_defaults=True) for r in sop.rujukan]
        _dump(element, "rujukan", references)
    if sop.jadwal_mulai is not None:
        _dump(element, "jadwal_mulai", sop.jadwal_mulai.model_dump(mode="json"))


def _dump(parent: Element, key: str, value: Any) -> None:
    """JSON-shaped data as elements: a mapping's keys become children, a list's items ``item``.

    An empty list is marked ``kosong="true"`` and an empty mapping (a signer with every field
    left out) ``kosong="pemetaan"``, so each reads back as itself, not as empty text.
    """
    if value is None:
        return
    element = sub(parent, a(key))
    if isinstance(value, Mapping):
        if not value:
            element.set("kosong", "pemetaan")
        for name, item in value.items():
            _dump(element, str(name), item)
    elif isinstance(value, list):
        if not value:
            element.set("kosong", "true")
        for item in value:
            _dump(element, "item", item)
    elif isinstance(value, bool):
        element.text = flag(value)
    else:
        element.text = str(value)


def _lane_set(process: Element, sop: Sop, graph: ProcessGraph) -> None:
    lane_set = sub(process, b("laneSet"), {"id": "laneset"})
    for lane in sop.pelaksana:
        element = sub(lane_set, b("lane"), {"id": f"lane_{lane.id}", "name": lane.nama})
        if lane.keterangan:
            text(element, b("documentation"), lane.keterangan)
        extension = sub(element, b("extensionElements"))
        sub(
            extension,
            a("pelaksana"),
            {
                "id": lane.id,
                "peran": lane.peran,
                "pemohon": flag(lane.pemohon) if lane.pemohon else None,
            },
        )
        for node in graph.lane_nodes(lane.id):
            text(element, b("flowNodeRef"), node)


def _flow_node(process: Element, sop: Sop, graph: ProcessGraph, node: Node) -> None:
    element = sub(process, b(node.kind.value), {"id": node.id, "name": node.name})
    if node.kind is NodeKind.TASK and node.step is not None:
        text(element, b("documentation"), _step_documentation(sop, node.step))
        extension = sub(element, b("extensionElements"))
        _step_element(extension, node.step)
    elif node.kind is NodeKind.GATEWAY and node.step is not None:
        extension = sub(element, b("extensionElements"))
        sub(
            extension,
            a("keputusan"),
            {"langkah": str(node.step.no), "variabel": decision_variable(node.step.no)},
        )
    elif node.kind is NodeKind.END and node.outcome is not None:
        if node.reason:
            text(element, b("documentation"), node.reason)
        extension = sub(element, b("extensionElements"))
        sub(
            extension,
            a("akhir"),
            {
                "hasil": node.outcome.value,
                "langkah": None if node.step is None else str(node.step.no),
            },
        )
    for flow in graph.incoming(node.id):
        text(element, b("incoming"), flow)
    for flow in graph.outgoing(node.id):
        text(element, b("outgoing"), flow)
    if node.kind is NodeKind.START and sop.jadwal_mulai is not None:
        _timer(element, sop.jadwal_mulai)


_CYCLES = {Every.HARI: "R/P1D", Every.MINGGU: "R/P1W", Every.BULAN: "R/P1M"}


def _timer(start: Element, schedule: StartSchedule) -> None:
    """A scheduled SOP's start as BPMN's own timer start event. The ISO 8601 cycle says only how
    often (a modeller's tools know no office calendar); the exact rule (weekday, working day,
    time) is in ``alur:jadwal_mulai``, which an import reads."""
    timer = sub(start, b("timerEventDefinition"), {"id": "start_timer"})
    cycle = sub(timer, b("timeCycle"), {q(XSI_NS, "type"): "bpmn:tFormalExpression"})
    cycle.text = _CYCLES[schedule.setiap]


def _sequence_flow(process: Element, flow: Flow) -> None:
    element = sub(
        process,
        b("sequenceFlow"),
        {"id": flow.id, "name": flow.name, "sourceRef": flow.source, "targetRef": flow.target},
    )
    if flow.decision is not None or flow.via:
        extension = sub(element, b("extensionElements"))
        if flow.decision is not None and flow.branch is not None:
            _branch_element(extension, flow.decision, flow.branch)
        if flow.via:
            through = sub(extension, a("melalui"))
            for connector in flow.via:
                _step_element(through, connector)
    if flow.condition is not None:
        text(
            element,
            b("conditionExpression"),
            flow.condition,
            **{q(XSI_NS, "type"): "bpmn:tFormalExpression"},
        )


def _branch_element(parent: Element, choice: str, branch: Target) -> None:
    if isinstance(branch, End):
        element = sub(parent, a("cabang"), {"keputusan": choice, "akhir": branch.akhir.value})
        text(element, a("alasan"), branch.alasan)
    elif isinstance(branch, Goto):
        attributes = {"keputusan": choice, "ke": str(branch.ke), "label": branch.label}
        sub(parent, a("cabang"), {**attributes, "bentuk": "pemetaan"})
    else:
        sub(parent, a("cabang"), {"keputusan": choice, "ke": str(branch)})


# --- one row of the flow table ---------------------------------------------------------------


def _step_element(parent: Element, step: Step) -> None:
    """The whole row as ``alur:langkah``, so an import can rebuild it."""
    one_lane_listed = not isinstance(step.pelaksana, str) and len(step.pelaksana) == 1
    element = sub(
        parent,
        a("langkah"),
        {
            "no": str(step.no),
            "jenis": step.jenis.value,
            "konfirmasi": None
            if step.konfirmasi is JointPolicy.SALAH_SATU
            else step.konfirmasi.value,
            "akhir": step.akhir.value if step.is_end or step.akhir is not Outcome.SELESAI else None,
            "lanjut": None if step.lanjut is None else str(step.lanjut),
            "jadwal": step.jadwal,
            "registri": None if step.registri is None else step.registri.value,
            "surat": step.surat,
            "pelaksana": "daftar" if one_lane_listed else None,
        },
    )
    for lane in step.lanes:
        sub(element, a("pelaksana"), {"lajur": lane})
    _waktu(element, step.waktu)
    for item in step.kelengkapan:
        if isinstance(item, str):
            sub(element, a("kelengkapan"), {"nama": item})
        else:
            _requirement(element, item)
    for output in step.output:
        if isinstance(output, str):
            sub(element, a("output"), {"nama": output})
        else:
            attributes = {"nama": output.nama, "berkas": flag(output.berkas)}
            sub(element, a("output"), {**attributes, "formulir": output.formulir})
    for form_field in step.isian:
        _form_field(element, form_field)
    for handed_over in step.serah_terima:
        sub(element, a("serah_terima"), {"langkah": str(handed_over)})
    for reference in step.rujukan:
        sub(element, a("rujukan"), {"id": reference})
    if step.memulai is not None:
        related = step.memulai
        started = sub(
            element,
            a("memulai"),
            {"sop": related.sop, "menunggu": flag(related.menunggu)},
        )
        if related.keterangan:
            started.text = related.keterangan
    if step.perpanjangan is not None:
        rule = step.perpanjangan
        sub(
            element,
            a("perpanjangan"),
            {
                "kali": None if rule.kali is None else str(rule.kali),
                "hari_kerja": None if rule.hari_kerja is None else str(rule.hari_kerja),
                "oleh": rule.oleh,
                "pemberitahuan": flag(rule.pemberitahuan),
            },
        )
    if step.batas_pemohon is not None:
        limit = step.batas_pemohon
        attributes = {"hari": str(limit.hari)}
        if limit.pengingat:
            attributes["pengingat"] = " ".join(str(days) for days in limit.pengingat)
        sub(element, a("batas_pemohon"), attributes)
    if step.keterangan:
        text(element, a("keterangan"), step.keterangan)
    if step.jenis is StepKind.PENGHUBUNG:
        text(element, a("uraian"), step.uraian)


def _requirement(parent: Element, requirement: Requirement) -> None:
    """A kelengkapan written as a mapping: ``sumber`` and ``wajib`` are always there, and its
    condition (``bila``) as a child written as the file writes it."""
    element = sub(
        parent,
        a("kelengkapan"),
        {
            "nama": requirement.nama,
            "sumber": requirement.sumber.value,
            "dari": None if requirement.dari is None else str(requirement.dari),
            "formulir": requirement.formulir,
            "wajib": flag(requirement.wajib),
        },
    )
    _condition(element, requirement.bila)


def _condition(parent: Element, condition: Condition | None) -> None:
    if condition is not None:
        _dump(parent, "bila", condition.model_dump(mode="json", exclude_none=True))


def _waktu(parent: Element, waktu: str | None) -> None:
    if waktu is None:
        return
    try:
        duration = parse_duration(waktu)
    except ValueError:
        text(parent, a("waktu"), waktu)
        return
    has_amount = duration.unit not in (Unit.NONE, Unit.SCHEDULED)
    text(
        parent,
        a("waktu"),
        waktu,
        satuan=duration.unit.value,
        jumlah=str(duration.amount) if has_amount else None,
        maksimal=flag(True) if duration.maximum else None,
    )


def _form_field(parent: Element, form_field: FormField) -> None:
    element = sub(
        parent,
        a("isian"),
        {
            "id": form_field.id,
            "label": form_field.label,
            "jenis": form_field.jenis.value,
            "wajib": flag(form_field.wajib),
        },
    )
    for choice in form_field.pilihan:
        text(element, a("pilihan"), choice)
    if form_field.bantuan:
        text(element, a("bantuan"), form_field.bantuan)
    _condition(element, form_field.bila)


def _step_documentation(sop: Sop, step: Step) -> str:
    """Kelengkapan, waktu and output as plain text, as they read in the flow table."""
    lanes = ", ".join(sop.lanes[lane].nama if lane in sop.lanes else lane for lane in step.lanes)
    lines = [f"Pelaksana: {lanes}"]
    lines += _listed("Kelengkapan", [_requirement_text(r) for r in step.requirements])
    lines.append(f"Waktu: {step.waktu or '—'}")
    lines += _listed("Output", [o.nama for o in step.outputs])
    if step.keterangan:
        lines.append(f"Keterangan: {step.keterangan}")
    if step.rujukan:
        lines += _listed("Rujukan", [r.nama for r in sop.references_of(step)])
    return "\n".join(lines)


def _requirement_text(requirement: Requirement) -> str:
    notes: list[str] = []
    if requirement.dari is not None:
        notes.append(f"dari langkah {requirement.dari}")
    if requirement.sumber is not Source.LANGKAH:
        notes.append(requirement.sumber.value)
    if not requirement.wajib:
        notes.append("tidak wajib")
    if requirement.bila is not None:
        notes.append(f"wajib bila {_condition_words(requirement.bila)}")
    return requirement.nama + (f" ({', '.join(notes)})" if notes else "")


def _condition_words(condition: Condition) -> str:
    if condition.terisi is not None:
        return f"{condition.isian} {'terisi' if condition.terisi else 'kosong'}"
    return f"{condition.isian} = {' atau '.join(condition.values)}"


def _listed(title: str, items: Sequence[str]) -> list[str]:
    if not items:
        return [f"{title}: —"]
    return [f"{title}:", *(f"- {item}" for item in items)]
