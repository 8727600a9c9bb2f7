"""The SOP as the engine reads it: steps indexed once, and what one step asks of an action.

    Flow(sop)          refuses a definition that cannot run (DefinitionError), then answers:
    ├── step(n)        the row of the flow table
    ├── next_of(n)     where a non-decision step leads (None: the case ends there)
    ├── branch(n, d)   where decision n leads on answer d: a step (Goto/int) or an End
    ├── options(n)     both answers of a decision, as the people deciding see them
    └── duration(n)    the parsed waktu

    step checks        decision given exactly for decisions, documents handed over,
                       required fields filled in, a schedule date that reads as a date

The index is built here rather than taken from ``Sop``'s cached properties, because a ``Sop``
made with ``model_copy`` keeps the cached index of the one it was copied from.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from alur.sop._definition.condition import condition_holds, condition_text
from alur.sop._definition.duration import Duration, parse_duration
from alur.sop._definition.messages import Text
from alur.sop._definition.model import (
    End,
    Outcome,
    Sop,
    Source,
    Step,
    StepKind,
    Target,
    document_key,
    target_step,
)
from alur.sop._runtime.errors import (
    DataProblem,
    DecisionProblem,
    DefinitionError,
    DocumentsMissing,
    ScheduleProblem,
)
from alur.sop._runtime.state import Decision, FrozenValue

OUTCOMES_NEEDING_REASON = frozenset({Outcome.DIKEMBALIKAN, Outcome.DIHENTIKAN, Outcome.DITOLAK})
"""Ending a case this way must say why: the reason goes back to the requester."""


@dataclass(frozen=True, slots=True)
class BranchOption:
    """One answer of a decision step and where it leads."""

    decision: Decision
    label: str | None
    goes_to: int | None
    """The step it opens, or None when it ends the case."""
    ends: Outcome | None
    reason: str | None
    """The SOP's printed reason for an ending branch (``alasan``)."""
    needs_note: bool
    """Choosing it ends the case as returned, stopped or refused, so the actor must write why."""


class Flow:
    def __init__(self, sop: Sop) -> None:
        self.sop = sop
        self.first = sop.langkah[0].no
        self._steps = {step.no: step for step in sop.langkah}
        self._lanes = {step.no: step.lanes for step in sop.langkah}
        self._next = {step.no: sop.next_of(step) for step in sop.langkah}
        self.lane_names = {lane.id: lane.nama for lane in sop.pelaksana}
        self.field_labels = {f.id: f.label for step in sop.langkah for f in step.isian}
        self._durations = {step.no: _parse_duration(step) for step in sop.langkah}
        self._branches = self._index_branches()
        self._check_targets()
        self._check_connectors()

    def step(self, no: int) -> Step:
        return self._steps[no]

    def lanes(self, no: int) -> tuple[str, ...]:
        return self._lanes[no]

    def next_of(self, no: int) -> int | None:
        return self._next[no]

    def duration(self, no: int) -> Duration:
        return self._durations[no]

    def branch(self, no: int, choice: Decision) -> Target:
        return self._branches[no][choice]

    def ending(self, no: int, choice: Decision | None) -> Outcome | None:
        """How answering ``choice`` at step ``no`` ends the case, or None if the case goes on."""
        if choice is None:
            return None
        branch = self.branch(no, choice)
        return branch.akhir if isinstance(branch, End) else None

    def return_choice(self, no: int) -> Decision | None:
        """The answer of step ``no`` that returns the request to the requester, if any."""
        return next(
            (c for c in self._branches.get(no, {}) if self.ending(no, c) is Outcome.DIKEMBALIKAN),
            None,
        )

    def options(self, no: int) -> tuple[BranchOption, ...]:
        return tuple(
            _option(choice, branch) for choice, branch in self._branches.get(no, {}).items()
        )

    def _index_branches(self) -> dict[int, dict[Decision, Target]]:
        branches: dict[int, dict[Decision, Target]] = {}
        for step in self.sop.langkah:
            if not step.is_decision:
                continue
            branches[step.no] = {}
            for choice, branch in ((Decision.YA, step.ya), (Decision.TIDAK, step.tidak)):
                if branch is None:
                    raise DefinitionError(
                        "definition_branch_missing", step=step.no, decision=choice.value
                    )
                branches[step.no][choice] = branch
        return branches

    def _check_targets(self) -> None:
        for step in self.sop.langkah:
            targets: list[int | None] = [step.lanjut]
            targets += [target_step(b) for b in self._branches.get(step.no, {}).values()]
            for target in targets:
                if target is not None and target not in self._steps:
                    raise DefinitionError("definition_unknown_step", step=step.no, target=target)

    def _check_connectors(self) -> None:
        """Connectors pass on by themselves, so a ring of them would never stop."""
        for step in self.sop.langkah:
            seen: set[int] = set()
            current: int | None = step.no
            while current is not None and self._steps[current].jenis is StepKind.PENGHUBUNG:
                if current in seen:
                    raise DefinitionError("definition_connector_loop", step=step.no)
                seen.add(current)
                current = self._next[current]


