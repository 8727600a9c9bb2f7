"""The SOP core's public face is pinned, and it stands alone without Django."""

import subprocess
import sys

import alur.sop

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
    "CaseAlreadyEnded",
    "CaseEnd",
    "CaseState",
    "CaseStatus",
    "CheckResult",
    "DataProblem",
    "Decision",
    "DecisionProblem",
    "DefinitionError",
    "DocumentsMissing",
    "DueCalculator",
    "Duration",
    "End",
    "EndlessSimulation",
    "Engine",
    "EngineError",
    "Event",
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
    "Registry",
    "RelatedCaseProblem",
    "Requirement",
    "ScheduleProblem",
    "Simulation",
    "Sop",
    "SopInvalid",
    "Source",
    "StartsCase",
    "StateFormatError",
    "Step",
    "StepKind",
    "StepNotOpen",
    "Transition",
    "Unit",
    "VisitedStep",
    "check_file",
    "check_text",
    "document_key",
    "dumps",
    "from_bpmn",
    "load",
    "loads",
    "parse_duration",
    "simulate",
    "target_step",
    "to_bpmn",
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
