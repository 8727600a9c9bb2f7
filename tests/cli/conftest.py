"""The ``alur`` command in-process over the test database, and out of process where settings
must be read afresh from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.clock import sitecustomize as clock

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CHECKPOINT_SIGNING_KEY_FILE = tmp_path / "checkpoint_signing_key.pem"


@pytest.fixture
def alur_process(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``alur ARGS`` in a new process with its own var/ and the given environment."""

    def run(*args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        settings = [k for k in os.environ if k.startswith("ALUR_") or k == "DATABASE_URL"]
        environment = {
            k: v
            for k, v in os.environ.items()
            if k not in settings or k in (clock.NOW, clock.SINCE)  # the clock is no setting
        }
        environment["ALUR_VAR_DIR"] = str(tmp_path / "var")
        environment.update(env or {})
        return subprocess.run(
            [sys.executable, "-m", "alur.cli", *args],
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run
