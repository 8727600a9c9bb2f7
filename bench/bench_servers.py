"""The web server: gunicorn (gthread) against granian (WSGI) on the same Alur pages, with Django's
runserver as the reference.

The demo installation is loaded on SQLite in a temporary ALUR_VAR_DIR, with DEBUG off and the
static files collected, as ``alur serve`` prepares it. Each server is started on a free port
with the same number of processes and threads; a load client in another process (threads, each
with ``http.client``) signs in once as a demo officer and then asks for two pages:

- ``/tugas/``, the signed-in inbox (session, database queries, a template), and
- ``/masuk/``, the sign-in page (no database: a form and a CSRF cookie),

each with keep-alive (one connection per client thread, reused) and without (a new connection
per request, ``Connection: close``). It prints requests per second and latency percentiles per
server, then the ratios granian / gunicorn and each / runserver.

    .venv/bin/python bench/bench_servers.py [--seconds 5] [--processes 2] [--threads 4]

Exit 1 when a server answered a request with anything but 200, or when a production server
stalls on keep-alive (its keep-alive median slower than its median without keep-alive plus
20 ms: runserver's stall is ~40 ms per request).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from httpkit import sign_in

ROOT = Path(__file__).resolve().parent.parent
USER = "kabid.ti"
PASSWORD = "alur-demo-2026"  # noqa: S105 - the demo accounts' published password (alur.demo)
PAGES = {"inbox": "/tugas/", "login": "/masuk/"}
STALL_MS = 20.0
SLOW_WAIT = 15.0
CLIENTS = 8
RUNS = ((True, CLIENTS), (False, CLIENTS), (True, 1), (False, 1))
"""Keep-alive or not, by so many client threads: one client shows the latency of one request
alone (runserver's keep-alive stall), several the throughput."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def server_command(name: str, port: int, processes: int, threads: int) -> list[str]:
    python = sys.executable
    if name == "gunicorn":
        return [
            python, "-m", "gunicorn", "alur.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(processes), "--threads", str(threads), "--worker-class", "gthread",
            "--keep-alive", "5", "--log-level", "warning",
        ]  # fmt: skip
    if name == "granian":
        return [
            python, "-m", "granian", "--interface", "wsgi", "alur.wsgi:application",
            "--host", "127.0.0.1", "--port", str(port), "--workers", str(processes),
            "--blocking-threads", str(threads), "--log-level", "warning", "--no-ws",
        ]  # fmt: skip
    return [python, "-m", "alur.cli", "manage", "runserver", f"127.0.0.1:{port}", "--noreload"]


@contextmanager
def serving(command: list[str], port: int, env: dict[str, str]) -> Iterator[None]:
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"server did not start: {' '.join(command)}") from None
                time.sleep(0.1)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def slow_clients(port: int, count: int) -> float | None:
    """Milliseconds to answer one request while ``count`` clients have sent part of their
    headers and wait (a slow or stalled client, or a slowloris); None: no answer in time."""
    slow = []
    for _ in range(count):
        client = socket.create_connection(("127.0.0.1", port), timeout=5)
        client.sendall(b"GET /masuk/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: sl")
        slow.append(client)
    time.sleep(1.0)  # the server has taken them in
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=SLOW_WAIT)
    began = time.perf_counter()
    try:
        connection.request("GET", "/masuk/")
        answered = connection.getresponse().status == 200
    except TimeoutError:
        answered = False
    finally:
        connection.close()
        for client in slow:
            client.close()
    return (time.perf_counter() - began) * 1000 if answered else None


