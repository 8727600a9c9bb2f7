"""Checks of the flow table that the model's types cannot express.

Each check yields ``(code, path, params)``; the caller turns paths into lines and columns.
The graph checks run only when the numbering and the branch targets are sound, so one
mistake is reported once, not again as every consequence it has.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from alur.sop._definition.duration import Duration, Unit
from alur.sop._definition.messages import Text
from alur.sop._definition.model import (
    MONTH_DAYS,
    TITLE_FIELDS,
    WEEKDAYS,
    Condition,
    End,
    Every,
    Extension,
    FieldKind,
    Form,
    FormField,
    JointPolicy,
    Outcome,
    RequesterKind,
    Requirement,
    Sop,
    Source,
    StartSchedule,
    Step,
    StepKind,
    document_key,
    target_step,
)
from alur.sop._definition.references import check_references
from alur.sop._definition.requester import check_requester_limits
from alur.sop._definition.source import Path

Finding = tuple[str, Path, Mapping[str, object]]


@dataclass(frozen=True)
class Graph:
    """The flow as edges between step numbers; ends are not nodes."""

    edges: dict[int, list[int]]
    ends_here: frozenset[int]
    """Steps after which the case may end (final steps and branches to an end)."""

    @classmethod
    def of(cls, sop: Sop) -> Graph:
        edges: dict[int, list[int]] = {}
        ends: set[int] = set()
        for step in sop.langkah:
            targets = sop.successors(step)
            edges[step.no] = [n for n in map(target_step, targets) if n is not None]
            if step.is_end or any(isinstance(t, End) for t in targets):
                ends.add(step.no)
        return cls(edges, frozenset(ends))

    def reachable_from(self, start: int) -> set[int]:
        seen = {start}
        stack = [start]
        while stack:
            for nxt in self.edges.get(stack.pop(), []):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return seen

    @cached_property
    def after(self) -> dict[int, set[int]]:
        """For each step, the steps that can follow it (itself included only on a loop)."""
        result: dict[int, set[int]] = {}
        for origin, targets in self.edges.items():
            reached: set[int] = set()
            for target in targets:
                if target not in reached:
                    reached |= self.reachable_from(target)
            result[origin] = reached
        return result

    def ancestors(self) -> dict[int, set[int]]:
        """For each step, the steps from which it can be reached (itself only on a loop)."""
        result: dict[int, set[int]] = {n: set() for n in self.edges}
        for origin, reached in self.after.items():
            for step in reached:
                result.setdefault(step, set()).add(origin)
        return result

    def can_end(self) -> set[int]:
        """Steps from which some path reaches an end."""
        reverse: dict[int, list[int]] = {n: [] for n in self.edges}
        for origin, targets in self.edges.items():
            for target in targets:
                reverse.setdefault(target, []).append(origin)
        seen = set(self.ends_here)
        stack = list(self.ends_here)
        while stack:
            for previous in reverse.get(stack.pop(), []):
                if previous not in seen:
                    seen.add(previous)
                    stack.append(previous)
        return seen


def _row(sop: Sop, step: Step) -> Path:
    return ("langkah", sop.langkah.index(step))


def check_flow(sop: Sop) -> Iterator[Finding]:
    yield from _check_definitions(sop)
    yield from _check_service(sop)
    yield from _check_requester_kinds(sop)
    if sop.format < 2:
        yield from _check_format_1(sop)
    yield from check_references(sop)
    yield from check_requester_limits(sop)
    if sop.jadwal_mulai is not None:
        yield from _check_start_schedule(sop, sop.jadwal_mulai)
    numbering_ok, explained = yield from _check_numbering(sop)
    targets_ok = yield from _check_steps(sop, explained)
    if numbering_ok and targets_ok:
        graph = Graph.of(sop)
        yield from _check_graph(sop, graph)
        yield from _check_inputs(sop, graph)
        yield from _check_condition_fields(sop, graph)
    yield from _check_condition_shapes(sop)


def _duplicates(values: list[str]) -> list[tuple[int, str]]:
    seen: set[str] = set()
    result = []
    for index, value in enumerate(values):
        if value in seen:
            result.append((index, value))
        seen.add(value)
    return result


def _check_fields(fields: list[FormField], path: Path) -> Iterator[Finding]:
    for index, value in _duplicates([f.id for f in fields]):
        yield "field.duplicate", (*path, index, "id"), {"field": value}
    for index, form_field in enumerate(fields):
        if form_field.jenis is FieldKind.PILIHAN and not form_field.pilihan:
            yield "field.choice_without_options", (*path, index), {"field": form_field.id}


def _check_definitions(sop: Sop) -> Iterator[Finding]:
    for index, value in _duplicates([lane.id for lane in sop.pelaksana]):
        yield "lane.duplicate", ("pelaksana", index, "id"), {"lane": value}
    for index, value in _duplicates([form.id for form in sop.formulir]):
        yield "form.duplicate", ("formulir", index, "id"), {"form": value}
    for index, form in enumerate(sop.formulir):
        yield from _check_fields(form.isian, ("formulir", index, "isian"))


_DAYS_OF: dict[Every, tuple[str, ...]] = {
    Every.HARI: (),
    Every.MINGGU: WEEKDAYS,
    Every.BULAN: MONTH_DAYS,
}
_DAY_FIX: dict[Every, Text] = {
    Every.HARI: Text(
        "Hapus 'hari': jadwal harian berlaku tiap hari kerja.",
        "Remove 'hari': a daily schedule runs on every working day.",
    ),
    Every.MINGGU: Text(
        f"Untuk 'setiap: minggu' tulis salah satu: {', '.join(WEEKDAYS)}.",
        f"For 'setiap: minggu' write one of: {', '.join(WEEKDAYS)}.",
    ),
    Every.BULAN: Text(
        f"Untuk 'setiap: bulan' tulis salah satu: {', '.join(MONTH_DAYS)}.",
        f"For 'setiap: bulan' write one of: {', '.join(MONTH_DAYS)}.",
    ),
}


def _check_start_schedule(sop: Sop, schedule: StartSchedule) -> Iterator[Finding]:
    where: Path = ("jadwal_mulai",)
    allowed = _DAYS_OF[schedule.setiap]
    if schedule.hari is None:
        if allowed:
            yield (
                "start.day_missing",
                (*where, "setiap"),
                {"every": schedule.setiap.value, "choices": " | ".join(allowed)},
            )
    elif schedule.hari not in (*WEEKDAYS, *MONTH_DAYS):
        yield (
            "start.day_unknown",
            (*where, "hari"),
            {
                "day": schedule.hari,
                "weekdays": ", ".join(WEEKDAYS),
                "month_days": ", ".join(MONTH_DAYS),
            },
        )
    elif schedule.hari not in allowed:
        yield (
            "start.day_not_for_every",
            (*where, "hari"),
            {
                "day": schedule.hari,
                "every": schedule.setiap.value,
                "fix": _DAY_FIX[schedule.setiap],
            },
        )
    try:
        schedule.time  # noqa: B018 -- parsed to check it
    except ValueError:
        yield "start.bad_time", (*where, "pukul"), {"time": schedule.pukul}
    for name in re.findall(r"\{([^{}]*)\}", schedule.judul or ""):
        if name not in TITLE_FIELDS:
            fields = ", ".join("{" + f + "}" for f in TITLE_FIELDS)
            yield "start.title_field", (*where, "judul"), {"field": name, "fields": fields}
    lanes = sop.lanes
    for lane in sop.first_step.lanes:
        if lane in lanes and lanes[lane].pemohon:
            yield (
                "start.requester_lane",
                (*_row(sop, sop.first_step), "pelaksana"),
                {"step": sop.first_step.no, "lane": lane},
            )


def _check_numbering(sop: Sop) -> Generator[Finding, None, tuple[bool, set[int]]]:
    """Numbers must run 1, 2, 3, ... in row order. Returns whether they do, and the numbers
    whose absence is already explained by a mistyped duplicate (so that nothing else reports
    them again)."""
    numbers = [step.no for step in sop.langkah]
    present = set(numbers)
    explained: set[int] = set()
    seen: set[int] = set()
    previous = 0
    for index, number in enumerate(numbers):
        path: Path = ("langkah", index, "no")
        if number in seen:
            # "3, 3, 5": the second 3 is most likely the missing 4 mistyped
            meant = numbers[index - 1] + 1 if index else 1
            following = numbers[index + 1] if index + 1 < len(numbers) else None
            typo = index > 0 and number == numbers[index - 1]
            if typo and meant not in present and following in (None, meant + 1):
                explained.add(meant)
                yield "step.duplicate_typo", path, {"step": number, "meant": meant}
            else:
                yield "step.duplicate", path, {"step": number}
        elif number < previous:
            yield "step.order", path, {"step": number, "previous": previous}
        seen.add(number)
        previous = max(previous, number)
    expected = 1
    for number in sorted(present):
        gap = (
            [n for n in range(expected, number) if n not in explained] if number > expected else []
        )
        if gap:
            row = numbers.index(number)
            yield (
                "step.missing",
                ("langkah", row, "no"),
                {
                    "step": gap[0],
                    "after": _after_text(expected - 1),
                    "next": number,
                },
            )
        expected = number + 1
    ok = len(seen) == len(numbers) and numbers == sorted(numbers) and numbers[-1] == len(numbers)
    return ok, explained


def _after_text(previous: int) -> Text:
    if previous == 0:
        return Text("di awal tabel", "at the start of the table")
    return Text(f"setelah langkah {previous}", f"after step {previous}")


def _check_steps(sop: Sop, explained: set[int]) -> Generator[Finding, None, bool]:
    """Per-row checks. Returns whether every step can be followed (branches exist, decisions
    have both answers)."""
    ok = True
    numbers = ", ".join(str(s.no) for s in sop.langkah)
    known_steps = sop.steps
    known_lanes = sop.lanes
    lanes = ", ".join(known_lanes)
    forms = ", ".join(sop.forms) or "—"
    for index, step in enumerate(sop.langkah):
        row: Path = ("langkah", index)
        if step.jenis is StepKind.MULAI and index > 0:
            yield "step.start_not_first", (*row, "jenis"), {"step": step.no}
        if index == 0 and step.jenis is not StepKind.MULAI:
            yield "step.first_not_start", (*row, "jenis"), {"step": step.no}
        for lane_index, lane in enumerate(step.lanes):
            if lane not in known_lanes:
                path: Path = (
                    (*row, "pelaksana")
                    if len(step.lanes) == 1
                    else (
                        *row,
                        "pelaksana",
                        lane_index,
                    )
                )
                yield "lane.unknown", path, {"step": step.no, "lane": lane, "lanes": lanes}
        for lane_index, lane in _duplicates(list(step.lanes)):
            yield (
                "lane.duplicate_on_step",
                (*row, "pelaksana", lane_index),
                {
                    "step": step.no,
                    "lane": lane,
                },
            )
        if step.konfirmasi is JointPolicy.SEMUA and len(step.lanes) < 2:
            yield "joint.single_lane", (*row, "konfirmasi"), {"step": step.no}
        ok = (yield from _check_kind(step, row)) and ok
        for key in ("ya", "tidak", "lanjut"):
            target = getattr(step, key)
            number = target if isinstance(target, int) else target_step(target) if target else None
            if number is None:
                continue
            if number not in known_steps:
                ok = False
                if number in explained:
                    continue
                params: dict[str, object] = {
                    "step": step.no,
                    "key": key,
                    "target": number,
                    "steps": numbers,
                }
                yield "flow.unknown_target", (*row, key), params
            elif number == step.no:
                ok = False
                yield "flow.self_loop", (*row, key), {"step": step.no, "key": key}
        yield from _check_step_content(sop, step, row, forms)
        yield from _check_fields(step.isian, (*row, "isian"))
    return ok


def _check_kind(step: Step, row: Path) -> Generator[Finding, None, bool]:
    """Checks of the step's kind; returns False when a decision lacks an answer."""
    complete = True
    if step.is_decision:
        for branch in ("ya", "tidak"):
            if getattr(step, branch) is None:
                complete = False
                yield (
                    "decision.branch_missing",
                    (*row, "jenis"),
                    {
                        "step": step.no,
                        "branch": branch,
                    },
                )
        if step.lanjut is not None:
            yield "decision.next_on_decision", (*row, "lanjut"), {"step": step.no}
    else:
        for branch in ("ya", "tidak"):
            if getattr(step, branch) is not None:
                yield (
                    "decision.branch_on_process",
                    (*row, branch),
                    {
                        "step": step.no,
                        "branch": branch,
                    },
                )
    if step.is_end and step.lanjut is not None:
        yield "end.has_next", (*row, "lanjut"), {"step": step.no, "key": "lanjut"}
    if not step.is_end and step.akhir is not Outcome.SELESAI:
        yield "end.outcome_on_process", (*row, "akhir"), {"step": step.no}
    if step.jenis is StepKind.PENGHUBUNG and (
        step.kelengkapan or step.output or step.isian or step.waktu not in (None, "—", "-", "")
    ):
        yield "connector.with_work", row, {"step": step.no}
    return complete


