"""Read back an SOP that Alur exported: the extension elements hold every field.

    bpmn:process
    ├── alur:sop (kode, format) ── alur:identitas, alur:formulir,      → identitas, formulir,
    │                              alur:rujukan, alur:batas_waktu,       rujukan, batas_waktu,
    │                              alur:jadwal_mulai,                    jadwal_mulai,
    │                              alur:jenis_pemohon, ...               jenis_pemohon, ...
    ├── bpmn:lane ── alur:pelaksana (id, peran, pemohon), name, doc    → pelaksana
    ├── bpmn:userTask ── name, alur:langkah                            → langkah (one row each)
    └── bpmn:sequenceFlow ── alur:cabang (ya/tidak of a decision),     → the rows' branches
                             alur:melalui/alur:langkah (connectors)    → the penghubung rows

Anything else found in the process (an element added in a modeller) is reported, not read;
structural edits to the flows themselves are not detected: to import an edited drawing by its
shape, remove the process's ``alur:sop`` element.

The BPMN names (the process, a lane, a task) win over the copies in the extension elements, so
a name corrected in a modeller comes back corrected. The result is JSON-shaped data for the
model; the caller validates it.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from alur.sop._bpmn.elements import not_carried
from alur.sop._bpmn.messages import BpmnProblem
from alur.sop._bpmn.xml import Element, a, b

JsonData = dict[str, Any]


class UnreadableValue(ValueError):
    """A number in an Alur extension element that is not one."""

    def __init__(self, element: Element, name: str, value: str | None) -> None:
        super().__init__(name)
        self.element = element
        self.name = name
        self.value = value


def _int(element: Element, name: str) -> int:
    value = element.get(name)
    if value is None or not value.strip().isdigit():
        raise UnreadableValue(element, name, value)
    return int(value)


def alur_extension(process: Element) -> Element | None:
    """The ``alur:sop`` element of a process Alur exported, or None."""
    found: Element | None = process.find(f"{b('extensionElements')}/{a('sop')}")
    return found


_EXPORTED = {
    "documentation",
    "extensionElements",
    "laneSet",
    "startEvent",
    "userTask",
    "exclusiveGateway",
    "endEvent",
    "sequenceFlow",
}
"""The children of a process Alur writes."""


def alur_problems(process: Element) -> list[BpmnProblem]:
    """What was added to an Alur export that the export's elements do not carry."""
    found: list[BpmnProblem] = []
    for child in process:
        if not isinstance(child.tag, str):
            continue
        if etree.QName(child).localname not in _EXPORTED:
            found.append(not_carried(child))
        elif (
            child.tag == b("userTask")
            and child.find(f"{b('extensionElements')}/{a('langkah')}") is None
        ):
            problem = BpmnProblem(
                "bpmn.task_without_row", child.get("id"), child.sourceline, blocking=True
            )
            found.append(problem)
    return found


def read_alur_process(process: Element, extension: Element) -> JsonData:
    document: JsonData = {
        "format": _int(extension, "format"),
        "kode": extension.get("kode"),
    }
    identity = extension.find(a("identitas"))
    document["identitas"] = {} if identity is None else _undump(identity)
    if process.get("name"):
        document["identitas"]["nama"] = process.get("name")
    document["pelaksana"] = [_lane(lane) for lane in process.iter(b("lane"))]
    keys = ("jenis_pemohon", "batas_waktu", "perpanjangan", "formulir", "rujukan", "jadwal_mulai")
    for key in keys:
        found = extension.find(a(key))
        if found is not None:
            document[key] = _undump(found)
    rows: dict[int, JsonData] = {}
    for task in process.iter(b("userTask")):
        row = task.find(f"{b('extensionElements')}/{a('langkah')}")
        if row is not None:
            step = _row(row)
            step["uraian"] = task.get("name", "")
            rows[step["no"]] = step
    for flow in process.iter(b("sequenceFlow")):
        for connector in flow.iterfind(f"{b('extensionElements')}/{a('melalui')}/{a('langkah')}"):
            step = _row(connector)
            rows.setdefault(step["no"], step)
        branch = flow.find(f"{b('extensionElements')}/{a('cabang')}")
        if branch is not None:
            _branch(rows, process, flow, branch)
    document["langkah"] = [rows[no] for no in sorted(rows)]
    return document


def _branch(rows: dict[int, JsonData], process: Element, flow: Element, branch: Element) -> None:
    gateway = process.find(f"{b('exclusiveGateway')}[@id='{flow.get('sourceRef')}']")
    if gateway is None:
        return
    marker = gateway.find(f"{b('extensionElements')}/{a('keputusan')}")
    if marker is None or _int(marker, "langkah") not in rows:
        return
    choice = branch.get("keputusan", "")
    target: Any
    if branch.get("akhir") is not None:
        target = {"akhir": branch.get("akhir"), "alasan": branch.findtext(a("alasan"), "")}
    elif branch.get("bentuk") == "pemetaan":
        target = {"ke": _int(branch, "ke")}
        if branch.get("label") is not None:
            target["label"] = branch.get("label")
    else:
        target = _int(branch, "ke")
    rows[_int(marker, "langkah")][choice] = target


