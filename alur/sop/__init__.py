"""Alur's SOP core: the definition format, its checks, the engine and the working-day calendar.

Pure Python, no Django: ``from alur.sop import load, Engine``. ``to_bpmn`` and ``from_bpmn``
exchange an SOP with BPMN 2.0 tools; ``dumps`` writes an SOP back as definition YAML.
"""

from alur.sop._bpmn.export import to_bpmn
from alur.sop._bpmn.importer import BpmnImport, from_bpmn
from alur.sop._bpmn.messages import BpmnProblem
from alur.sop._definition.check import CheckResult, check_file, check_text, load, loads
from alur.sop._definition.condition import (
    condition_holds,
    condition_phrase,
    condition_text,
)
from alur.sop._definition.dump import dumps
from alur.sop._definition.duration import Duration, Unit, parse_duration
from alur.sop._definition.messages import Lang
from alur.sop._definition.model import (
    FORMAT_VERSION,
    Condition,
    End,
    FieldKind,
    Form,
    FormField,
    Goto,
    Identity,
    JointPolicy,
    Lane,
    Outcome,
    Output,
    Registry,
    Requirement,
    Sop,
    Source,
    StartsCase,
    Step,
    StepKind,
    document_key,
    target_step,
)
from alur.sop._definition.problems import Problem, SopInvalid
from alur.sop._definition.schema import schema_json
from alur.sop._render.document import SopDocument, render_document, render_html, render_pdf
from alur.sop._render.geometry import ChartLayout
from alur.sop._render.layout import chart_layout
from alur.sop._render.svg import chart_svg, chart_svg_pages
from alur.sop._runtime.calendar import OfficeCalendar
from alur.sop._runtime.engine import BranchOption, DueCalculator, Engine, OpenTask
from alur.sop._runtime.errors import (
    CannotMove,
    CaseAlreadyEnded,
    DataProblem,
    DecisionProblem,
    DefinitionError,
    DocumentsMissing,
    EngineError,
    LaneAlreadyConfirmed,
    LaneMayNotAct,
    NaiveTime,
    NoReturnBranch,
    ReasonRequired,
    Refused,
    RelatedCaseProblem,
    ScheduleProblem,
    StateFormatError,
    StepNotOpen,
)
from alur.sop._runtime.simulate import EndlessSimulation, Simulation, VisitedStep, simulate
from alur.sop._runtime.state import (
    STATE_VERSION,
    CaseEnd,
    CaseState,
    CaseStatus,
    Decision,
    Event,
    EventKind,
    InputValue,
    OpenStep,
    Transition,
)

__all__ = [
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
    "ChartLayout",
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
    "Registry",
    "RelatedCaseProblem",
    "Requirement",
    "ScheduleProblem",
    "Simulation",
    "Sop",
    "SopDocument",
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
    "chart_layout",
    "chart_svg",
    "chart_svg_pages",
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
    "render_document",
    "render_html",
    "render_pdf",
    "schema_json",
    "simulate",
    "target_step",
    "to_bpmn",
]