def _check_step_content(sop: Sop, step: Step, row: Path, forms: str) -> Iterator[Finding]:
    try:
        duration = step.duration
    except ValueError:
        yield "duration.invalid", (*row, "waktu"), {"step": step.no, "text": step.waktu}
        duration = None
    if duration is not None and duration.unit is Unit.SCHEDULED and step.jadwal is None:
        yield "schedule.no_field", (*row, "waktu"), {"step": step.no}
    if step.jadwal is not None and duration is not None and duration.unit is not Unit.SCHEDULED:
        yield "schedule.without_schedule", (*row, "jadwal"), {"step": step.no}
    if step.perpanjangan is not None:
        yield from _check_extension(sop, step, step.perpanjangan, row, duration)
    for index, source in enumerate(step.serah_terima):
        if source not in sop.steps:
            yield (
                "handover.unknown_step",
                (*row, "serah_terima", index),
                {
                    "step": step.no,
                    "source": source,
                },
            )
    if step.serah_terima and step.surat != "berita-acara":
        yield "handover.without_minutes", (*row, "serah_terima"), {"step": step.no}
    for key, items in (("kelengkapan", step.kelengkapan), ("output", step.output)):
        for index, item in enumerate(items):
            form = getattr(item, "formulir", None)
            if form is not None and form not in sop.forms:
                yield (
                    "form.unknown",
                    (*row, key, index, "formulir"),
                    {
                        "step": step.no,
                        "form": form,
                        "forms": forms,
                    },
                )


