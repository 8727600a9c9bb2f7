"""Load an SOP file and report every problem in it, or give back the checked ``Sop``.

    text ──parse──▶ data + positions ──model──▶ Sop ──flow checks──▶ Sop (valid)
          YAML problems        shape problems          flow problems

Each stage reports all it finds; a later stage runs only on what the earlier one accepted.
Nothing here raises on bad input except ``load``/``loads``, which raise ``SopInvalid``
carrying the same problems that ``check`` returns.
"""

from __future__ import annotations

import copy
import pathlib
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from alur.sop._flow import check_flow
from alur.sop._model import Sop
from alur.sop._problems import Problem, SopInvalid
from alur.sop._shape import problems_from
from alur.sop._yaml import Position, YamlProblem, parse


@dataclass(frozen=True)
class CheckResult:
    file: str
    sop: Sop | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_text(text: str, file: str = "<teks>") -> CheckResult:
    """Check the text of an SOP file; ``file`` names it in the problems."""
    try:
        located = parse(text)
    except YamlProblem as problem:
        where = problem.position
        found = Problem(problem.code, file, where.line, where.column, problem.params)
        return CheckResult(file, None, [found])
    if not isinstance(located.data, dict):
        return CheckResult(file, None, [Problem("yaml.not_mapping", file, 1, 1)])
    sop: Sop | None
    try:
        sop = Sop.model_validate(located.data)
        problems = []
    except ValidationError as error:
        problems = problems_from(error, located, file)
        sop = _without_unknown_keys(located.data, error)
    if sop is None:
        return CheckResult(file, None, problems)
    for code, path, params in check_flow(sop):
        where = located.where(path)
        problems.append(Problem(code, file, where.line, where.column, params))
    problems.sort(key=lambda p: (p.line, p.column))
    return CheckResult(file, None if problems else sop, problems)


def _without_unknown_keys(data: dict[str, Any], error: ValidationError) -> Sop | None:
    """The model of the document without its misspelt keys, when those were its only fault.

    This lets one run report a misspelt key together with the flow problems of the same file.
    """
    errors = error.errors()
    if any(e["type"] != "extra_forbidden" for e in errors):
        return None
    trimmed = copy.deepcopy(data)
    for item in errors:
        *parents, last = item["loc"]
        node: Any = trimmed
        for part in parents:
            # a part that is not in the data is a union tag added by pydantic: skip it
            in_mapping = isinstance(node, dict) and part in node
            if in_mapping or (isinstance(node, list) and isinstance(part, int)):
                node = node[part]
        if isinstance(node, dict):
            node.pop(last, None)
    try:
        return Sop.model_validate(trimmed)
    except ValidationError:
        return None


def check_file(path: str | pathlib.Path) -> CheckResult:
    name = str(path)
    try:
        text = pathlib.Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        start = Position(1, 1)
        problem = Problem("file.unreadable", name, start.line, start.column, {"detail": detail})
        return CheckResult(name, None, [problem])
    return check_text(text, name)


def _valid(result: CheckResult) -> Sop:
    if result.sop is None:
        raise SopInvalid(result.problems)
    return result.sop


def load(path: str | pathlib.Path) -> Sop:
    """Load and check an SOP file. Raises ``SopInvalid`` listing every problem."""
    return _valid(check_file(path))


def loads(text: str, file: str = "<teks>") -> Sop:
    """Load and check the text of an SOP file. Raises ``SopInvalid`` listing every problem."""
    return _valid(check_text(text, file))
