"""What Alur proposes for each procedure of the monitoring form, read from the period's record.

A visit of a step belongs to the half-year in which it was opened. For each step of the SOP:

- time: a done visit is on time when ``done_at <= due_at``; a visit still open after its due
  time (at the end of the period, or now if the period is not over) is late too;
- documents: every required input that is a document (not equipment) and every file output
  must be held by the case when the visit was done (uploaded by then, a form filled in, or a
  non-file output of a step done by then);
- loops (a second or later visit of the step), the answers of a decision, and the requests
  the step returned, stopped or refused (a decision branch or a final step that ends so) are
  counted and the requests named.

Penilaian is "Berjalan dengan baik" when visits were done and none was late or lacked a
document, "Tidak berjalan dengan baik" when one was late or lacked one, and left empty for the
assessor when nothing happened at the step in the period.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from alur.cases.models import Case, Document, Task
from alur.cases.selectors import non_file_outputs
from alur.catalog.models import SopVersion
from alur.monitoring.models import MonitoringRow
from alur.sop import Decision, End, Outcome, Source, Step, StepKind, condition_holds, document_key
from alur.sop import Sop as SopDefinition

NAMED_CASES = 10
"""At most this many request numbers are named in one sentence; the rest are counted."""


@dataclass(frozen=True)
class Proposal:
    no: int
    step: int
    procedure: str
    assessment: str
    note: str


@dataclass
class _StepFindings:
    done: int = 0
    timed: int = 0
    late: list[str] = field(default_factory=list)
    late_open: list[str] = field(default_factory=list)
    running: int = 0
    incomplete: list[str] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)
    repeats: list[str] = field(default_factory=list)
    decisions: dict[str, int] = field(default_factory=lambda: {"ya": 0, "tidak": 0})
    ended: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def visits(self) -> int:
        return self.done + self.running + len(self.late_open)


def propose(
    version: SopVersion,
    definition: SopDefinition,
    *,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
) -> list[Proposal]:
    """One proposal per step of the SOP that someone acts on (connectors are left out)."""
    cutoff = min(end, now)
    tasks = list(
        Task.objects.filter(sop_version=version, opened_at__gte=start, opened_at__lt=end)
        .exclude(status=Task.Status.CLOSED)
        .select_related("case")
        .order_by("opened_at", "pk")
    )
    cases = {task.case_id: task.case for task in tasks}
    held = _documents_by_case(cases)
    done_steps = _done_steps_by_case(cases)
    findings: dict[int, _StepFindings] = defaultdict(_StepFindings)
    steps = definition.steps
    for task in tasks:
        step = steps.get(task.step)
        if step is None:
            continue
        found = findings[task.step]
        number = task.case.number
        if task.visit > 1:
            found.repeats.append(number)
        if task.done_at is None:
            if task.due_at is not None and task.due_at < cutoff:
                found.late_open.append(number)
            else:
                found.running += 1
            continue
        found.done += 1
        if task.due_at is not None:
            found.timed += 1
            if task.done_at > task.due_at:
                found.late.append(number)
        missing = _missing(
            step, definition, task, held[task.case_id], done_steps[task.case_id], cases
        )
        if missing:
            found.incomplete.append(number)
            found.missing |= missing
        if step.is_decision and task.decision in found.decisions:
            found.decisions[task.decision] += 1
            target = step.ya if task.decision == Decision.YA else step.tidak
            if isinstance(target, End) and target.akhir is not Outcome.SELESAI:
                found.ended[str(target.akhir)].append(number)
        if step.is_end and step.akhir is not Outcome.SELESAI:
            found.ended[str(step.akhir)].append(number)
    proposals = []
    acted = [s for s in definition.langkah if s.jenis is not StepKind.PENGHUBUNG]
    for no, step in enumerate(acted, start=1):
        found = findings[step.no]
        proposals.append(Proposal(no, step.no, step.uraian, _assessment(found), _note(step, found)))
    return proposals


def _documents_by_case(cases: dict[int, Case]) -> dict[int, list[tuple[str, dt.datetime]]]:
    held: dict[int, list[tuple[str, dt.datetime]]] = defaultdict(list)
    rows = Document.objects.filter(case_id__in=cases).values_list("case_id", "name", "uploaded_at")
    for case_id, name, uploaded_at in rows:
        held[case_id].append((document_key(name), uploaded_at))
    return held


def _done_steps_by_case(cases: dict[int, Case]) -> dict[int, list[tuple[int, dt.datetime]]]:
    done: dict[int, list[tuple[int, dt.datetime]]] = defaultdict(list)
    rows = Task.objects.filter(case_id__in=cases, status=Task.Status.DONE).values_list(
        "case_id", "step", "done_at"
    )
    for case_id, step, done_at in rows:
        if done_at is not None:
            done[case_id].append((step, done_at))
    return done


def _missing(
    step: Step,
    definition: SopDefinition,
    task: Task,
    documents: Sequence[tuple[str, dt.datetime]],
    done_steps: Iterable[tuple[int, dt.datetime]],
    cases: dict[int, Case],
) -> set[str]:
    """The documents the visit needed that the case did not hold when the visit was done."""
    at = task.done_at
    if at is None:
        return set()
    have = {key for key, uploaded_at in documents if uploaded_at <= at}
    before = {number for number, done_at in done_steps if done_at <= at}
    have |= {document_key(name) for name in non_file_outputs(definition, before)}
    data = cases[task.case_id].state.get("data") or {}
    needed = [
        (item.nama, item.formulir)
        for item in step.requirements
        if item.wajib
        and item.sumber is not Source.SARANA
        and (item.bila is None or condition_holds(definition, item.bila, data))
    ]
    needed += [(item.nama, item.formulir) for item in step.outputs if item.berkas]
    return {
        name
        for name, form in needed
        if document_key(name) not in have and not (form is not None and form in data)
    }


def _assessment(found: _StepFindings) -> str:
    if found.late or found.late_open or found.incomplete:
        return MonitoringRow.Assessment.NOT_GOOD
    if found.done:
        return MonitoringRow.Assessment.GOOD
    return ""


def _named(numbers: Sequence[str]) -> str:
    distinct = list(dict.fromkeys(numbers))
    shown = ", ".join(distinct[:NAMED_CASES])
    rest = len(distinct) - NAMED_CASES
    if rest > 0:
        shown += " " + _("dan %(n)d lainnya") % {"n": rest}
    return shown


def _note(step: Step, found: _StepFindings) -> str:
    if not found.visits:
        return _("Tidak ada kunjungan langkah ini pada periode ini.")
    parts = []
    if found.done:
        parts.append(_time_sentence(found))
    if found.late_open:
        parts.append(
            _("%(n)d kunjungan belum selesai dan melewati tenggat (%(cases)s).")
            % {"n": len(found.late_open), "cases": _named(found.late_open)}
        )
    if found.running:
        parts.append(_("%(n)d kunjungan masih berjalan.") % {"n": found.running})
    needs_documents = any(r.sumber is not Source.SARANA for r in step.requirements) or any(
        o.berkas for o in step.outputs
    )
    if found.done and needs_documents:
        if found.incomplete:
            parts.append(
                _("Kelengkapan/output tidak lengkap pada %(n)d kunjungan (%(cases)s): %(names)s.")
                % {
                    "n": len(found.incomplete),
                    "cases": _named(found.incomplete),
                    "names": ", ".join(sorted(found.missing)),
                }
            )
        else:
            parts.append(_("Kelengkapan dan output lengkap."))
    if found.repeats:
        parts.append(
            _("%(n)d kunjungan ulang (%(cases)s).")
            % {"n": len(found.repeats), "cases": _named(found.repeats)}
        )
    if step.is_decision and found.done:
        parts.append(
            _("Keputusan: %(ya)d ya, %(tidak)d tidak.")
            % {"ya": found.decisions["ya"], "tidak": found.decisions["tidak"]}
        )
    for outcome, numbers in sorted(found.ended.items()):
        sentence = {
            "dikembalikan": _("%(n)d permohonan dikembalikan (%(cases)s)."),
            "dihentikan": _("%(n)d permohonan dihentikan (%(cases)s)."),
            "ditolak": _("%(n)d permohonan ditolak (%(cases)s)."),
        }[outcome]
        parts.append(sentence % {"n": len(numbers), "cases": _named(numbers)})
    return " ".join(parts)


def _time_sentence(found: _StepFindings) -> str:
    if not found.timed:
        return _("%(n)d kunjungan selesai, tanpa batas waktu.") % {"n": found.done}
    if not found.late:
        return _("%(n)d kunjungan selesai, semuanya tepat waktu.") % {"n": found.done}
    return _("%(late)d dari %(n)d kunjungan terlambat (%(cases)s).") % {
        "late": len(found.late),
        "n": found.timed,
        "cases": _named(found.late),
    }