def _check_format_1(sop: Sop) -> Iterator[Finding]:
    """What a version-1 file may not say: each rule format 2 added, where it is written."""

    def key(name: str) -> Text:
        return Text(f"Kunci '{name}'", f"The key '{name}'")

    refused = Text("Akhir 'ditolak'", "The ending 'ditolak'")
    for name in ("batas_waktu", "perpanjangan", "rujukan", "jadwal_mulai", "jenis_pemohon"):
        if name in sop.model_fields_set:
            yield "format.needs_newer", (name,), {"what": key(name)}
    for index, form in enumerate(sop.formulir):
        for number, form_field in enumerate(form.isian):
            if form_field.bila is not None:
                path: Path = ("formulir", index, "isian", number, "bila")
                yield "format.needs_newer", path, {"what": key("bila")}
    for index, step in enumerate(sop.langkah):
        row: Path = ("langkah", index)
        for name in ("perpanjangan", "rujukan", "batas_pemohon"):
            if name in step.model_fields_set:
                yield "format.needs_newer", (*row, name), {"what": key(name)}
        for number, item in enumerate(step.kelengkapan):
            if isinstance(item, Requirement) and item.bila is not None:
                path = (*row, "kelengkapan", number, "bila")
                yield "format.needs_newer", path, {"what": key("bila")}
        for number, form_field in enumerate(step.isian):
            if form_field.bila is not None:
                yield "format.needs_newer", (*row, "isian", number, "bila"), {"what": key("bila")}
        if step.is_end and step.akhir is Outcome.DITOLAK:
            yield "format.needs_newer", (*row, "akhir"), {"what": refused}
        for branch in ("ya", "tidak"):
            target = getattr(step, branch)
            if isinstance(target, End) and target.akhir is Outcome.DITOLAK:
                yield "format.needs_newer", (*row, branch, "akhir"), {"what": refused}


