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


_MERGE = "tag:yaml.org,2002:merge"
_Pair = tuple[yaml.Node, yaml.Node, bool]
"""A key node, its value node, and whether it came in through a ``<<`` merge."""

# What PyYAML's constructors raise on a malformed scalar under an explicit tag, e.g.
# "!!timestamp 1 Agustus" (AttributeError), "!!bool ya" (KeyError), "!!int _" (IndexError).
_BAD_SCALAR = (ValueError, OverflowError, TypeError, AttributeError, KeyError, IndexError)


class _Walker:
    def __init__(self, loader: _Loader, located: Located) -> None:
        self.loader = loader
        self.located = located
        self.count = 0

    def _counted(self, node: yaml.Node) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlProblem("yaml.too_large", _position(node), limit=MAX_NODES)

    def walk(self, node: yaml.Node, path: Path, active: frozenset[int]) -> object:
        self._counted(node)
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
        except _BAD_SCALAR as error:
            # e.g. 2024-13-45: YAML reads it as a date that Python cannot hold
            raise YamlProblem("yaml.bad_scalar", _position(node), detail=str(error)) from None

    def _pairs(self, node: yaml.MappingNode, active: frozenset[int]) -> list[_Pair]:
        """The mapping's pairs with ``<<`` merges resolved, counted against the node limit
        (PyYAML's own flatten_mapping would first multiply a merge bomb in memory)."""
        merged: list[_Pair] = []
        explicit: list[_Pair] = []
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE:
                explicit.append((key_node, value_node, False))
                continue
            sources = (
                value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            )
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    raise YamlProblem(
                        "yaml.syntax", _position(source), detail="'<<' needs a mapping"
                    )
                if id(source) in active:
                    raise YamlProblem("yaml.too_deep", _position(source))
                for pair in self._pairs(source, active | {id(source)}):
                    self._counted(pair[0])
                    merged.append((pair[0], pair[1], True))
        return merged + explicit

    def _mapping(self, node: yaml.MappingNode, path: Path, active: frozenset[int]) -> object:
        result: dict[str, object] = {}
        from_merge: set[str] = set()
        for key_node, value_node, is_merged in self._pairs(node, active):
            if not isinstance(key_node, yaml.ScalarNode):
                # a complex key is never text; it is not built, so it cannot be a bomb either
                shown = "{…}" if isinstance(key_node, yaml.MappingNode) else "[…]"
                raise YamlProblem("yaml.key_not_text", _position(key_node), key=shown)
            key = self._scalar(key_node)
            if not isinstance(key, str):
                raise YamlProblem("yaml.key_not_text", _position(key_node), key=repr(key))
            if key in result:
                if is_merged:
                    continue  # an earlier merged mapping, or the mapping itself, wins
                if key not in from_merge:
                    raise YamlProblem("yaml.duplicate_key", _position(key_node), key=key)
            from_merge.discard(key)
            if is_merged:
                from_merge.add(key)
            self.located.keys[(*path, key)] = _position(key_node)
            self.located.values.pop((*path, key), None)
            result[key] = self.walk(value_node, (*path, key), active)
        return result


def _syntax_position(error: yaml.MarkedYAMLError) -> Position:
    """Where to point a person: at the opening quote or bracket of an unclosed one, else at the
    place the parser stopped."""
    context = error.context or ""
    opener = context.startswith(("while scanning a quoted scalar", "while parsing a flow"))
    mark = (error.context_mark if opener else None) or error.problem_mark or error.context_mark
    return Position(mark.line + 1, mark.column + 1) if mark else Position(1, 1)


def _offset_position(text: str, offset: int) -> Position:
    before = text[:offset]
    line = before.count("\n") + 1
    return Position(line, offset - (before.rfind("\n") + 1) + 1)


def _deepest_bracket(text: str) -> Position:
    """The first bracket nested deeper than the limit (for a document too deep to parse)."""
    depth = 0
    for offset, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return _offset_position(text, offset)
        elif char in "]}":
            depth = max(0, depth - 1)
    return Position(1, 1)


def parse(text: str) -> Located:
    """Parse one YAML document. Raises ``YamlProblem`` with the position of the first error."""
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:
        # a control character, e.g. the vertical tab a word processor writes for a line break
        where = _offset_position(text, error.position)
        detail = f"karakter #x{error.character:04x}" if isinstance(error.character, int) else ""
        raise YamlProblem("yaml.syntax", where, detail=detail or str(error)) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            detail = (error.problem or error.context or "").strip()
            raise YamlProblem("yaml.syntax", _syntax_position(error), detail=detail) from None
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
    except RecursionError:
        # PyYAML's parser recurses into nested brackets before our depth limit can answer
        raise YamlProblem("yaml.too_deep", _deepest_bracket(text)) from None
    finally:
        loader.dispose()
