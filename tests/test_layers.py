"""The layers of Alur, read from the imports of its code (docs/architecture.md).

    core         alur.sop                    the SOP format, engine, calendar, BPMN, print
    shared       alur.common                 what every app shares; no app of Alur
    offices      alur.offices, alur.catalog  offices, people, roles; SOPs and their versions
    cases        alur.cases                  requests, visits, documents, the record
    around       registry, reports, deadlines, letters, monitoring, notifications, operations,
                 administration, public, webhooks, survey
    channels     alur.web, alur.api, alur.cli, alur.demo, and the settings, urls and wsgi that
                 join them

A package imports only packages of its own layer or below, never one above; the packages'
imports form no cycle; and no package imports another's private module (a name starting with
``_``). Every import counts, at the top of a module or inside a function, type-only ones too.
"""

from __future__ import annotations

import ast
import pathlib
from collections.abc import Iterator

ALUR = pathlib.Path(__file__).resolve().parents[1] / "alur"

LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("core", frozenset({"sop"})),
    ("shared", frozenset({"common"})),
    ("offices and catalog", frozenset({"offices", "catalog"})),
    ("cases", frozenset({"cases"})),
    (
        "around cases",
        frozenset({"registry", "reports", "deadlines", "letters", "monitoring", "notifications"})
        | {"operations", "administration", "public", "webhooks", "survey"},
    ),
    ("channels", frozenset({"web", "api", "cli", "demo", "settings", "urls", "wsgi", "__init__"})),
)
LAYER_OF = {
    package: index for index, (_name, packages) in enumerate(LAYERS) for package in packages
}


def _package(path: pathlib.Path) -> str:
    """``cases`` for alur/cases/services.py, ``settings`` for alur/settings.py."""
    return path.relative_to(ALUR).with_suffix("").parts[0]


def _imports(path: pathlib.Path) -> Iterator[list[str]]:
    """Every dotted name of Alur that ``path`` imports, split in parts: for ``from a.b import
    c``, ``a.b.c`` (a module or a name in it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        yield from (name.split(".") for name in names if name.split(".")[0] == "alur")


def _code() -> list[pathlib.Path]:
    return sorted(ALUR.rglob("*.py"))


def _edges() -> dict[str, set[str]]:
    """Which packages each package imports."""
    edges: dict[str, set[str]] = {}
    for path in _code():
        source = _package(path)
        for parts in _imports(path):
            if len(parts) > 1 and parts[1] != source:
                edges.setdefault(source, set()).add(parts[1])
    return edges


def test_every_package_has_its_place_in_a_layer() -> None:
    packages = {_package(path) for path in _code()}
    assert sorted(packages - set(LAYER_OF)) == []


def test_no_package_imports_one_of_a_layer_above_it() -> None:
    upward = [
        f"{path.relative_to(ALUR.parent)} ({LAYERS[LAYER_OF[_package(path)]][0]}) imports "
        f"{'.'.join(parts)} ({LAYERS[LAYER_OF[parts[1]]][0]})"
        for path in _code()
        for parts in _imports(path)
        if len(parts) > 1 and LAYER_OF.get(parts[1], -1) > LAYER_OF[_package(path)]
    ]
    assert upward == []


def test_the_packages_import_one_another_in_no_cycle() -> None:
    edges = _edges()
    cycles: list[list[str]] = []

    def walk(package: str, trail: list[str]) -> None:
        for target in sorted(edges.get(package, ())):
            if target in trail:
                cycles.append([*trail[trail.index(target) :], target])
            elif target not in done:
                walk(target, [*trail, target])
        done.add(package)

    done: set[str] = set()
    for package in sorted(edges):
        walk(package, [package])
    assert cycles == []


def test_no_package_imports_the_private_part_of_another() -> None:
    private = [
        f"{path.relative_to(ALUR.parent)} imports {'.'.join(parts)}"
        for path in _code()
        for parts in _imports(path)
        if len(parts) > 2
        and parts[1] != _package(path)
        and any(part.startswith("_") and not part.startswith("__") for part in parts[2:])
    ]
    assert private == []


def test_the_cases_know_nothing_of_the_apps_that_follow_them() -> None:
    around = LAYERS[LAYER_OF["registry"]][1]
    assert sorted(_edges()["cases"] & around) == []


def test_the_rule_sees_an_upward_import(tmp_path: pathlib.Path) -> None:
    """The reading itself: a module of the core that imported a page would be caught."""
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from alur.cases.views import inbox\n", encoding="utf-8")
    assert list(_imports(module)) == [["alur", "cases", "views", "inbox"]]


def _names(path: pathlib.Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    found |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    return found | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }


def test_one_door_writes_a_cases_record() -> None:
    """Events are written by ``alur.cases.recording`` alone, driven by the case services (and
    the requester's own, ``alur.cases.requesting``, and a start on a step,
    ``alur.cases.working``); other code appends one through ``services.event_record`` or
    ``services.document_attach``."""
    writers = sorted(
        str(path.relative_to(ALUR.parent))
        for path in _code()
        if "CaseWriter" in _names(path) or "chain_hash" in _names(path)
    )
    assert writers == [
        "alur/cases/audit.py",
        "alur/cases/recording.py",
        "alur/cases/requesting.py",
        "alur/cases/services.py",
        "alur/cases/working.py",
    ]