def _check_requester_kinds(sop: Sop) -> Iterator[Finding]:
    """Who may file (``jenis_pemohon``): each kind once, and a requester lane to file in."""
    kinds = sop.jenis_pemohon
    if kinds is None:
        return
    for index, kind in _duplicates([str(kind) for kind in kinds]):
        yield "requester_kind.duplicate", ("jenis_pemohon", index), {"kind": kind}
    if not kinds:
        yield "requester_kind.empty", ("jenis_pemohon",), {}
        return
    if not any(lane.pemohon for lane in sop.pelaksana):
        yield "requester_kind.no_lane", ("jenis_pemohon",), {}
    elif RequesterKind.PUBLIK in kinds and not any(
        sop.lanes[lane].pemohon for lane in sop.langkah[0].lanes if lane in sop.lanes
    ):
        # A member of the public has no staff account: they can only file the request
        # themselves, as the first step.
        index = kinds.index(RequesterKind.PUBLIK)
        yield (
            "requester_kind.public_not_first",
            ("jenis_pemohon", index),
            {"step": sop.langkah[0].no},
        )


def _check_service(sop: Sop) -> Iterator[Finding]:
    """The whole service's deadline (``batas_waktu``) and its extension limits."""
    if sop.batas_waktu is not None:
        try:
            duration = sop.service_duration
        except ValueError:
            yield "service.duration_invalid", ("batas_waktu",), {"text": sop.batas_waktu}
        else:
            if duration is not None and (
                not duration.has_deadline or duration.unit is Unit.SCHEDULED
            ):
                yield "service.no_due", ("batas_waktu",), {"text": sop.batas_waktu}
    rule = sop.perpanjangan
    if rule is None:
        return
    if sop.batas_waktu is None:
        yield "service.extension_without_due", ("perpanjangan",), {}
    if rule.oleh is not None and rule.oleh not in sop.lanes:
        lanes = ", ".join(sop.lanes)
        yield (
            "service.extension_unknown_lane",
            ("perpanjangan", "oleh"),
            {"lane": rule.oleh, "lanes": lanes},
        )
    if rule.kali == 0 and rule.hari_kerja is not None:
        yield "service.extension_days_without_times", ("perpanjangan", "hari_kerja"), {}


