"""Read YAML into plain data while remembering where every key and value was written.

PyYAML's composer gives every node its start mark; we walk the node graph ourselves so that
each value is addressed by its path (``("langkah", 3, "waktu")``) and every problem found later,
by the model or by the flow checks, can name its file, line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

Path = tuple[str | int, ...]

MAX_NODES = 50_000
"""Refuse documents larger than any SOP (and alias bombs) instead of exhausting memory."""
MAX_DEPTH = 40


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int


@dataclass
class Located:
    """A parsed document and where its parts are. Lines and columns count from 1."""

    data: object
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def where(self, path: Path, *, key: bool = False) -> Position:
        """The position of ``path`` (of its key if asked), or of its closest written ancestor."""
        table = self.keys if key else self.values
        probe = path
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Position(1, 1))


class YamlProblem(Exception):
    """Text Alur cannot read as YAML: a syntax error, a duplicate key, a key that is not text."""

    def __init__(self, code: str, position: Position, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.position = position
        self.params = params


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans: only true/false, so the step key ``no`` stays text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


class _Walker:
    def __init__(self, loader: _Loader, located: Located) -> None:
        self.loader = loader
        self.located = located
        self.count = 0

    def walk(self, node: yaml.Node, path: Path, active: frozenset[int]) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem("yaml.too_large", _position(node), limit=MAX_NODES)
        if len(path) > MAX_DEPTH or id(node) in active:
            raise YamlProblem("yaml.too_deep", _position(node))
        self.located.values.setdefault(path, _position(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, active | {id(node)})
        if isinstance(node, yaml.SequenceNode):
            inner = active | {id(node)}
            return [self.walk(item, (*path, i), inner) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> object:
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError) as error:
            # e.g. 2024-13-45: YAML reads it as a date that Python cannot hold
            raise YamlProblem("yaml.bad_scalar", _position(node), detail=str(error)) from None

    def _mapping(self, node: yaml.MappingNode, path: Path, active: frozenset[int]) -> object:
        self.loader.flatten_mapping(node)  # resolves "<<" merge keys
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node)
            if not isinstance(key, str):
                raise YamlProblem("yaml.key_not_text", _position(key_node), key=repr(key))
            if key in result:
                raise YamlProblem("yaml.duplicate_key", _position(key_node), key=key)
            self.located.keys[(*path, key)] = _position(key_node)
            result[key] = self.walk(value_node, (*path, key), active)
        return result


def parse(text: str) -> Located:
    """Parse one YAML document. Raises ``YamlProblem`` with the position of the first error."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            where = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
            detail = (error.problem or error.context or "").strip()
            raise YamlProblem("yaml.syntax", where, detail=detail) from None
        except yaml.YAMLError as error:
            raise YamlProblem("yaml.syntax", Position(1, 1), detail=str(error)) from None
        located = Located(data=None)
        if node is None:
            return located
        try:
            located.data = _Walker(loader, located).walk(node, (), frozenset())
        except yaml.constructor.ConstructorError as error:
            mark = error.problem_mark
            where = Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)
            raise YamlProblem("yaml.syntax", where, detail=(error.problem or "").strip()) from None
        return located
    finally:
        loader.dispose()
