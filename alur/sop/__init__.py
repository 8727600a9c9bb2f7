"""Alur's SOP core: the definition format, its checks, the engine and the working-day calendar.

Pure Python, no Django: ``from alur.sop import load, Engine``.
"""

from alur.sop._check import CheckResult, check_file, check_text, load, loads
from alur.sop._duration import Duration, Unit, parse_duration
from alur.sop._model import (
    FORMAT_VERSION,
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
    Source,
    Sop,
    StartsCase,
    Step,
    StepKind,
    target_step,
)
from alur.sop._problems import Problem, SopInvalid

__all__ = [
    "FORMAT_VERSION",
    "CheckResult",
    "Duration",
    "End",
    "FieldKind",
    "Form",
    "FormField",
    "Goto",
    "Identity",
    "JointPolicy",
    "Lane",
    "Outcome",
    "Output",
    "Problem",
    "Registry",
    "Requirement",
    "Sop",
    "SopInvalid",
    "Source",
    "StartsCase",
    "Step",
    "StepKind",
    "Unit",
    "check_file",
    "check_text",
    "load",
    "loads",
    "parse_duration",
    "target_step",
]
