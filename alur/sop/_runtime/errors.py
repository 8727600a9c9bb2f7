"""Why the engine said no: every error carries a code and parameters, rendered late.

    EngineError                    code + params, .message(lang)
    ├── Refused                    an action the rules do not allow now; the state is unchanged
    │   ├── CaseAlreadyEnded       case_ended
    │   ├── StepNotOpen            step_not_open
    │   ├── LaneMayNotAct          lane_not_allowed
    │   ├── LaneAlreadyConfirmed   already_confirmed
    │   ├── DecisionProblem        decision_required, decision_not_allowed, decision_unknown
    │   ├── ReasonRequired         reason_required
    │   ├── RelatedCaseProblem     waiting_for_related_case, not_waiting_for_related_case
    │   ├── DocumentsMissing       missing_documents, missing_conditional_documents
    │   ├── DataProblem            missing_data, data_invalid
    │   ├── ScheduleProblem        schedule_date_missing, schedule_date_invalid
    │   ├── NoReturnBranch         no_return_branch
    │   ├── CannotMove             move_waiting, move_unmapped, move_no_step, move_connector,
    │   │                          move_same_target
    │   └── NaiveTime              naive_datetime
    ├── DefinitionError            the SOP cannot run as written (definition_*)
    └── StateFormatError           a stored state this code cannot read (state_*)

Indonesian comes first in every message: it says what is wrong and what to do about it.
"""

from __future__ import annotations

from collections.abc import Mapping

from alur.sop._definition.messages import Catalog, Lang, Text
from alur.sop._definition.model import Outcome

_OUTCOME_TEXT = {
    Outcome.SELESAI: Text("selesai", "finished"),
    Outcome.DIKEMBALIKAN: Text("dikembalikan kepada pemohon", "returned to the requester"),
    Outcome.DIHENTIKAN: Text("dihentikan", "stopped"),
    Outcome.DITOLAK: Text("ditolak", "refused"),
}

