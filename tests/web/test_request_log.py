"""One log line per request, and the request's id (the proxy's X-Request-ID when it is well
formed, else a new one, sent back) in every line written while the request runs."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.clock import sitecustomize as clock

ROOT = Path(__file__).resolve().parents[2]
HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the console handler of the settings writes, with its filter and format."""
    root = logging.getLogger()
    console = next(handler for handler in root.handlers if handler.name == "console")
    written = io.StringIO()
    capture = logging.StreamHandler(written)
    capture.setFormatter(console.formatter)
    for log_filter in console.filters:
        capture.addFilter(log_filter)
    root.addHandler(capture)
    yield written
    root.removeHandler(capture)


def lines(written: io.StringIO) -> list[str]:
    return [line for line in written.getvalue().splitlines() if line]


@pytest.mark.django_db
def test_every_line_of_a_request_carries_the_proxy_s_request_id(log_lines: io.StringIO) -> None:
    request_id = uuid.uuid4().hex

    response = Client().get("/tidak-ada/", headers={"X-Request-ID": request_id})

    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == request_id
    written = lines(log_lines)
    duration = written[0].split()[-2]
    assert re.fullmatch(r"\d+\.\dms", duration)
    assert [line.split(" ", 4)[2:] for line in written] == [
        ["INFO", request_id, f"alur.request GET /tidak-ada/ 404 {duration} user=-"],
        ["WARNING", request_id, "django.request Not Found: /tidak-ada/"],
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("sent", ["", "bukan-uuid", "1234", "x" * 32, "a b\nc"])
def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one(
    log_lines: io.StringIO, sent: str
) -> None:
    headers = {"X-Request-ID": sent} if sent else {}

    response = Client().get("/masuk/", headers=headers)

    made = response.headers["X-Request-ID"]
    assert HEX_ID.fullmatch(made)
    access = [line for line in lines(log_lines) if " alur.request " in line]
    assert len(access) == 1
    assert access[0].split(" ")[3] == made
    assert "GET /masuk/ 200 " in access[0]


def test_a_signed_in_person_is_named_by_id(demo: Any, log_lines: io.StringIO) -> None:
    client = Client()
    kadis = demo.people["kadis.sumbawa"]
    client.force_login(kadis)

    client.get("/tugas/")

    access = [line for line in lines(log_lines) if " alur.request " in line]
    assert access[-1].endswith(f" /tugas/ 200 {access[-1].split()[-2]} user={kadis.pk}")


@pytest.mark.django_db
def test_a_path_cannot_break_the_line(log_lines: io.StringIO) -> None:
    Client().get("/tidak%0Aada/")

    access = [line for line in lines(log_lines) if " alur.request " in line]
    assert " GET /tidak%0Aada/ 404 " in access[0]


@pytest.mark.django_db
def test_lines_outside_a_request_carry_no_id(log_lines: io.StringIO) -> None:
    Client().get("/masuk/", headers={"X-Request-ID": uuid.uuid4().hex})

    logging.getLogger("alur.test").warning("sesudah permintaan")

    assert lines(log_lines)[-1].split(" ")[2:] == [
        "WARNING",
        "-",
        "alur.test",
        "sesudah",
        "permintaan",
    ]


def test_json_lines_carry_the_request_s_fields(tmp_path: Path) -> None:
    request_id = str(uuid.uuid4())
    script = (
        "import django; django.setup(); from django.test import Client; "
        f"Client().get('/tidak-ada/', headers={{'X-Request-ID': '{request_id}'}})"
    )
    environment = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith("ALUR_") or k == "DATABASE_URL") or k in (clock.NOW, clock.SINCE)
    }
    environment |= {
        "ALUR_VAR_DIR": str(tmp_path / "var"),
        "ALUR_LOG_FORMAT": "json",
        "ALUR_ALLOWED_HOSTS": "testserver",
        "ALUR_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "alur.settings",
    }

    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines()]
    during = [record for record in records if record["request_id"] == request_id]
    assert [record["name"] for record in during] == ["alur.request", "django.request"]
    access = during[0]
    assert {key: access[key] for key in ("level", "method", "path", "status", "user_id")} == {
        "level": "INFO",
        "method": "GET",
        "path": "/tidak-ada/",
        "status": 404,
        "user_id": "-",
    }
    assert isinstance(access["duration_ms"], float)
    assert access["message"].startswith("GET /tidak-ada/ 404 ")
    assert [record["request_id"] for record in records if record not in during] == ["-"] * (
        len(records) - 2
    )
