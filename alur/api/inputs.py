"""What a request to act on a step, or to file a new request, sends: read as the step's form on
the page would have posted it (``alur.cases.forms``: ``field-<id>``, ``form-<form>-<field>``,
``doc-<index>``, ``title``, ``note``, ``decision``, ``version``), so the same form and the same
service judge it, and the form's refusals named as the API names the inputs.

The body is JSON, or ``multipart/form-data`` when documents come with it: its ``payload`` part
holds the same JSON, and every other part is a file named as the SOP names the document (its
exact name; case and spacing do not matter). A part the step does not ask for is refused by
name rather than dropped, so a misspelt document never goes missing unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import pydantic
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import ValidationError

from alur.cases.forms import StepInputsForm
from alur.sop import FieldKind, document_key

MULTIPART = "multipart/form-data"
PAYLOAD = "payload"
PLAIN = ("version", "decision", "note", "title")
"""The form's inputs that are neither a field, a form's field nor a document."""

Loc = tuple[str, ...]
M = TypeVar("M", bound=Schema)


def is_multipart(request: HttpRequest) -> bool:
    return request.content_type == MULTIPART


def payload_of(request: HttpRequest, model: type[M]) -> M:
    """The JSON body, or the multipart body's ``payload`` part, as ``model``; what is wrong in
    it refused field by field (``body.payload.<field>``)."""
    text: str | bytes = request.POST.get(PAYLOAD, "") if is_multipart(request) else request.body
    try:
        return model.model_validate_json(text or b"{}")
    except pydantic.ValidationError as error:
        raise ValidationError(
            [
                {"loc": ("body", PAYLOAD, *(str(part) for part in item["loc"])), "msg": item["msg"]}
                for item in error.errors()
            ]
        ) from None


def form_data(
    plain: Mapping[str, object],
    fields: Mapping[str, Any],
    forms: Mapping[str, Mapping[str, Any]],
) -> QueryDict:
    """The payload as the step's form on the page would post it."""
    data = QueryDict(mutable=True)
    for name, value in plain.items():
        data[name] = "" if value is None else str(value)
    values: dict[str, Any] = {f"field-{k}": v for k, v in fields.items()}
    for form_id, filled in forms.items():
        values |= {f"form-{form_id}-{k}": v for k, v in filled.items()}
    for name, value in values.items():
        if isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        elif isinstance(value, bool):
            data[name] = "on" if value else ""
        elif value is not None:
            data[name] = str(value)
    return data


def _refusal(loc: Loc, message: str) -> dict[str, object]:
    return {"loc": loc, "msg": message}


def form_files(
    request: HttpRequest, form: StepInputsForm
) -> tuple[MultiValueDict[str, Any], list[dict[str, object]]]:
    """The multipart body's files under the names of ``form``'s inputs (``form`` unbound, for
    its documents), and a refusal for each part the step does not take."""
    files: MultiValueDict[str, Any] = MultiValueDict()
    if not is_multipart(request):
        return files, []
    inputs = {document_key(slot.name): f"doc-{i}" for i, slot in enumerate(form.documents)}
    for spec in form.step.isian:
        if spec.jenis is FieldKind.BERKAS:
            inputs.setdefault(document_key(spec.label), f"field-{spec.id}")
    refusals = [
        _refusal(
            ("body", part),
            _(
                "Bagian ini tidak dikenal: isian dikirim dalam bagian payload, dokumen "
                "sebagai berkas."
            ),
        )
        for part in request.POST
        if part != PAYLOAD
    ]
    for part, uploads in request.FILES.lists():
        name = inputs.get(document_key(part))
        if name is None:
            refusals.append(
                _refusal(
                    ("body", "documents", part), _("Dokumen ini tidak diminta pada langkah ini.")
                )
            )
        elif len(uploads) > 1 or name in files:
            refusals.append(
                _refusal(("body", "documents", part), _("Kirim satu berkas untuk dokumen ini."))
            )
        else:
            files[name] = uploads[0]
    return files, refusals


def api_loc(name: str, form: StepInputsForm) -> Loc:
    """Where the API names the form's input ``name``: ``fields.nama`` for ``field-nama``,
    ``forms.f1.nama`` for ``form-f1-nama``, ``documents.<document>`` for ``doc-<index>``."""
    if name.startswith("field-"):
        return ("body", PAYLOAD, "fields", name.removeprefix("field-"))
    if name.startswith("form-"):
        rest = name.removeprefix("form-")
        for sop_form in form.sop_forms:
            if rest.startswith(f"{sop_form.id}-"):
                field = rest.removeprefix(f"{sop_form.id}-")
                return ("body", PAYLOAD, "forms", sop_form.id, field)
    if name.startswith("doc-") and name.removeprefix("doc-").isdigit():
        index = int(name.removeprefix("doc-"))
        if index < len(form.documents):
            return ("body", "documents", form.documents[index].name)
    return ("body", PAYLOAD, name)


def unknown_inputs(
    data: QueryDict, form: StepInputsForm, forms: Mapping[str, object]
) -> list[dict[str, object]]:
    """A refusal for each SOP form (``forms``, the payload's) the step does not fill in, and for
    each other field the payload names that the step does not have."""
    filled_here = {sop_form.id for sop_form in form.sop_forms}
    foreign = [form_id for form_id in forms if form_id not in filled_here]
    refusals = [
        _refusal(
            ("body", PAYLOAD, "forms", form_id), _("Formulir ini tidak diisi pada langkah ini.")
        )
        for form_id in foreign
    ]
    foreign_names = tuple(f"form-{form_id}-" for form_id in foreign)
    return refusals + [
        _refusal(api_loc(name, form), _("Isian ini tidak ada di langkah ini."))
        for name in data
        if name not in form.fields and name not in PLAIN and not name.startswith(foreign_names)
    ]


def refused(form: StepInputsForm, refusals: Sequence[dict[str, object]]) -> ValidationError:
    """The form's errors, each where the API names its input, after ``refusals``."""
    errors = list(refusals)
    labels = form.error_labels
    for name, messages in form.errors.items():
        label = labels.get(name) or (form.fields[name].label if name in form.fields else None)
        for message in messages:
            text = f"{label}: {message}" if label else str(message)
            errors.append(_refusal(api_loc(name, form), text))
    return ValidationError(errors)


def body_schema(model: type[Schema], files: str) -> dict[str, Any]:
    """The OpenAPI request body of an operation taking ``model`` as JSON, or as the ``payload``
    part of a multipart body beside the documents (``files`` says which)."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": model.model_json_schema()},
                MULTIPART: {
                    "schema": {
                        "type": "object",
                        "properties": {
                            PAYLOAD: {
                                "type": "string",
                                "contentMediaType": "application/json",
                                "description": f"The {model.__name__} object as JSON text.",
                            }
                        },
                        "required": [PAYLOAD],
                        "additionalProperties": {
                            "type": "string",
                            "format": "binary",
                            "description": files,
                        },
                    }
                },
            },
        }
    }
