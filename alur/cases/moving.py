"""Moving an SOP's running cases to another of its versions.

    move_plan     the dry run: every running case of the SOP on another version, where it is,
                  where it would go, or why it cannot move; nothing is written
    cases_move    every running case, each on its own; a case that cannot move stays on its
                  version and is listed with the reason; the run is kept (``VersionMove``)

Each case moves through ``services.case_move``, the case's one door: its open visits close, the
steps they map to open on the new version, one ``case.moved`` event in its hash-chained record.
Open steps map by step number unless the administrator maps them otherwise, per version the
cases come from (``Steps``: source version id -> open step -> step of the target). A moved visit
keeps the due it had and any agreed extension: moving never hides lateness. The history is not
rewritten: each visit keeps the version it ran on (``Task.sop_version``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import translation

from alur.cases.models import Case, VersionMove
from alur.cases.services import ServiceError, case_move, require_office_admin
from alur.catalog.models import SopVersion
from alur.catalog.services import definition_of
from alur.offices.calendar import calendar_for
from alur.offices.models import User
from alur.sop import CaseState, Engine, Lang, Refused
from alur.sop import Sop as SopDefinition

Steps = Mapping[int, Mapping[int, int]]
"""Source version id -> open step on that version -> step of the target version."""


@dataclass(frozen=True)
class Place:
    """One open step of a case and where it would go."""

    step: int
    name: str
    target: int | None
    target_name: str


@dataclass(frozen=True)
class MoveLine:
    """One running case in the dry run."""

    case: Case
    places: tuple[Place, ...]
    problem: str
    """Why it cannot move as mapped; empty when it can."""


def running_cases(target: SopVersion) -> QuerySet[Case]:
    """The running cases of the target's SOP that are on another version."""
    return (
        Case.objects.filter(sop_version__sop_id=target.sop_id, status=Case.Status.RUNNING)
        .exclude(sop_version=target)
        .select_related("office", "sop_version__sop")
        .order_by("opened_at", "pk")
    )


def default_steps(source: SopDefinition, target: SopDefinition) -> dict[int, int]:
    """Each step of the source to the target's step of the same number, where there is one."""
    numbers = {step.no for step in target.langkah}
    return {step.no: step.no for step in source.langkah if step.no in numbers}


def steps_for(case: Case, target: SopVersion, steps: Steps | None) -> dict[int, int]:
    """The mapping a case moves by: the administrator's for its version, else by number."""
    chosen = (steps or {}).get(case.sop_version_id)
    if chosen is not None:
        return dict(chosen)
    return default_steps(definition_of(case.sop_version), definition_of(target))


def _lang() -> Lang:
    return "en" if (translation.get_language() or "id").startswith("en") else "id"


def _engine(case: Case, target: SopVersion) -> Engine:
    return Engine(definition_of(target), calendar_for(case.office))


def move_plan(*, target: SopVersion, steps: Steps | None, at: dt.datetime) -> list[MoveLine]:
    """The dry run: what ``cases_move`` would do at ``at``, case by case. Writes nothing."""
    target_definition = definition_of(target)
    lines = []
    for case in running_cases(target):
        source = definition_of(case.sop_version)
        mapping = steps_for(case, target, steps)
        state = CaseState.from_json(case.state)
        places = tuple(
            Place(
                step=opened.step,
                name=source.steps[opened.step].uraian,
                target=mapping.get(opened.step),
                target_name=(
                    target_definition.steps[mapping[opened.step]].uraian
                    if mapping.get(opened.step) in target_definition.steps
                    else ""
                ),
            )
            for opened in state.open_steps
        )
        problem = ""
        try:
            _engine(case, target).move_in(state, steps=mapping, at=at)
        except Refused as refused:
            problem = refused.message(_lang())
        lines.append(MoveLine(case, places, problem))
    return lines


def cases_move(
    *, target: SopVersion, steps: Steps | None, actor: User, at: dt.datetime
) -> VersionMove:
    """Move every running case of the target's SOP, each in its own transaction, and keep the
    run's report."""
    require_office_admin(actor, target)
    report = []
    used: dict[str, dict[str, int]] = {}
    for case in running_cases(target):
        mapping = steps_for(case, target, steps)
        used[str(case.sop_version_id)] = {str(k): v for k, v in sorted(mapping.items())}
        line: dict[str, object] = {
            "case": case.number,
            "id": case.pk,
            "from_version": case.sop_version.number,
        }
        try:
            case_move(case=case, target=target, steps=mapping, actor=actor, at=at)
        except ServiceError as refused:
            line.update(moved=False, reason=refused.message)
        else:
            line.update(moved=True, reason="")
        report.append(line)
    return VersionMove.objects.create(
        sop_id=target.sop_id, target=target, actor=actor, at=at, steps=used, report=report
    )
