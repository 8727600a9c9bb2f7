"""``make test``'s runner: at the first moment the tests marked ``once`` by themselves, then
the rest in parallel; at the later ones the rest only; each run at its own moment, and a failing
run stops the rest."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from tests import run_at_moments


def _runs(monkeypatch: pytest.MonkeyPatch, codes: list[int]) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []

    def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        seen.append({"command": command, "now": kwargs["env"]["ALUR_TEST_NOW"]})
        return subprocess.CompletedProcess(command, codes[len(seen) - 1])

    monkeypatch.setattr(run_at_moments.subprocess, "run", run)
    return seen


def test_the_first_moment_runs_once_alone_then_the_rest_in_parallel_as_the_later_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(run_at_moments, "WORKERS", 2)
    seen = _runs(monkeypatch, [0, 0, 0, 0])

    assert run_at_moments.main(["-x"]) == 0

    commands = [run["command"][1:] for run in seen]
    parallel = ["-m", "pytest", "-m", "not once", "-n", "2", "-x"]
    assert commands == [["-m", "pytest", "-m", "once", "-x"], parallel, parallel, parallel]
    assert seen[0]["now"] == seen[1]["now"]
    assert len({run["now"] for run in seen}) == 3
    assert seen[3]["now"] == "2028-02-29T10:30:00+08:00"


def test_a_failing_run_stops_the_runs_after_it(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _runs(monkeypatch, [0, 0, 3, 0])

    assert run_at_moments.main([]) == 3
    assert len(seen) == 3


def test_a_part_with_no_test_to_run_is_not_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """``python tests/run_at_moments.py tests/sop`` selects no test marked ``once``."""
    seen = _runs(monkeypatch, [pytest.ExitCode.NO_TESTS_COLLECTED, 0, 0, 0])

    assert run_at_moments.main(["tests/sop"]) == 0
    assert len(seen) == 4
