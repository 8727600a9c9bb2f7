"""The values a step records, checked by their SOP type before the engine sees them.

The pages type what a person enters through Django's form fields; the services take data from
any caller (the pages, the command line, the demo, an integration), so they check it again
here against the SOP: a step's own fields (``isian``) and the forms filled in at the step
(``Sop.forms_filled_at``). Each problem names where it is (the form and the field's label) and
what to write instead; a wrong value is a refusal, never an error further down.

Every value has a length: ``teks`` (and a web or e-mail address, a choice) 500 characters,
``teks_panjang`` 10.000, a ``daftar`` 200 items of 1.000; a value the step does not define
(another step's field or form, kept in the case's data all the same) 10.000 characters; and all
the values of one action together 200.000 characters of JSON.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from alur.sop import FieldKind, FormField, Step
from alur.sop import Sop as SopDefinition

SHORT_TEXT = 500
"""The longest ``teks`` value (and ``url``, ``surel``, ``pilihan``), as the page's input allows."""
LONG_TEXT = 10_000
"""The longest ``teks_panjang`` value."""
LIST_ITEM = 1_000
"""The longest item of a ``daftar``."""
LIST_ITEMS = 200
"""The most items of a ``daftar``."""
DATA_LIMIT = 200_000
"""The most characters all the values of one action may hold together (as JSON)."""


def value_problems(definition: SopDefinition, step: Step, data: Mapping[str, object]) -> list[str]:
    """What is wrong with the values ``data`` gives for ``step``'s fields and forms, one line
    each; empty when all is well. Fields left out are not problems here (whether they are
    required is checked with the case's data merged)."""
    problems: list[str] = []
    size = len(json.dumps(data, default=str, ensure_ascii=False))
    if size > DATA_LIMIT:
        return [
            _("Isian langkah ini paling banyak %(limit)s karakter seluruhnya; yang dikirim %(n)s.")
            % {"limit": _number(DATA_LIMIT), "n": _number(size)}
        ]
    defined = {spec.id for spec in step.isian} | {f.id for f in definition.forms_filled_at(step)}
    for key, value in data.items():
        if str(key) not in defined:
            problems += _loose_problems(str(key), value)
    for spec in step.isian:
        if spec.id in data:
            problems += _problems(spec.label, spec, data[spec.id])
    for form in definition.forms_filled_at(step):
        values = data.get(form.id)
        if values is None:
            continue
        if not isinstance(values, Mapping):
            problems.append(
                _("%(form)s: kirim isian formulir sebagai nama isian dan nilainya.")
                % {"form": form.nama}
            )
            continue
        fields = {spec.id: spec for spec in form.isian}
        for key, value in values.items():
            known = fields.get(str(key))
            if known is None:
                problems.append(
                    _("%(form)s: '%(field)s' bukan isian formulir ini.")
                    % {"form": form.nama, "field": key}
                )
            else:
                problems += _problems(f"{form.nama}: {known.label}", known, value)
    return problems


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _loose_problems(key: str, value: object) -> list[str]:
    """Limits on a value the step does not define (another step's field or form, a value a
    caller adds): it is kept in the case's data, so it has a length like any other."""
    values = value.values() if isinstance(value, Mapping) else [value]
    for item in values:
        texts = item if isinstance(item, list | tuple) else [item]
        if len(texts) > LIST_ITEMS or any(
            isinstance(text, str) and len(text) > LONG_TEXT for text in texts
        ):
            return [
                _("%(field)s: paling panjang %(n)s karakter dan %(items)s butir.")
                % {"field": key, "n": _number(LONG_TEXT), "items": LIST_ITEMS}
            ]
    return []


def _problems(where: str, spec: FormField, value: object) -> list[str]:
    problem = _problem(spec, value)
    return [] if problem is None else [f"{where}: {problem}"]


def _problem(spec: FormField, value: object) -> str | None:
    if value is None or value == "":
        return None
    if spec.jenis is FieldKind.DAFTAR:
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            return _("tulis sebagai daftar teks, satu butir per baris.")
        if len(value) > LIST_ITEMS:
            return _("paling banyak %(n)s butir; yang dikirim %(sent)s.") % {
                "n": LIST_ITEMS,
                "sent": len(value),
            }
        if any(len(v) > LIST_ITEM for v in value):
            return _("satu butir paling panjang %(n)s karakter.") % {"n": _number(LIST_ITEM)}
        return None
    if spec.jenis is FieldKind.TANGGAL and isinstance(value, dt.date):
        return None  # a date from a caller in Python; the record writes it as ISO text
    if not isinstance(value, str):
        return _("tulis sebagai teks.")
    limit = LONG_TEXT if spec.jenis is FieldKind.TEKS_PANJANG else SHORT_TEXT
    if len(value) > limit:
        return _("paling panjang %(n)s karakter; yang dikirim %(sent)s karakter.") % {
            "n": _number(limit),
            "sent": _number(len(value)),
        }
    match spec.jenis:
        case FieldKind.TANGGAL:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                text = _("'%(value)s' bukan tanggal; tulis sebagai tttt-bb-hh, mis. 2026-12-31.")
                return text % {"value": value[:40]}
            if len(value) != len("2026-12-31"):
                return _("tulis tanggal sebagai tttt-bb-hh, mis. 2026-12-31.")
        case FieldKind.URL:
            if not _valid(URLValidator(schemes=["http", "https"]), value):
                return _("'%(value)s' bukan alamat web; tulis mis. https://contoh.go.id.") % {
                    "value": value[:80]
                }
        case FieldKind.EMAIL:
            if not _valid(EmailValidator(), value):
                return _("'%(value)s' bukan alamat surel; tulis mis. nama@contoh.go.id.") % {
                    "value": value[:80]
                }
        case FieldKind.PILIHAN:
            if spec.pilihan and value not in spec.pilihan:
                return _("pilih salah satu dari: %(choices)s.") % {
                    "choices": ", ".join(spec.pilihan)
                }
    return None


def _valid(validator: URLValidator | EmailValidator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True