MESSAGES = Catalog(
    {
        "case_ended": (
            "Kasus ini sudah berakhir ({outcome}); tidak ada langkah yang dapat dikerjakan lagi.",
            "This case has already ended ({outcome}); no step can be acted on any more.",
        ),
        "step_not_open": (
            "Langkah {step} tidak sedang terbuka. Kerjakan langkah yang terbuka: {open}.",
            "Step {step} is not open. Act on an open step: {open}.",
        ),
        "lane_not_allowed": (
            "Pelaksana '{lane}' tidak bertindak pada langkah {step}. "
            "Yang dapat bertindak sekarang: {lanes}.",
            "Lane '{lane}' does not act on step {step}. Lanes that may act now: {lanes}.",
        ),
        "already_confirmed": (
            "Pelaksana '{lane}' sudah mengonfirmasi langkah {step}. "
            "Langkah ini menunggu konfirmasi dari: {waiting}.",
            "Lane '{lane}' has already confirmed step {step}. "
            "The step is waiting for a confirmation from: {waiting}.",
        ),
        "decision_required": (
            "Langkah {step} adalah keputusan: pilih 'ya' atau 'tidak'.",
            "Step {step} is a decision: choose 'ya' (yes) or 'tidak' (no).",
        ),
        "decision_not_allowed": (
            "Langkah {step} bukan keputusan: kirim tanpa pilihan 'ya'/'tidak'.",
            "Step {step} is not a decision: send it without a 'ya'/'tidak' choice.",
        ),
        "decision_unknown": (
            "Keputusan '{decision}' tidak dikenal pada langkah {step}: pilih 'ya' atau 'tidak'.",
            "Decision '{decision}' is not known at step {step}: choose 'ya' or 'tidak'.",
        ),
        "reason_required": (
            "Pilihan '{decision}' pada langkah {step} mengakhiri kasus ({outcome}). "
            "Tuliskan alasannya; alasan itu disampaikan kepada pemohon.",
            "Choosing '{decision}' at step {step} ends the case ({outcome}). "
            "Write the reason; it is passed on to the requester.",
        ),
        "waiting_for_related_case": (
            "Langkah {step} menunggu kasus SOP terkait '{sop}' berakhir. "
            "Selesaikan kasus terkait itu terlebih dahulu.",
            "Step {step} is waiting for the case of the related SOP '{sop}' to end. "
            "Finish that related case first.",
        ),
        "not_waiting_for_related_case": (
            "Langkah {step} tidak sedang menunggu kasus SOP terkait.",
            "Step {step} is not waiting for a related SOP's case.",
        ),
        "missing_documents": (
            "Berkas untuk langkah {step} belum lengkap: {missing}. "
            "Lampirkan berkas tersebut, lalu ulangi.",
            "Documents for step {step} are incomplete: {missing}. Attach them and try again.",
        ),
        "missing_conditional_documents": (
            "{missing}. Lampirkan berkas tersebut, lalu ulangi.",
            "{missing}. Attach it and try again.",
        ),
        "missing_data": (
            "Isian wajib langkah {step} belum diisi: {missing}.",
            "Required fields of step {step} are not filled in: {missing}.",
        ),
        "data_invalid": (
            "Isian '{field}' tidak dapat disimpan: {problem}.",
            "Field '{field}' cannot be stored: {problem}.",
        ),
        "schedule_date_missing": (
            "Langkah {step} dijadwalkan ('Sesuai jadwal'), tetapi tanggal '{field}' belum dicatat. "
            "Isi tanggal itu bersama tindakan ini.",
            "Step {step} is due as scheduled, but the date '{field}' has not been recorded. "
            "Fill it in with this action.",
        ),
        "schedule_date_invalid": (
            "Tanggal jadwal '{field}' untuk langkah {step} bukan tanggal ('{value}'). "
            "Tulis dengan format TTTT-BB-HH, mis. 2026-03-31.",
            "The schedule date '{field}' for step {step} is not a date ('{value}'). "
            "Write it as YYYY-MM-DD, e.g. 2026-03-31.",
        ),
        "no_return_branch": (
            "Langkah {step} tidak memiliki cabang untuk mengembalikan permohonan kepada pemohon.",
            "Step {step} has no branch that returns the request to the requester.",
        ),
        "naive_datetime": (
            "Waktu tindakan '{at}' tidak menyebut zona waktu; sertakan zona waktunya.",
            "The action time '{at}' has no time zone; include one.",
        ),
        "definition_unknown_step": (
            "Definisi SOP: langkah {step} menuju langkah {target} yang tidak ada.",
            "SOP definition: step {step} leads to step {target}, which does not exist.",
        ),
        "definition_bad_duration": (
            "Definisi SOP: waktu langkah {step} ('{waktu}') tidak dapat dibaca.",
            "SOP definition: the time of step {step} ('{waktu}') cannot be read.",
        ),
        "definition_branch_missing": (
            "Definisi SOP: keputusan pada langkah {step} tidak memiliki cabang '{decision}'.",
            "SOP definition: the decision at step {step} has no '{decision}' branch.",
        ),
        "definition_connector_loop": (
            "Definisi SOP: penghubung mulai langkah {step} berputar tanpa langkah yang dikerjakan.",
            "SOP definition: the connectors from step {step} loop without any step to work on.",
        ),
        "move_waiting": (
            "Langkah {step} menunggu permohonan terkait berakhir; kasus dapat dipindahkan "
            "setelah permohonan itu berakhir.",
            "Step {step} is waiting for a related case to end; the case can be moved once that "
            "case has ended.",
        ),
        "move_unmapped": (
            "Langkah terbuka {step} belum dipetakan ke langkah versi baru. "
            "Pilih langkah tujuannya.",
            "Open step {step} is not mapped to a step of the new version. Choose where it goes.",
        ),
        "move_no_step": (
            "Langkah {target} (tujuan langkah {step}) tidak ada pada versi baru. "
            "Langkah versi baru: {steps}.",
            "Step {target} (where step {step} would go) is not in the new version. "
            "Its steps: {steps}.",
        ),
        "move_connector": (
            "Langkah {target} pada versi baru adalah penghubung; pilih langkah yang dikerjakan "
            "seseorang sebagai tujuan langkah {step}.",
            "Step {target} of the new version is a connector; choose a step someone works on as "
            "the place for step {step}.",
        ),
        "move_same_target": (
            "Langkah terbuka {steps} dipetakan ke langkah yang sama ({target}); "
            "setiap langkah terbuka perlu tujuan sendiri.",
            "Open steps {steps} are mapped to the same step ({target}); each open step needs its "
            "own place.",
        ),
        "state_version_unknown": (
            "Status kasus tersimpan memakai versi {version} yang tidak dikenal (dikenal: {known}).",
            "The stored case state uses version {version}, which is not known (known: {known}).",
        ),
        "state_malformed": (
            "Status kasus tersimpan tidak dapat dibaca: {problem}.",
            "The stored case state cannot be read: {problem}.",
        ),
    }
)


def _display(value: object) -> object:
    """Lists read as a comma-separated sentence part; outcomes read in the message's language."""
    if isinstance(value, Outcome):
        return _OUTCOME_TEXT[value]
    if isinstance(value, list | tuple):
        if any(isinstance(item, Text) for item in value):
            return Text(
                ", ".join(item.id if isinstance(item, Text) else str(item) for item in value),
                ", ".join(item.en if isinstance(item, Text) else str(item) for item in value),
            )
        return ", ".join(str(item) for item in value) or "-"
    return value


class EngineError(Exception):
    """Base of every engine error: a message code and its parameters."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params: Mapping[str, object] = params
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "id") -> str:
        shown = {name: _display(value) for name, value in self.params.items()}
        return MESSAGES.render(self.code, lang, shown)


class Refused(EngineError):
    """An action the rules do not allow now. The state it was tried on is unchanged."""


class CaseAlreadyEnded(Refused):
    pass


class StepNotOpen(Refused):
    pass


class LaneMayNotAct(Refused):
    pass


class LaneAlreadyConfirmed(Refused):
    pass


class DecisionProblem(Refused):
    pass


class ReasonRequired(Refused):
    pass


class RelatedCaseProblem(Refused):
    pass


class DocumentsMissing(Refused):
    pass


class DataProblem(Refused):
    pass


class ScheduleProblem(Refused):
    pass


class NoReturnBranch(Refused):
    pass


class NaiveTime(Refused):
    pass


class CannotMove(Refused):
    """The case cannot continue on another version of its SOP as asked."""


class DefinitionError(EngineError):
    """The SOP cannot run as written; the SOP checker reports the same with file and line."""


class StateFormatError(EngineError):
    """A stored case state that this code cannot read."""
