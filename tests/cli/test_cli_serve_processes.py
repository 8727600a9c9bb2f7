"""`alur serve` as an office runs it: a real process on a free port, on SQLite in a temporary
var/, serving through granian with `alur worker` beside it, and none of its processes
outliving it, however it ends (SIGTERM, Ctrl+C, SIGKILL)."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.clock import sitecustomize as clock

pytestmark = pytest.mark.once

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 60.0
"""Seconds to wait for a start or an end before the test fails; never a timing assertion."""


def _environment(var: Path) -> dict[str, str]:
    """The test's environment without its settings (the clock is no setting), on SQLite."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not (name.startswith("ALUR_") or name == "DATABASE_URL")
        or name in (clock.NOW, clock.SINCE)
    }
    environment.update(
        ALUR_VAR_DIR=str(var),
        ALUR_WEB_PROCESSES="2",
        ALUR_WEB_THREADS="2",
        ALUR_SCAN_SECONDS="3600",
    )
    return environment


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A var/ with a migrated database and the static files collected, copied by each test
    (serve then finds both done, and starts sooner)."""
    var = tmp_path_factory.mktemp("var")
    for command in (["migrate"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "-m", "alur.cli", "manage", *command, "-v0"],
            cwd=ROOT,
            env={**_environment(var), "ALUR_STATIC_MANIFEST": "1"},
            check=True,
            timeout=300,
        )
    return var


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Serving:
    def __init__(self, process: subprocess.Popen[str], port: int, log: Path) -> None:
        self.process = process
        self.port = port
        self.log = log

    def get(self, path: str) -> tuple[http.client.HTTPResponse, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response, body

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


@pytest.fixture
def serve(migrated: Path, tmp_path: Path) -> Iterator[Callable[..., Serving]]:
    started: list[Serving] = []

    def start(*flags: str) -> Serving:
        var = tmp_path / "var"
        shutil.copytree(migrated, var)
        port = _free_port()
        log = tmp_path / "serve.log"
        with log.open("w", encoding="utf-8") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "alur.cli", "serve", "--port", str(port), *flags],
                cwd=ROOT,
                env=_environment(var),
                stdout=sink,
                stderr=subprocess.STDOUT,
                text=True,
            )
        serving = Serving(process, port, log)
        started.append(serving)
        deadline = time.monotonic() + DEADLINE
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return serving
            except OSError:
                assert process.poll() is None, serving.output()
                assert time.monotonic() < deadline, serving.output()
                time.sleep(0.2)

    yield start
    for serving in started:
        for pid in [*_descendants(serving.process.pid), serving.process.pid]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        serving.process.wait()


def _parents() -> dict[int, int]:
    """Every process's parent, from /proc."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            # pid (comm) state ppid ...: comm may hold spaces and brackets, so split after it
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def _descendants(pid: int) -> list[int]:
    parents = _parents()
    found: list[int] = []
    wanted = [pid]
    while wanted:
        parent = wanted.pop()
        children = [child for child, of in parents.items() if of == parent]
        found.extend(children)
        wanted.extend(children)
    return found


def _command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _alive(pid: int) -> bool:
    """Running, not ended (nor ended and waiting to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _processes_of(serving: Serving) -> dict[str, list[int]]:
    """serve's processes by kind, once all have started: granian's and the worker."""
    deadline = time.monotonic() + DEADLINE
    while True:
        kinds: dict[str, list[int]] = {"granian": [], "worker": []}
        for pid in _descendants(serving.process.pid):
            line = _command_line(pid)
            kinds["granian" if "granian" in line else "worker"].append(pid)
        # granian's own process and its two workers (ALUR_WEB_PROCESSES=2), one alur worker
        if (len(kinds["granian"]), len(kinds["worker"])) == (3, 1):
            return kinds
        assert time.monotonic() < deadline, (kinds, serving.output())
        time.sleep(0.2)


def _until_ended(pids: list[int]) -> list[int]:
    """Those of ``pids`` still running at the deadline."""
    deadline = time.monotonic() + DEADLINE
    while (running := [pid for pid in pids if _alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    return running


def test_it_serves_pages_and_static_files_through_granian(serve: Callable[..., Serving]) -> None:
    serving = serve("--no-demo")

    response, body = serving.get("/masuk/")

    assert (response.status, response.getheader("Server")) == (200, "granian")
    [stylesheet] = re.findall(r'href="(/static/[^"]+\.css)"', body.decode())
    assert re.fullmatch(r"/static/.+\.[0-9a-f]{12}\.css", stylesheet)  # collected, hashed
    static, css = serving.get(stylesheet)
    assert (static.status, static.getheader("Content-Type")) == (200, 'text/css; charset="utf-8"')
    assert css
    output = serving.output()
    assert "Server web: granian, 2 proses x 2 utas" in output
    assert "development server" not in output


def test_keep_alive_connections_are_answered_on_the_same_connection(
    serve: Callable[..., Serving],
) -> None:
    serving = serve("--no-demo", "--no-worker")
    connection = http.client.HTTPConnection("127.0.0.1", serving.port, timeout=30)

    statuses = []
    for _ in range(3):
        connection.request("GET", "/masuk/")
        response = connection.getresponse()
        response.read()
        statuses.append((response.status, response.will_close))
    peer = connection.sock.getpeername() if connection.sock else None
    connection.close()

    assert statuses == [(200, False)] * 3
    assert peer == ("127.0.0.1", serving.port)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_worker_and_every_server_process(
    serve: Callable[..., Serving], stop: signal.Signals
) -> None:
    serving = serve("--no-demo")
    kinds = _processes_of(serving)

    serving.process.send_signal(stop)

    assert serving.process.wait(timeout=DEADLINE) == 0
    assert _until_ended(kinds["granian"] + kinds["worker"]) == []
    assert "Alur berhenti." in serving.output()


def test_killing_serve_ends_the_worker_and_the_server_too(serve: Callable[..., Serving]) -> None:
    serving = serve("--no-demo")
    kinds = _processes_of(serving)

    serving.process.kill()
    serving.process.wait(timeout=DEADLINE)

    assert _until_ended(kinds["granian"] + kinds["worker"]) == []


def test_when_the_server_dies_serve_stops_the_worker_and_says_so(
    serve: Callable[..., Serving],
) -> None:
    serving = serve("--no-demo")
    kinds = _processes_of(serving)
    [server] = [pid for pid in kinds["granian"] if _parent(pid) == serving.process.pid]

    os.kill(server, signal.SIGKILL)  # its worker processes end with it (alur.wsgi)

    assert serving.process.wait(timeout=DEADLINE) == 1
    assert _until_ended(kinds["granian"] + kinds["worker"]) == []
    assert "server web (granian) berhenti sendiri (kode -9)" in serving.output()


def _parent(pid: int) -> int:
    return _parents().get(pid, 0)


def test_metrics_add_up_the_requests_of_every_server_process(
    serve: Callable[..., Serving],
) -> None:
    """Each request on a new connection may land on either of granian's two processes;
    /metrics, whichever answers, counts them all (var/metrics, emptied at each start)."""
    serving = serve("--no-demo", "--no-worker")
    asked = 12

    for _ in range(asked):
        assert serving.get("/masuk/")[0].status == 200
    response, body = serving.get("/metrics")

    assert response.status == 200
    counted = {
        (sample.labels["view"], sample.labels["status"]): sample.value
        for family in text_string_to_metric_families(body.decode())
        if family.name == "alur_http_requests"
        for sample in family.samples
        if sample.name == "alur_http_requests_total"
    }
    assert counted[("login", "200")] == asked
