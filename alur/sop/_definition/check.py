"""Load an SOP file and report every problem in it, or give back the checked ``Sop``.

    text ──parse──▶ data + positions ──model──▶ Sop ──flow checks──▶ Sop (valid)
          YAML problems        shape problems          flow problems

Each stage reports all it finds; a later stage runs only on what the earlier one accepted.
Nothing here raises on bad input except ``load``/``loads``, which raise ``SopInvalid``
carrying the same problems that ``check`` returns.
"""

from __future__ import annotations

import copy
import functools
import pathlib
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from alur.sop._definition.flow import check_flow
from alur.sop._definition.model import Sop
from alur.sop._definition.problems import Problem, SopInvalid
from alur.sop._definition.shape import data_path, problems_from, suggestion_for
from alur.sop._definition.source import Located, Position, YamlProblem, parse


@dataclass(frozen=True)
class CheckResult:
    file: str
    sop: Sop | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_text(text: str, file: str = "<teks>") -> CheckResult:
    """Check the text of an SOP file; ``file`` names it in the problems.

    The answer depends on the text and the name alone, so the latest answers are kept: an
    office's SOPs are read again and again (each version's definition, the demo's five SOPs
    loaded for a new installation or a test) and parsing the YAML is most of a check's cost.
    The ``Sop`` is frozen; each caller gets a list of problems of its own."""
    sop, problems = _checked(text, file)
    return CheckResult(file, sop, list(problems))


@functools.lru_cache(maxsize=64)
def _checked(text: str, file: str) -> tuple[Sop | None, tuple[Problem, ...]]:
    result = _check(text, file)
    return result.sop, tuple(result.problems)


def _check(text: str, file: str) -> CheckResult:
    try:
        located = parse(text)
    except YamlProblem as problem:
        where = problem.position
        found = Problem(problem.code, file, where.line, where.column, problem.params)
        return CheckResult(file, None, [found])
    if not isinstance(located.data, dict):
        start = located.where(())
        not_mapping = Problem("yaml.not_mapping", file, start.line, start.column)
        return CheckResult(file, None, [not_mapping])
    sop: Sop | None
    try:
        sop = Sop.model_validate(located.data)
        problems = []
    except ValidationError as error:
        problems = problems_from(error, located, file)
        sop = _with_misspelt_keys_read_as_meant(located, error)
    if sop is not None:
        for code, path, params in check_flow(sop):
            where = located.where(path)
            problems.append(Problem(code, file, where.line, where.column, params))
    problems.sort(key=lambda p: (p.line, p.column))
    return CheckResult(file, None if problems else sop, problems)


def _with_misspelt_keys_read_as_meant(located: Located, error: ValidationError) -> Sop | None:
    """The model of the document with each unknown key read as the key it most likely meant
    (or left out when nothing is close), when unknown keys were its only fault.

    One run then reports a misspelt key together with the flow problems of the same file,
    without also reporting what the misspelling hides (the outputs under "ouptut", say).
    """
    errors = error.errors()
    if any(e["type"] != "extra_forbidden" for e in errors):
        return None
    fixed = copy.deepcopy(located.data)
    for item in errors:
        path = data_path(item["loc"], located.data)
        parent: Any = fixed
        for part in path[:-1]:
            parent = parent[part]
        meant = suggestion_for(path, located.data)
        value = parent.pop(path[-1])
        if meant is not None and meant not in parent:
            parent[meant] = value
    try:
        return Sop.model_validate(fixed)
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
