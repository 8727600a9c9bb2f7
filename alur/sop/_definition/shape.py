"""Turn the model's validation errors into problems an office can act on.

Pydantic reports where a value failed as a path through the data plus the union member it was
tried against; this module walks that path back through the written document to find the line
and column, names the place the way the file does ("langkah 4 › ya"), and suggests the nearest
valid key for a misspelt one.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from alur.sop._definition.messages import Text
from alur.sop._definition.model import End, Goto, Sop
from alur.sop._definition.problems import Problem
from alur.sop._definition.source import Located, Path

_EXPECTED: dict[str, Text] = {
    "text": Text("teks", "text"),
    "int": Text("bilangan bulat", "a whole number"),
    "bool": Text("true atau false", "true or false"),
    "date": Text("tanggal YYYY-MM-DD", "a date YYYY-MM-DD"),
    "list": Text("daftar (- ...)", "a list (- ...)"),
    "mapping": Text("pemetaan kunci: nilai", "a mapping of key: value"),
}
_TYPE_EXPECTED = {
    "string_type": "text",
    "int_type": "int",
    "int_parsing": "int",
    "int_from_float": "int",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "date_type": "date",
    "date_parsing": "date",
    "date_from_datetime_parsing": "date",
    "date_from_datetime_inexact": "date",
    "list_type": "list",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
    "dict_type": "mapping",
}
_BRANCH_KEYS = {"ya", "tidak"}


def describe(path: Path, data: object) -> Text:
    """Name a place in the document: "langkah 4 › ya" / "step 4 › ya"."""
    parts_id: list[str] = []
    parts_en: list[str] = []
    node: object = data
    index = 0
    while index < len(path):
        part = path[index]
        child = _child(node, part)
        if part == "langkah" and index + 1 < len(path) and isinstance(path[index + 1], int):
            row = path[index + 1]
            step = _child(child, row)
            number = step.get("no") if isinstance(step, dict) else None
            label = str(number) if isinstance(number, int) else f"#{int(row) + 1}"
            parts_id.append(f"langkah {label}")
            parts_en.append(f"step {label}")
            node = step
            index += 2
            continue
        text = f"#{part + 1}" if isinstance(part, int) else part
        parts_id.append(text)
        parts_en.append(text)
        node = child
        index += 1
    if not parts_id:
        return Text("dokumen", "the document")
    return Text(" › ".join(parts_id), " › ".join(parts_en))


def _child(node: object, part: str | int) -> object:
    if isinstance(node, dict) and isinstance(part, str):
        return node.get(part)
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return None


def data_path(loc: tuple[int | str, ...], data: object) -> Path:
    """Drop the union tags pydantic adds to a location, keeping only what is in the data."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int):
            path.append(part)
            node = _child(node, part)
        elif isinstance(part, str) and part.startswith("<"):
            continue  # a union member's tag (see model.py): not part of the document
        else:
            # a key that is missing or unknown here: it ends the path
            path.append(part)
            node = None
    return tuple(path)


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        yield from _models_in(typing.get_args(annotation)[0])
    elif origin in (Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            yield from _models_in(arg)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation


def model_at(path: Path, data: object) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``path`` (for listing its valid keys)."""
    model: type[BaseModel] = Sop
    node = data
    for part in path:
        node = _child(node, part)
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        candidates = list(_models_in(field.annotation))
        if not candidates:
            return None
        if End in candidates and Goto in candidates:
            model = End if isinstance(node, dict) and "akhir" in node else Goto
        else:
            model = candidates[0]
    return model


def _valid_keys(path: Path, data: object) -> list[str]:
    model = model_at(path, data)
    return list(model.model_fields) if model else []


def suggestion_for(path: Path, data: object) -> str | None:
    """The valid key a misspelt key at ``path`` most likely meant, if it is not written yet."""
    parent = path[:-1]
    node = _node_at(parent, data)
    written = set(node) if isinstance(node, dict) else set()
    valid = [k for k in _valid_keys(parent, data) if k not in written]
    close = difflib.get_close_matches(str(path[-1]), valid, n=1, cutoff=0.6)
    return close[0] if close else None


def _node_at(path: Path, data: object) -> object:
    node = data
    for part in path:
        node = _child(node, part)
    return node


def problems_from(error: ValidationError, located: Located, file: str) -> list[Problem]:
    problems: list[tuple[Path, Problem]] = []
    seen: set[tuple[str, Path]] = set()
    data = located.data
    items = [(item, data_path(item["loc"], data)) for item in error.errors()]
    # A misspelt required key is one mistake: report the unknown key, not also the missing one.
    meant = {
        (*path[:-1], suggestion)
        for item, path in items
        if item["type"] == "extra_forbidden" and (suggestion := suggestion_for(path, data))
    }
    for item, path in items:
        if item["type"] == "missing" and path in meant:
            continue
        code, params, hint, at_key, where_path = _translate(item["type"], item, path, data)
        if (code, where_path) in seen:
            continue
        seen.add((code, where_path))
        position = located.where(where_path, key=at_key)
        problems.append(
            (where_path, Problem(code, file, position.line, position.column, params, hint))
        )
    return [problem for _path, problem in problems]


def _translate(
    kind: str, item: Any, path: Path, data: object
) -> tuple[str, dict[str, object], str | None, bool, Path]:
    where = describe(path, data)
    last = path[-1] if path else None
    if kind == "extra_forbidden":
        parent = path[:-1]
        suggestion = suggestion_for(path, data)
        params: dict[str, object] = {
            "key": last,
            "where": describe(parent, data),
            "valid": ", ".join(_valid_keys(parent, data)),
            "suggestion": suggestion or "",
        }
        return "key.unknown", params, None if suggestion else "key.unknown.none", True, path
    if kind == "missing":
        parent = path[:-1]
        return "key.missing", {"key": last, "where": describe(parent, data)}, None, False, parent
    got = _shown(item.get("input"))
    if last in _BRANCH_KEYS and (kind == "union_tag_invalid" or kind in _TYPE_EXPECTED):
        return "value.branch", {"where": where}, None, False, path
    if kind in _TYPE_EXPECTED or kind == "union_tag_invalid":
        expected = _expected_for(kind, item)
        return "value.type", {"where": where, "expected": expected, "got": got}, None, False, path
    if kind == "literal_error" and last == "format":
        return "value.format", {"got": got}, None, False, path
    if kind in {"enum", "literal_error"}:
        # pydantic joins the last choice with an English " or "
        written = str(item.get("ctx", {}).get("expected", ""))
        choices = written.replace("'", "").replace(" or ", ", ")
        return "value.choice", {"where": where, "got": got, "choices": choices}, None, False, path
    if kind == "string_too_long":
        limit = item.get("ctx", {}).get("max_length")
        return "value.too_long", {"where": where, "limit": limit}, None, False, path
    if kind == "less_than_equal":
        limit = item.get("ctx", {}).get("le")
        return "value.too_large", {"where": where, "limit": limit}, None, False, path
    if kind == "string_pattern_mismatch":
        return "value.identifier", {"where": where, "got": got}, None, False, path
    if kind == "too_short":
        return "value.empty_list", {"where": where}, None, False, path
    if kind == "greater_than_equal":
        limit = item.get("ctx", {}).get("ge")
        return "value.too_small", {"where": where, "limit": limit}, None, False, path
    return "value.invalid", {"where": where, "detail": item.get("msg", kind)}, None, False, path


def _expected_for(kind: str, item: Any) -> Text:
    if kind == "union_tag_invalid":
        tags = str(item.get("ctx", {}).get("expected_tags", ""))
        if "<list>" in tags:
            return Text("kode lajur atau daftar kode lajur", "a lane id or a list of lane ids")
        return Text("teks atau pemetaan {nama: ...}", "text or a mapping {nama: ...}")
    return _EXPECTED[_TYPE_EXPECTED[kind]]


def _shown(value: object) -> str | Text:
    if value is None:
        return Text("(kosong)", "(empty)")
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "…"
