"""Conditional requirements (``bila``): whether one holds on a case's data, and how it reads.

A condition names a field by its id. The case records a step's own fields at the top of its
data (``{field: value}``) and a form's fields under the form's id (``{form: {field: value}}``),
so the field is looked up as a step field first and then in the forms, in the file's order.

    condition_field(sop, condition)    the FormField it names, or None
    condition_holds(sop, condition, d) whether it holds on the case's data ``d``
    condition_text(sop, condition)     "Diajukan oleh = Kuasa", for messages and labels
    condition_phrase(sop, condition)   "diajukan oleh kuasa", for the printed Kelengkapan
"""

from __future__ import annotations

from collections.abc import Mapping

from alur.sop._definition.messages import Text
from alur.sop._definition.model import Condition, FormField, Sop


def condition_field(sop: Sop, condition: Condition) -> FormField | None:
    """The field ``condition`` names: a step's field, else a form's field, else None."""
    for step in sop.langkah:
        for spec in step.isian:
            if spec.id == condition.isian:
                return spec
    for form in sop.formulir:
        for spec in form.isian:
            if spec.id == condition.isian:
                return spec
    return None


def condition_value(sop: Sop, condition: Condition, data: Mapping[str, object]) -> object:
    """The value the case's ``data`` holds for the field ``condition`` names, or None."""
    own = data.get(condition.isian)
    if own is not None and not isinstance(own, Mapping):
        return own
    for form in sop.formulir:
        values = data.get(form.id)
        if isinstance(values, Mapping) and any(f.id == condition.isian for f in form.isian):
            found = values.get(condition.isian)
            if found is not None:
                return found
    return None


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, list | tuple | Mapping) and not value)


def condition_holds(sop: Sop, condition: Condition, data: Mapping[str, object]) -> bool:
    """Whether ``condition`` holds on the case's ``data`` (recorded values merged with what is
    sent now). ``terisi`` asks whether the field is filled in; ``sama_dengan`` whether its value
    is the one given (or one of those listed)."""
    value = condition_value(sop, condition, data)
    if condition.terisi is not None:
        return _blank(value) is not condition.terisi
    if isinstance(value, str):
        return value.strip() in condition.values
    return False


def _label(sop: Sop, condition: Condition) -> str:
    spec = condition_field(sop, condition)
    return spec.label if spec is not None else condition.isian


def condition_text(sop: Sop, condition: Condition) -> Text:
    """The condition as a message says it: "Diajukan oleh = Kuasa"."""
    label = _label(sop, condition)
    if condition.terisi is not None:
        if condition.terisi:
            return Text(f"{label} terisi", f"{label} is filled in")
        return Text(f"{label} kosong", f"{label} is empty")
    values = condition.values
    return Text(
        f"{label} = {' atau '.join(values)}",
        f"{label} = {' or '.join(values)}",
    )


def _lower_first(text: str) -> str:
    """ "Diajukan oleh" -> "diajukan oleh", but an abbreviation ("OPD") keeps its capitals."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def condition_phrase(sop: Sop, condition: Condition) -> str:
    """The condition as the printed flow table says it, after "bila": "diajukan oleh kuasa"."""
    label = _lower_first(_label(sop, condition))
    if condition.terisi is not None:
        return f"{label} {'terisi' if condition.terisi else 'kosong'}"
    return f"{label} {' atau '.join(_lower_first(v) for v in condition.values)}"