def _lane(lane: Element) -> JsonData:
    details = lane.find(f"{b('extensionElements')}/{a('pelaksana')}")
    found: JsonData = {"id": lane.get("id", "").removeprefix("lane_"), "nama": lane.get("name")}
    if details is not None:
        found["id"] = details.get("id")
        if details.get("peran") is not None:
            found["peran"] = details.get("peran")
        if details.get("pemohon") is not None:
            found["pemohon"] = details.get("pemohon") == "true"
    note = lane.findtext(b("documentation"))
    if note:
        found["keterangan"] = note
    return found


_ROW_ATTRIBUTES = ("jenis", "konfirmasi", "akhir", "jadwal", "registri", "surat")


def _row(element: Element) -> JsonData:
    step: JsonData = {"no": _int(element, "no")}
    for key in _ROW_ATTRIBUTES:
        if element.get(key) is not None:
            step[key] = element.get(key)
    if element.get("lanjut") is not None:
        step["lanjut"] = _int(element, "lanjut")
    lanes = [lane.get("lajur") for lane in element.iterfind(a("pelaksana"))]
    listed = len(lanes) > 1 or element.get("pelaksana") == "daftar"
    step["pelaksana"] = lanes if listed else (lanes[0] if lanes else "")
    waktu = element.find(a("waktu"))
    if waktu is not None:
        step["waktu"] = waktu.text or ""
    step["kelengkapan"] = [_requirement(item) for item in element.iterfind(a("kelengkapan"))]
    step["output"] = [_output(item) for item in element.iterfind(a("output"))]
    step["isian"] = [_field(item) for item in element.iterfind(a("isian"))]
    handed_over = [_int(item, "langkah") for item in element.iterfind(a("serah_terima"))]
    if handed_over:
        step["serah_terima"] = handed_over
    references = [item.get("id") for item in element.iterfind(a("rujukan"))]
    if references:
        step["rujukan"] = references
    started = element.find(a("memulai"))
    if started is not None:
        step["memulai"] = {
            "sop": started.get("sop"),
            "menunggu": started.get("menunggu") == "true",
            "keterangan": started.text or None,
        }
    extension = element.find(a("perpanjangan"))
    if extension is not None:
        step["perpanjangan"] = _extension(extension)
    limit = element.find(a("batas_pemohon"))
    if limit is not None:
        step["batas_pemohon"] = _requester_limit(limit)
    for key in ("keterangan", "uraian"):
        value = element.findtext(a(key))
        if value is not None:
            step[key] = value
    return step


def _extension(item: Element) -> JsonData:
    rule: JsonData = {"pemberitahuan": item.get("pemberitahuan") == "true"}
    for key in ("kali", "hari_kerja"):
        if item.get(key) is not None:
            rule[key] = _int(item, key)
    if item.get("oleh") is not None:
        rule["oleh"] = item.get("oleh")
    return rule


def _requester_limit(item: Element) -> JsonData:
    rule: JsonData = {"hari": _int(item, "hari")}
    reminders = (item.get("pengingat") or "").split()
    if reminders:
        rule["pengingat"] = [_reminder(days) for days in reminders]
    return rule


def _reminder(text: str) -> int | str:
    """A reminder's days as a number, or the text as written for the checker to refuse."""
    return int(text) if text.lstrip("-").isdigit() else text


def _requirement(item: Element) -> str | JsonData:
    if item.get("sumber") is None:
        plain: str = item.get("nama", "")
        return plain
    found: JsonData = {
        "nama": item.get("nama"),
        "sumber": item.get("sumber"),
        "wajib": item.get("wajib") == "true",
    }
    if item.get("dari") is not None:
        found["dari"] = _int(item, "dari")
    if item.get("formulir") is not None:
        found["formulir"] = item.get("formulir")
    _condition(item, found)
    return found


def _condition(item: Element, found: JsonData) -> None:
    """A condition (``bila``) as the exporter's ``_dump`` wrote it."""
    condition = item.find(a("bila"))
    if condition is not None:
        found["bila"] = _undump(condition)


def _output(item: Element) -> str | JsonData:
    if item.get("berkas") is None:
        plain: str = item.get("nama", "")
        return plain
    found: JsonData = {"nama": item.get("nama"), "berkas": item.get("berkas") == "true"}
    if item.get("formulir") is not None:
        found["formulir"] = item.get("formulir")
    return found


def _field(item: Element) -> JsonData:
    found: JsonData = {
        "id": item.get("id"),
        "label": item.get("label"),
        "jenis": item.get("jenis"),
        "wajib": item.get("wajib") == "true",
        "pilihan": [choice.text or "" for choice in item.iterfind(a("pilihan"))],
    }
    help_text = item.findtext(a("bantuan"))
    if help_text is not None:
        found["bantuan"] = help_text
    _condition(item, found)
    return found


def _undump(element: Element) -> Any:
    """The inverse of the exporter's ``_dump``: elements back to JSON-shaped data."""
    children = list(element)
    if not children:
        if element.get("kosong") == "true":
            return []
        if element.get("kosong") == "pemetaan":
            return {}
        return element.text or ""
    if all(child.tag == a("item") for child in children):
        return [_undump(child) for child in children]
    return {etree.QName(child).localname: _undump(child) for child in children}