def _parse_duration(step: Step) -> Duration:
    try:
        return parse_duration(step.waktu)
    except ValueError:
        raise DefinitionError("definition_bad_duration", step=step.no, waktu=step.waktu) from None


def _option(choice: Decision, branch: Target) -> BranchOption:
    ends = branch.akhir if isinstance(branch, End) else None
    return BranchOption(
        decision=choice,
        label=None if isinstance(branch, int | End) else branch.label,
        goes_to=target_step(branch),
        ends=ends,
        reason=branch.alasan if isinstance(branch, End) else None,
        needs_note=ends in OUTCOMES_NEEDING_REASON,
    )


# --- what one step asks of an action ----------------------------------------------------------


def read_decision(step: Step, decision: Decision | str | None) -> Decision | None:
    if not step.is_decision:
        if decision is not None:
            raise DecisionProblem("decision_not_allowed", step=step.no)
        return None
    if decision is None:
        raise DecisionProblem("decision_required", step=step.no)
    try:
        return Decision(str(decision).strip().lower())
    except ValueError:
        raise DecisionProblem("decision_unknown", step=step.no, decision=str(decision)) from None


def require_documents(
    sop: Sop, step: Step, provided: Collection[str], data: Mapping[str, FrozenValue]
) -> None:
    """Documents the step needs (required non-equipment inputs, file outputs) must be present.
    An input required only under a condition (``bila``) is needed when the condition holds on
    the case's ``data``; when it is missing the refusal says why it was needed."""
    present = {document_key(name) for name in provided}
    needed: list[str] = []
    conditional: dict[str, Text] = {}
    for requirement in step.requirements:
        if not requirement.wajib or requirement.sumber is Source.SARANA:
            continue
        if requirement.bila is None:
            needed.append(requirement.nama)
        elif condition_holds(sop, requirement.bila, data):
            conditional.setdefault(requirement.nama, condition_text(sop, requirement.bila))
    needed += [o.nama for o in step.outputs if o.berkas]
    missing = list(dict.fromkeys(n for n in needed if document_key(n) not in present))
    unmet = {n: why for n, why in conditional.items() if document_key(n) not in present}
    if missing:
        shown = [*missing, *(_because(n, why) for n, why in unmet.items() if n not in missing)]
        raise DocumentsMissing("missing_documents", step=step.no, missing=shown)
    if unmet:
        reasons = [
            Text(
                f"{name} wajib dilampirkan karena {why.id}",
                f"{name} must be attached because {why.en}",
            )
            for name, why in unmet.items()
        ]
        raise DocumentsMissing("missing_conditional_documents", step=step.no, missing=reasons)


def _because(name: str, why: Text) -> Text:
    return Text(f"{name} (wajib karena {why.id})", f"{name} (required because {why.en})")


def _is_blank(value: FrozenValue | None) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, tuple | Mapping) and not value)


def require_fields(sop: Sop, step: Step, data: Mapping[str, FrozenValue]) -> None:
    """The step's required fields must be filled in; one required under a condition (``bila``)
    only when the condition holds on the case's ``data``."""
    missing: list[str | Text] = []
    for spec in step.isian:
        if not spec.wajib or not _is_blank(data.get(spec.id)):
            continue
        if spec.bila is None:
            missing.append(spec.label)
        elif condition_holds(sop, spec.bila, data):
            missing.append(_because(spec.label, condition_text(sop, spec.bila)))
    if missing:
        raise DataProblem("missing_data", step=step.no, missing=missing)


def schedule_date(value: FrozenValue | None, *, step: int, field: str) -> date:
    """The date recorded for a step due "Sesuai jadwal": an ISO date, or the date of an ISO time."""
    if _is_blank(value):
        raise ScheduleProblem("schedule_date_missing", step=step, field=field)
    try:
        text = str(value)
        return datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text)
    except ValueError:
        raise ScheduleProblem(
            "schedule_date_invalid", step=step, field=field, value=str(value)
        ) from None
