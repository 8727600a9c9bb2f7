"""The SOP forms (formulir, e.g. Formulir PA.20 Sistem Elektronik) as filled in on a case, for
the pages that show them: the visit where they were filled, the auditor's timeline, and the
panel of the step that must check them. Presentation only: the values are the case's (its
state's ``data``, or the data of the event that recorded them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from alur.sop import Sop as SopDefinition
from alur.sop import target_step


@dataclass(frozen=True)
class FilledForm:
    id: str
    name: str
    fields: tuple[tuple[str, str], ...]
    """(label, value as shown) of each field filled in, in the form's order."""


def shown(value: object) -> str:
    """A recorded value as people read it: a list one item after another."""
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return str(value)


def filled_forms(
    definition: SopDefinition, form_ids: Iterable[str], data: Mapping[str, object]
) -> tuple[FilledForm, ...]:
    """The forms of ``form_ids`` that ``data`` holds answers of, with those answers."""
    found = []
    forms = definition.forms
    for form_id in dict.fromkeys(form_ids):
        values = data.get(form_id)
        if form_id not in forms or not isinstance(values, Mapping):
            continue
        form = forms[form_id]
        fields = tuple(
            (spec.label, shown(values[spec.id]))
            for spec in form.isian
            if values.get(spec.id) not in (None, "", [])
        )
        if fields:
            found.append(FilledForm(form.id, form.nama, fields))
    return tuple(found)


def forms_filled_at(definition: SopDefinition, step: int) -> list[str]:
    """The ids of the forms filled in at ``step``."""
    if step not in definition.steps:
        return []
    return [form.id for form in definition.forms_filled_at(definition.steps[step])]


def forms_to_check(definition: SopDefinition, step: int) -> list[str]:
    """The forms the lane of ``step`` checks: those its requirements name, and those filled at
    the steps that lead to it."""
    if step not in definition.steps:
        return []
    here = definition.steps[step]
    ids = [r.formulir for r in here.requirements if r.formulir is not None]
    for earlier in definition.langkah:
        leads = any(target_step(target) == step for target in definition.successors(earlier))
        if leads and earlier.no != step:
            ids += forms_filled_at(definition, earlier.no)
    filled_here = set(forms_filled_at(definition, step))
    return [form_id for form_id in dict.fromkeys(ids) if form_id not in filled_here]
