"""The SOP core's public face is pinned, it stands alone without Django, and its parts import
one another in one direction only."""

import ast
import pathlib
import subprocess
import sys
from collections.abc import Iterator

import alur
import alur.sop

ALUR = pathlib.Path(alur.__file__).parent
CORE = pathlib.Path(alur.sop.__file__).parent

# Which parts of the core each part may import: the definition stands alone, the runtime builds
# on it, and the BPMN exchange and the print build on those two but not on each other.
MAY_IMPORT = {
    "_definition": {"_definition"},
    "_runtime": {"_definition", "_runtime"},
    "_bpmn": {"_definition", "_runtime", "_bpmn"},
    "_render": {"_definition", "_runtime", "_render"},
}

EXPORTED = {
    "render_pdf",
    "render_html",
    "render_document",
    "chart_svg_pages",
    "chart_svg",
    "chart_layout",
    "SopDocument",
    "ChartLayout",
    "FORMAT_VERSION",
    "STATE_VERSION",
    "BpmnImport",
    "BpmnProblem",
    "BranchOption",
    "CannotMove",
    "CaseAlreadyEnded",
    "CaseEnd",
    "CaseState",
    "CaseStatus",
    "CheckResult",
    "Condition",
    "DataProblem",
    "Decision",
    "DecisionProblem",
    "DefinitionError",
    "DocumentsMissing",
    "DueCalculator",
    "Duration",
    "End",
    "Extension",
    "EndlessSimulation",
    "Engine",
    "EngineError",
    "Event",
    "Every",
    "EventKind",
    "FieldKind",
    "Form",
    "FormField",
    "Goto",
    "Identity",
    "InputValue",
    "JointPolicy",
    "Lane",
    "LaneAlreadyConfirmed",
    "LaneMayNotAct",
    "Lang",
    "NaiveTime",
    "NoReturnBranch",
    "OfficeCalendar",
    "OpenStep",
    "OpenTask",
    "Outcome",
    "Output",
    "Problem",
    "ReasonRequired",
    "Refused",
    "Reference",
    "ReferenceKind",
    "Registry",
    "RequesterKind",
    "RelatedCaseProblem",
    "Requirement",
    "RequesterLimit",
    "ScheduleProblem",
    "Simulation",
    "Sop",
    "SopInvalid",
    "Source",
    "StartSchedule",
    "StartsCase",
    "StateFormatError",
    "Step",
    "StepKind",
    "StepNotOpen",
    "Transition",
    "Unit",
    "VisitedStep",
    "WEEKDAYS",
    "check_file",
    "check_text",
    "condition_holds",
    "condition_phrase",
    "condition_text",
    "document_key",
    "dumps",
    "from_bpmn",
    "load",
    "loads",
    "parse_duration",
    "schema_json",
    "simulate",
    "slot_after",
    "slot_at_or_before",
    "slot_title",
    "target_step",
    "to_bpmn",
    "NotUpgradable",
    "upgrade_text",
}


def test_the_exported_names_are_exactly_the_documented_ones() -> None:
    assert set(alur.sop.__all__) == EXPORTED


def test_every_exported_name_exists() -> None:
    missing = [name for name in alur.sop.__all__ if not hasattr(alur.sop, name)]
    assert missing == []


def test_the_sop_core_imports_no_django() -> None:
    code = (
        "import sys, alur.sop, alur.cli; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def _imports(path: pathlib.Path) -> Iterator[str]:
    """Every module ``path`` imports, at the top or inside a function, as written; a relative
    import is given as ``.`` followed by what it names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:
            yield "." * node.level + (node.module or "")
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            # ``from alur.sop import _runtime`` names a part; ``from alur.sop import load`` the face
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def test_each_part_of_the_core_imports_only_the_parts_beneath_it() -> None:
    wrong = []
    for path in sorted(CORE.rglob("*.py")):
        if path == CORE / "__init__.py":
            continue  # the public face gathers every part
        file = path.relative_to(ALUR.parent)
        where = path.relative_to(CORE).parts
        if len(where) == 1 or where[0] not in MAY_IMPORT:
            wrong.append(f"{file} is in none of {sorted(MAY_IMPORT)}")
            continue
        allowed = MAY_IMPORT[where[0]]
        for name in _imports(path):
            module = name.split(".")
            if name.startswith("."):
                wrong.append(f"{file}: relative import {name}")
            elif module[:2] == ["alur", "sop"] and (len(module) < 3 or module[2] not in allowed):
                wrong.append(f"{file} imports {name}")
            elif module[0] == "alur" and module[:2] != ["alur", "sop"]:
                wrong.append(f"{file} imports {name}, outside the core")
    assert wrong == []


def test_code_outside_the_core_imports_only_its_public_face() -> None:
    private = [
        f"{path.relative_to(ALUR.parent)} imports {name}"
        for path in sorted(ALUR.rglob("*.py"))
        if not path.is_relative_to(CORE)
        for name in _imports(path)
        if name.startswith("alur.sop.") and name.split(".")[2].startswith("_")
    ]
    assert private == []