def _check_extension(
    sop: Sop, step: Step, rule: Extension, row: Path, duration: Duration | None
) -> Iterator[Finding]:
    where: Path = (*row, "perpanjangan")
    if duration is not None and (not duration.has_deadline or duration.unit is Unit.SCHEDULED):
        yield "extension.no_due", (*row, "waktu"), {"step": step.no, "text": step.waktu or "—"}
    if rule.oleh is not None and rule.oleh not in sop.lanes:
        lanes = ", ".join(sop.lanes)
        yield (
            "extension.unknown_lane",
            (*where, "oleh"),
            {"step": step.no, "lane": rule.oleh, "lanes": lanes},
        )
    if rule.kali == 0 and rule.hari_kerja is not None:
        yield "extension.days_without_times", (*where, "hari_kerja"), {"step": step.no}


def _check_graph(sop: Sop, graph: Graph) -> Iterator[Finding]:
    first = sop.first_step.no
    reached = graph.reachable_from(first)
    for step in sop.langkah:
        if step.no not in reached:
            yield "flow.unreachable", _row(sop, step), {"step": step.no}
    ending = graph.can_end()
    stuck = [s for s in sop.langkah if s.no in reached and s.no not in ending]
    reported: set[int] = set()
    for step in stuck:
        if step.no in reported:
            continue
        if not graph.edges[step.no] and not step.is_end:
            reported.add(step.no)
            yield "flow.no_end", _row(sop, step), {"step": step.no}
    for step in stuck:
        if step.no in reported:
            continue
        cycle = _cycle_through(graph, step.no)
        if cycle:
            reported |= set(cycle)
            steps = ", ".join(str(n) for n in sorted(cycle))
            yield "flow.dead_loop", _row(sop, sop.steps[min(cycle)]), {"steps": steps}


def _cycle_through(graph: Graph, start: int) -> list[int]:
    """The steps of a loop that ``start`` lies on, or an empty list."""
    if start not in graph.after[start]:
        return []
    return [n for n in graph.after[start] if start in graph.after[n]]


def _check_inputs(sop: Sop, graph: Graph) -> Iterator[Finding]:
    before = graph.ancestors()
    produced: dict[int, set[str]] = {
        s.no: {document_key(o.nama) for o in s.outputs} for s in sop.langkah
    }
    recorded: dict[int, dict[str, FormField]] = {
        s.no: {f.id: f for f in s.isian} for s in sop.langkah
    }
    for step in sop.langkah:
        row = _row(sop, step)
        earlier = before.get(step.no, set())
        for index, requirement in enumerate(step.requirements):
            if requirement.sumber is not Source.LANGKAH:
                continue
            name = document_key(requirement.nama)
            path: Path = (*row, "kelengkapan", index)
            if requirement.dari is not None:
                if requirement.dari not in earlier or name not in produced.get(
                    requirement.dari, set()
                ):
                    yield (
                        "requirement.not_from_step",
                        path,
                        {
                            "step": step.no,
                            "name": requirement.nama,
                            "source": requirement.dari,
                        },
                    )
            elif not any(name in produced[n] for n in earlier):
                yield "requirement.unsupplied", path, {"step": step.no, "name": requirement.nama}
        if step.jadwal is not None:
            sources = [recorded[n][step.jadwal] for n in earlier if step.jadwal in recorded[n]]
            if not sources:
                yield (
                    "schedule.not_recorded",
                    (*row, "jadwal"),
                    {
                        "step": step.no,
                        "field": step.jadwal,
                    },
                )
            elif any(f.jenis is not FieldKind.TANGGAL for f in sources):
                yield (
                    "schedule.not_date",
                    (*row, "jadwal"),
                    {
                        "step": step.no,
                        "field": step.jadwal,
                    },
                )