def drive(
    port: int, path: str, cookie: str, keep_alive: bool, seconds: float, clients: int
) -> dict:
    """Run in the load process: ``clients`` threads ask for ``path`` for ``seconds``."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    failures: list[int] = [0] * clients
    start = threading.Barrier(clients + 1)
    until = [0.0]

    def client(index: int) -> None:
        headers = {"Cookie": cookie} if cookie else {}
        if not keep_alive:
            headers["Connection"] = "close"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        while (began := time.perf_counter()) < until[0]:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            latencies[index].append(time.perf_counter() - began)
            if response.status != 200:
                failures[index] += 1
            if not keep_alive or response.will_close:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    until[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    every = sorted(value for values in latencies for value in values)
    cuts = statistics.quantiles(every, n=100)
    return {
        "requests": len(every),
        "per_second": len(every) / elapsed,
        "p50": cuts[49] * 1000,
        "p90": cuts[89] * 1000,
        "p99": cuts[98] * 1000,
        "failures": sum(failures),
    }


def load(
    args: argparse.Namespace, port: int, path: str, cookie: str, keep_alive: bool, clients: int
) -> dict:
    """``drive`` in another process, so the client's threads do not share the server's GIL."""
    run = {"port": port, "path": path, "cookie": cookie, "keep_alive": keep_alive}
    for seconds in (1.0, args.seconds):  # a warm-up round, then the measured one
        task = json.dumps({**run, "clients": clients, "seconds": seconds})
        output = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "--drive", task],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    result: dict = json.loads(output)
    return result


def prepare(var: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "ALUR_VAR_DIR": str(var),
        "ALUR_STATIC_MANIFEST": "1",
        "ALUR_DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{var / 'alur.sqlite3'}",
        "ALUR_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "alur.settings",
    }
    alur = [sys.executable, "-m", "alur.cli"]
    for step in (["manage", "migrate", "-v0"], ["manage", "collectstatic", "--noinput", "-v0"]):
        subprocess.run([*alur, *step], env=env, cwd=ROOT, check=True)  # noqa: S603
    subprocess.run(  # noqa: S603
        [*alur, "demo", "--year"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    return env


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--servers", default="runserver,gunicorn,granian")
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        task = json.loads(args.drive)
        keys = ("port", "path", "cookie", "keep_alive", "seconds", "clients")
        print(json.dumps(drive(*(task[key] for key in keys))))
        return 0

    servers = args.servers.split(",")
    print(
        f"{args.processes} processes x {args.threads} threads, {CLIENTS} client threads, "
        f"{args.seconds:g} s per run, {os.cpu_count()} CPUs"
    )
    results: dict[Key, dict] = {}
    slow: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory(prefix="alur-bench-http-") as folder:
        env = prepare(Path(folder))
        for name in servers:
            port = free_port()
            with serving(server_command(name, port, args.processes, args.threads), port, env):
                # The inbox signed in; the sign-in page without a session (signed in, it redirects).
                cookies = {"inbox": sign_in(port, USER, PASSWORD), "login": ""}
                for page, path in PAGES.items():
                    for keep_alive, clients in RUNS:
                        key = (name, page, keep_alive, clients)
                        results[key] = load(args, port, path, cookies[page], keep_alive, clients)
                        row = results[key]
                        print(
                            f"{name:10} {page:6} {clients} client{'s' if clients > 1 else ' '} "
                            f"keep-alive={'yes' if keep_alive else 'no ':3} "
                            f"{row['per_second']:8.1f} req/s  p50 {row['p50']:7.1f} ms  "
                            f"p90 {row['p90']:7.1f} ms  p99 {row['p99']:7.1f} ms  "
                            f"({row['requests']} requests, {row['failures']} not 200)",
                            flush=True,
                        )
                count = 2 * args.processes * args.threads
                waited = slow_clients(port, count)
                slow[name] = waited
                print(
                    f"{name:10} with {count} slow clients holding their headers: "
                    + (f"answered in {waited:.1f} ms" if waited is not None else "no answer")
                    + (f" in {SLOW_WAIT:g} s" if waited is None else ""),
                    flush=True,
                )
    return report(results, servers)


Key = tuple[str, str, bool, int]


def report(results: dict[Key, dict], servers: list[str]) -> int:
    print("\nratios of requests/s (higher: the first is faster)")
    pairs = [("granian", "gunicorn"), ("gunicorn", "runserver"), ("granian", "runserver")]
    for first, second in pairs:
        if first not in servers or second not in servers:
            continue
        for page in PAGES:
            for keep_alive, clients in RUNS:
                ratio = (
                    results[(first, page, keep_alive, clients)]["per_second"]
                    / results[(second, page, keep_alive, clients)]["per_second"]
                )
                mode = "keep-alive" if keep_alive else "new connection"
                print(f"  {first} / {second:9}  {page:6} {clients} {mode:15} {ratio:6.2f}")
    failed = [key for key, row in results.items() if row["failures"]]
    # One client alone: a kept-alive request must not wait longer than a fresh connection's.
    stalled = [
        (name, page)
        for (name, page, keep_alive, clients), row in results.items()
        if keep_alive
        and clients == 1
        and name != "runserver"
        and row["p50"] > results[(name, page, False, 1)]["p50"] + STALL_MS
    ]
    for key in failed:
        print(f"FAIL: {key} answered with something else than 200")
    for name, page in stalled:
        print(f"FAIL: {name} stalls on keep-alive ({page})")
    return 1 if failed or stalled else 0


if __name__ == "__main__":
    sys.exit(main())
