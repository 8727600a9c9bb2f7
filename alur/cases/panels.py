"""The action panel of an open step: what it needs, what it produces, the reference documents
to work with, the answers and the form.

Presentation only: built from the engine's ``OpenTask`` and the case's documents; whether the
action is allowed and complete is decided by ``alur.cases.services.task_act``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from alur.cases.filled import FilledForm, filled_forms, forms_to_check
from alur.cases.forms import StepForm, reason_needed, step_documents
from alur.cases.models import Case, StepDraft
from alur.cases.selectors import CasePage, non_file_outputs, recorded_data
from alur.cases.working import Start
from alur.catalog.words import answer_text
from alur.sop import JointPolicy, OpenTask, Reference, Source, condition_holds, document_key
from alur.sop import Sop as SopDefinition


@dataclass(frozen=True)
class Need:
    name: str
    present: bool
    required: bool
    produced: bool = False
    """Made at this step (an output to attach), not brought from earlier."""


@dataclass(frozen=True)
class Choice:
    value: str
    text: str
    needs_note: bool


@dataclass(frozen=True)
class ActionPanel:
    task: OpenTask
    form: StepForm
    needs: list[Need]
    equipment: list[str]
    choices: list[Choice]
    confirmed: list[str]
    """Names of the lanes that have already confirmed a joint step."""
    joint_all: bool
    waiting_for: str | None
    """The related SOP this step waits for, by name."""
    references: list[Reference]
    """The SOP's reference documents the actor works with at this step."""
    forms: tuple[FilledForm, ...] = ()
    """The SOP forms filled in before this step that its lane checks, with their answers."""
    starts: tuple[Start, ...] = ()
    """Who has started work on this visit (Mulai kerjakan), the earliest first."""
    started: bool = False
    """Whether the person the page is for is among them."""

    @property
    def note_needed(self) -> list[Choice]:
        return [choice for choice in self.choices if choice.needs_note]


def step_form(page: CasePage, step: int, data: Any = None, files: Any = None) -> StepForm:
    return step_form_for(page.case, page.definition, page.document_names, step, data, files)


def step_form_for(
    case: Case,
    definition: SopDefinition,
    held: set[str],
    step: int,
    data: Any = None,
    files: Any = None,
) -> StepForm:
    """The form of ``step``; ``held``: what the case holds (``selectors.held_names``)."""
    return StepForm(
        data,
        files,
        definition=definition,
        step=definition.steps[step],
        documents=step_documents(
            definition.steps[step],
            held,
            not_files=non_file_outputs(definition, [s.no for s in definition.langkah]),
        ),
        recorded=recorded_data(case),
        initial={"version": case.version},
        auto_id=f"langkah{step}_%s",
    )


def action_panels(
    page: CasePage,
    bound: StepForm | None = None,
    *,
    drafts: Mapping[int, Mapping[str, StepDraft]] | None = None,
    starts: Sequence[Start] = (),
    person_id: int | None = None,
) -> list[ActionPanel]:
    """A panel for each open step the person may act on; ``bound`` keeps what they sent,
    ``drafts`` the files of their refused forms, by step (``alur.cases.drafts``), ``starts``
    who has started on the open visits (``alur.cases.working.starts_of``) and ``person_id``
    the person the page is for."""
    panels: list[ActionPanel] = []
    uraian = {step.no: step.uraian for step in page.definition.langkah}
    present = {document_key(name) for name in page.document_names}
    data = page.data
    for task in page.actionable():
        form = bound if bound is not None and bound.step.no == task.step else None
        form = form or step_form(page, task.step)
        form.drafts_attach((drafts or {}).get(task.step, {}))
        needs = [
            Need(
                r.nama,
                _has(r.nama, r.formulir, present, data),
                r.wajib and (r.bila is None or condition_holds(page.definition, r.bila, data)),
            )
            for r in task.requirements
            if r.sumber is not Source.SARANA
        ]
        known = {document_key(need.name) for need in needs}
        needs += [
            Need(o.nama, _has(o.nama, o.formulir, present, data), True, produced=True)
            for o in task.outputs
            if (o.berkas or o.formulir is not None) and document_key(o.nama) not in known
        ]
        started = tuple(s for s in starts if (s.step, s.visit) == (task.step, task.visit))
        related = task.related_sop
        waiting_for = None
        if task.waiting_for_related_case and related is not None:
            child = next((c for c in page.children if c.sop_version.sop.code == related), None)
            waiting_for = child.sop_version.sop.name if child is not None else related
        panels.append(
            ActionPanel(
                task=task,
                form=form,
                needs=needs,
                equipment=[r.nama for r in task.requirements if r.sumber is Source.SARANA],
                choices=[
                    Choice(
                        o.decision.value,
                        answer_text(o, at=task.step, steps=uraian),
                        reason_needed(page.definition.steps[task.step], o.decision.value)
                        is not None,
                    )
                    for o in task.options
                ],
                confirmed=[page.definition.lanes[lane].nama for lane in task.confirmed_by],
                joint_all=task.policy is JointPolicy.SEMUA,
                waiting_for=waiting_for,
                references=page.definition.references_of(page.definition.steps[task.step]),
                forms=filled_forms(
                    page.definition, forms_to_check(page.definition, task.step), data
                ),
                starts=started,
                started=any(start.actor_id == person_id for start in started),
            )
        )
    return panels


def _has(name: str, form: str | None, present: set[str], data: dict[str, object]) -> bool:
    """A document is there by name; a form is there once its data is recorded."""
    if form is not None:
        return isinstance(data.get(form), dict)
    return document_key(name) in present