# --- conditions (bila) ---------------------------------------------------------------------

_Conditioned = tuple[Condition, Path, Text, str, bool]
"""A condition, where it is written, where it reads (for messages), what it applies to and
whether that is required."""


def _conditions(sop: Sop) -> Iterator[tuple[Step | Form, _Conditioned]]:
    """Every ``bila`` of the file, with the step it sits on or the form whose field it is."""
    for form_index, form in enumerate(sop.formulir):
        for index, spec in enumerate(form.isian):
            if spec.bila is not None:
                where = Text(
                    f"Formulir '{form.id}', isian '{spec.id}'",
                    f"Form '{form.id}', field '{spec.id}'",
                )
                path: Path = ("formulir", form_index, "isian", index, "bila")
                yield form, (spec.bila, path, where, spec.label, spec.wajib)
    for step in sop.langkah:
        row = _row(sop, step)
        for index, requirement in enumerate(step.requirements):
            if requirement.bila is not None:
                where = Text(
                    f"Langkah {step.no}, kelengkapan '{requirement.nama}'",
                    f"Step {step.no}, kelengkapan '{requirement.nama}'",
                )
                path = (*row, "kelengkapan", index, "bila")
                found = (requirement.bila, path, where, requirement.nama, requirement.wajib)
                yield step, found
        for index, spec in enumerate(step.isian):
            if spec.bila is not None:
                where = Text(
                    f"Langkah {step.no}, isian '{spec.id}'", f"Step {step.no}, field '{spec.id}'"
                )
                path = (*row, "isian", index, "bila")
                yield step, (spec.bila, path, where, spec.label, spec.wajib)


def _check_condition_shapes(sop: Sop) -> Iterator[Finding]:
    for _owner, (condition, path, where, name, required) in _conditions(sop):
        if condition.sama_dengan is not None and condition.terisi is not None:
            yield "condition.both", path, {"where": where}
        elif not condition.values and condition.terisi is None:
            yield "condition.neither", path, {"where": where}
        if not required:
            yield "condition.not_required", path, {"where": where, "name": name}


def _fields_at(sop: Sop, steps: set[int]) -> dict[str, FormField]:
    """The fields filled in at ``steps``: their own fields and those of the forms filled there."""
    fields: dict[str, FormField] = {}
    for step in sop.langkah:
        if step.no in steps:
            fields |= {spec.id: spec for spec in step.isian}
            for form in sop.forms_filled_at(step):
                fields |= {spec.id: spec for spec in form.isian}
    return fields


def _check_condition_fields(sop: Sop, graph: Graph) -> Iterator[Finding]:
    """A condition names a field filled in at its step or before it (on some path), and a
    value of a choice field among its choices. A form's field may also name a field of its own
    form, or one filled in where the form is."""
    before = graph.ancestors()
    for owner, (condition, path, where, _name, _required) in _conditions(sop):
        if isinstance(owner, Step):
            known = _fields_at(sop, {owner.no, *before.get(owner.no, set())})
        else:
            form = owner
            filling = [s.no for s in sop.langkah if form in sop.forms_filled_at(s)]
            around = set(filling).union(*(before.get(n, set()) for n in filling))
            known = {**_fields_at(sop, around), **{spec.id: spec for spec in form.isian}}
        spec = known.get(condition.isian)
        if spec is None:
            fields = ", ".join(known) or "—"
            params = {"where": where, "field": condition.isian, "fields": fields}
            yield "condition.unknown_field", (*path, "isian"), params
            continue
        if spec.jenis is FieldKind.PILIHAN and spec.pilihan:
            values = condition.values
            for index, value in enumerate(values):
                if value not in spec.pilihan:
                    place: Path = (
                        (*path, "sama_dengan")
                        if isinstance(condition.sama_dengan, str)
                        else (*path, "sama_dengan", index)
                    )
                    yield (
                        "condition.not_a_choice",
                        place,
                        {
                            "where": where,
                            "value": value,
                            "field": condition.isian,
                            "choices": ", ".join(spec.pilihan),
                        },
                    )
