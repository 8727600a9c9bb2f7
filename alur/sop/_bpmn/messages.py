"""What the BPMN import reports, in Indonesian and English."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from alur.sop._definition.messages import Catalog, Lang

MESSAGES = Catalog(
    {
        "bpmn.xml": (
            "berkas bukan XML yang sah: {error}",
            "not well-formed XML: {error}",
        ),
        "bpmn.not_definitions": (
            "elemen akar {tag} bukan bpmn:definitions BPMN 2.0",
            "the root element {tag} is not a BPMN 2.0 bpmn:definitions",
        ),
        "bpmn.no_process": (
            "tidak ada bpmn:process di berkas ini",
            "there is no bpmn:process in this file",
        ),
        "bpmn.more_processes": (
            "satu berkas SOP memuat satu proses; proses ini tidak dibawa",
            "one SOP file holds one process; this process is not carried",
        ),
        "bpmn.not_carried": (
            "{kind} tidak dapat dibawa ke SOP Alur: {why}",
            "{kind} cannot be carried into an Alur SOP: {why}",
        ),
        "bpmn.event_definition": (
            "{kind} pada peristiwa ini tidak dibawa; peristiwanya dibawa sebagai awal/akhir biasa",
            "the {kind} on this event is not carried; the event is carried as a plain start/end",
        ),
        "bpmn.task_kind": (
            "{kind} dibawa sebagai langkah biasa yang dikerjakan orang; "
            "pekerjaan otomatisnya tidak dibawa",
            "the {kind} is carried as a plain step people do; its automation is not carried",
        ),
        "bpmn.extension": (
            "elemen perluasan {tag} tidak dibawa",
            "the extension element {tag} is not carried",
        ),
        "bpmn.attribute": (
            "atribut {name} tidak dibawa",
            "the attribute {name} is not carried",
        ),
        "bpmn.start_count": (
            "proses harus punya tepat satu peristiwa awal (startEvent); ada {count}",
            "the process must have exactly one start event; it has {count}",
        ),
        "bpmn.start_target": (
            "peristiwa awal harus menuju sebuah tugas: langkah pertama SOP adalah tugas",
            "the start event must lead to a task: an SOP's first step is a task",
        ),
        "bpmn.split_without_gateway": (
            "{count} alur keluar tanpa gerbang eksklusif berarti jalan bersamaan; "
            "Alur menjalankan satu langkah pada satu waktu",
            "{count} outgoing flows without an exclusive gateway run in parallel; "
            "Alur runs one step at a time",
        ),
        "bpmn.no_outgoing": (
            "tugas ini tidak punya alur keluar; hubungkan ke langkah berikutnya atau ke akhir",
            "this task has no outgoing flow; connect it to the next step or to an end",
        ),
        "bpmn.gateway_branches": (
            "gerbang eksklusif ini punya {count} cabang; keputusan Alur punya dua: ya dan tidak",
            "this exclusive gateway has {count} branches; an Alur decision has two: ya and tidak",
        ),
        "bpmn.gateway_not_after_task": (
            "gerbang ini tidak didahului sebuah tugas; keputusan Alur diambil pada sebuah langkah",
            "no task comes before this gateway; an Alur decision is taken at a step",
        ),
        "bpmn.dangling_flow": (
            "alur ini menunjuk elemen {ref} yang tidak ada atau tidak dibawa",
            "this flow points at {ref}, which does not exist or is not carried",
        ),
        "bpmn.no_task": (
            "proses tidak punya tugas (userTask/task) yang dapat menjadi langkah",
            "the process has no task (userTask/task) to become a step",
        ),
        "bpmn.no_lane": (
            "tugas ini tidak berada di lajur mana pun; dimasukkan ke lajur pertama",
            "this task is in no lane; it is put in the first lane",
        ),
        "bpmn.nested_lane": (
            "lajur bersarang (childLaneSet) tidak dibawa; tugasnya masuk lajur induk",
            "nested lanes (childLaneSet) are not carried; their tasks go to the parent lane",
        ),
        "bpmn.task_without_row": (
            "tugas ini ditambahkan ke ekspor Alur tanpa baris alur:langkah; hapus perluasan "
            "alur:sop dari proses agar berkas dibaca menurut bentuknya",
            "this task was added to an Alur export without an alur:langkah row; remove the "
            "process's alur:sop extension to have the file read by its shape",
        ),
        "bpmn.not_a_number": (
            'atribut {name}="{value}" pada elemen Alur ini harus berupa nomor langkah',
            'the attribute {name}="{value}" on this Alur element must be a step number',
        ),
        "bpmn.invalid_result": (
            "hasilnya bukan SOP yang sah: {error}",
            "the result is not a valid SOP: {error}",
        ),
        "note.identity": (
            "identitas SOP (pemerintah, instansi, disahkan oleh) tidak ada dalam BPMN: "
            "isi nilai bertanda 'BELUM DIISI'",
            "the SOP's identity (government, office, approved by) is not in BPMN: "
            "fill in the values marked 'BELUM DIISI'",
        ),
        "note.waktu": (
            "waktu langkah tidak ada dalam BPMN: isi 'waktu' setiap langkah",
            "step times are not in BPMN: fill in each step's 'waktu'",
        ),
        "note.branch_guess": (
            "cabang ya/tidak ditebak dari urutan: '{ya}' = ya, '{tidak}' = tidak; periksa",
            "the ya/tidak branches were guessed from their order: '{ya}' = ya, "
            "'{tidak}' = tidak; check them",
        ),
    }
)


@dataclass(frozen=True, slots=True)
class BpmnProblem:
    """Something the import could not carry (or, for a note, a guess it made), and where."""

    code: str
    element: str | None
    """The id of the BPMN element concerned (or its tag when it has no id)."""
    line: int | None
    params: Mapping[str, object] = field(default_factory=dict)
    blocking: bool = False
    """True when no SOP can be written without it (the flow itself cannot be carried)."""

    @property
    def is_note(self) -> bool:
        return self.code.startswith("note.")

    def message(self, lang: Lang = "id") -> str:
        return MESSAGES.render(self.code, lang, self.params)

    def format(self, file: str, lang: Lang = "id") -> str:
        where = file if self.line is None else f"{file}:{self.line}"
        label = {"id": ("catatan", "tidak dibawa"), "en": ("note", "not carried")}[lang]
        kind = label[0] if self.is_note else label[1]
        element = f" [{self.element}]" if self.element else ""
        return f"{where}:{element} {kind}: {self.message(lang)}"
