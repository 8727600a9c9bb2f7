"""The suite's clock: each test starts at the chosen moment, and the processes it starts (Python,
the ``alur`` command) read the same clock as the test."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.clock import sitecustomize as clock

ROOT = Path(__file__).resolve().parents[2]
SOP5 = ROOT / "sops" / "05-permohonan-pembuatan-aplikasi.yaml"
PRINT_NOW = "import datetime as dt; print(dt.datetime.now(dt.UTC).isoformat())"


def test_a_test_starts_at_the_moment_and_its_clock_runs_on() -> None:
    started = dt.datetime.now(dt.UTC)
    time.sleep(0.05)
    later = dt.datetime.now(dt.UTC)

    assert dt.timedelta(0) <= started - clock.moment() < dt.timedelta(seconds=2)
    assert later - started >= dt.timedelta(seconds=0.05)


def test_a_python_process_it_starts_reads_the_same_clock() -> None:
    before = dt.datetime.now(dt.UTC)
    child = subprocess.run(
        [sys.executable, "-c", PRINT_NOW], capture_output=True, text=True, check=True
    )
    after = dt.datetime.now(dt.UTC)

    assert before <= dt.datetime.fromisoformat(child.stdout.strip()) <= after


def test_the_alur_command_it_starts_reads_the_same_clock() -> None:
    before = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    child = subprocess.run(
        [sys.executable, "-m", "alur.cli", "sop", "simulate", str(SOP5), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    after = dt.datetime.now(dt.UTC)

    opened = dt.datetime.fromisoformat(json.loads(child.stdout)["steps"][0]["opened"])
    assert before <= opened <= after


@pytest.mark.not_before("2100-01-04T09:00:00+07:00")
def test_a_test_whose_history_must_be_over_runs_after_it_and_so_do_its_processes() -> None:
    child = subprocess.run(
        [sys.executable, "-c", PRINT_NOW], capture_output=True, text=True, check=True
    )
    now = dt.datetime.now(dt.UTC)

    later = dt.datetime.fromisoformat("2100-01-04T09:00:00+07:00")
    assert dt.timedelta(0) <= now - later < dt.timedelta(seconds=5)
    assert later <= dt.datetime.fromisoformat(child.stdout.strip()) <= now


@pytest.mark.not_before("2000-01-03T09:00:00+07:00")
def test_a_test_whose_history_is_over_runs_at_the_suites_moment() -> None:
    assert dt.timedelta(0) <= dt.datetime.now(dt.UTC) - clock.moment() < dt.timedelta(seconds=2)
    assert clock.moment() > dt.datetime.fromisoformat("2000-01-03T09:00:00+07:00")


def test_the_moment_is_named_in_each_zone_of_indonesia() -> None:
    moment = dt.datetime.fromisoformat("2027-01-01T00:30:00+08:00")

    assert clock.moment_described(moment) == (
        "ALUR_TEST_NOW=2027-01-01T00:30:00+08:00 (Friday; 31 Dec 23:30 WIB, 01 Jan 00:30 WITA, "
        "01 Jan 01:30 WIT, 31 Dec 16:30 UTC)"
    )
