"""Where people wait, over HTTP on PostgreSQL: step completions, inboxes and the case page on
the production server with its production settings, each figure beside its reference measured
in the same run.

References:
- pgbench TPC-B on the same PostgreSQL (``-c 4 -j 2``, scale 10): the physical limit;
- a trivial signed-in view on the same server (``/pemberitahuan/lonceng/``, the bell's count:
  session, person, one count): the framework's ceiling.

Measured:
- step completions per second (the page's own htmx POST), each client on its own cases,
  without and with a 100 KB upload, at 1, 4 and 16 clients, with p50, p95 and p99;
- step completions through the JSON API (``POST /api/v1/cases/{id}/steps/{step}/complete``
  with a token, the answer the case's new state), at 1 and 4 clients;
- a person's inbox of 20 steps in an office with 300 and with 10,000 open steps; a 500-step
  inbox and a 1-step inbox; the case page of a case with a long history.

The office is the bench's own (``Dinas Uji Beban``) with SOPs written for it in the ordinary
format (a loop of two steps that clients go round; queues that put open steps in one lane):
Alur runs them with no code change. It is loaded into its own database on the server of
``DATABASE_URL`` (``alur_bench_http``, dropped and made again; pgbench gets
``alur_bench_pgbench``), and served by ``alur serve --no-demo --no-worker`` (granian,
``ALUR_WEB_PROCESSES`` x ``ALUR_WEB_THREADS``, DEBUG off). The load client runs in another
process (threads with ``http.client``, keep-alive).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/bench_http.py

Bounds (exit 1 when one fails, or when a request is answered with anything but 200):
- completions at 4 clients >= 50% of the trivial view's rate at 4 clients, and >= 10% of
  pgbench's TPS; the same 50% for completions through the API;
- each completion run's p99 <= 5 x its p50;
- the 20-step inbox in the 10,000-step office within 1.5 x of the 300-step office (p50);
- the 500-step inbox's p95 <= 3 x the 1-step inbox's p95;
- the case page (p50) <= 4 trivial requests (p50), one client each.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from httpkit import sign_in

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "uji-beban-2026"  # noqa: S105 - the bench office's throw-away accounts
BELL = "/pemberitahuan/lonceng/"
INBOX = "/tugas/"
CLIENT_COUNTS = (1, 4, 16)
CASES_PER_CLIENT = 2
UPLOAD_BYTES = 100 * 1024
OFFICE_SIZES = (300, 10_000)
QUEUES = (1, 20, 500)
"""Open steps in the lane of one person each: the inbox's own size."""

# Bounds.
COMPLETIONS_OVER_TRIVIAL = 0.5
COMPLETIONS_OVER_PGBENCH = 0.10
P99_OVER_P50 = 5.0
INBOX_LARGE_OVER_SMALL = 1.5
INBOX_500_OVER_1 = 3.0
CASE_PAGE_OVER_TRIVIAL = 4.0


# --- the SOPs of the bench office -----------------------------------------------------------------

IDENTITY = """format: 1
kode: {code}
identitas:
  pemerintah: Pemerintah Kota Uji
  instansi: Dinas Uji Beban
  unit: Bidang Uji
  nama: {name}
  disahkan_oleh:
    jabatan: Kepala Dinas Uji Beban
"""

LOOP = (
    IDENTITY
    + """pelaksana:
  - id: petugas
    nama: Petugas
langkah:
  - no: 1
    jenis: mulai
    uraian: Petugas membuka permohonan uji.
    pelaksana: petugas
    waktu: 1 jam
  - no: 2
    uraian: Petugas mengerjakan tahap kedua.
    pelaksana: petugas
    waktu: 1 jam{output2}
  - no: 3
    jenis: keputusan
    uraian: Petugas memutuskan apakah putaran selesai.
    pelaksana: petugas
    waktu: 1 jam{output3}
    ya: 4
    tidak: 2
  - no: 4
    jenis: selesai
    uraian: Putaran selesai.
    pelaksana: petugas
"""
)

QUEUE = (
    IDENTITY
    + """pelaksana:
  - id: pengaju
    nama: Pengaju
  - id: {lane}
    nama: Penelaah {lane}
langkah:
  - no: 1
    jenis: mulai
    uraian: Pengaju membuka permohonan uji.
    pelaksana: pengaju
    waktu: 1 jam
  - no: 2
    uraian: Penelaah menelaah permohonan.
    pelaksana: {lane}
    waktu: 5 hari
  - no: 3
    jenis: selesai
    uraian: Selesai.
    pelaksana: {lane}
"""
)


def loop_sop(code: str, with_upload: bool) -> str:
    output = "\n    output:\n      - Lampiran {n}" if with_upload else ""
    return LOOP.format(
        code=code,
        name=f"Putaran Uji Beban{' Berlampiran' if with_upload else ''}",
        output2=output.format(n="tahap kedua"),
        output3=output.format(n="keputusan"),
    )


def queue_sop(lane: str) -> str:
    return QUEUE.format(code=f"bench-{lane}", name=f"Antrian {lane}", lane=lane)


# --- databases ------------------------------------------------------------------------------------


def server_url() -> urllib.parse.SplitResult:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "bench_http: set DATABASE_URL to a PostgreSQL server, e.g. "
            "postgres://postgres@127.0.0.1:5432/postgres (its databases alur_bench_http and "
            "alur_bench_pgbench are dropped and made again)"
        )
    return urllib.parse.urlsplit(url)


def database_url(server: urllib.parse.SplitResult, name: str) -> str:
    return urllib.parse.urlunsplit(server._replace(path=f"/{name}"))


def recreate(server: urllib.parse.SplitResult, name: str) -> None:
    import psycopg

    with psycopg.connect(database_url(server, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def pgbench(server: urllib.parse.SplitResult, seconds: float) -> float:
    """TPC-B transactions per second on the same PostgreSQL, 4 clients, 2 threads, scale 10."""
    name = "alur_bench_pgbench"
    recreate(server, name)
    where = ["-h", server.hostname or "127.0.0.1", "-p", str(server.port or 5432)]
    if server.username:
        where += ["-U", server.username]
    env = {**os.environ, **({"PGPASSWORD": server.password} if server.password else {})}
    run = subprocess.run
    run(["pgbench", "-i", "-s", "10", "-q", *where, name], env=env, check=True, capture_output=True)
    output = run(
        ["pgbench", "-c", "4", "-j", "2", "-T", str(int(seconds)), "-n", *where, name],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = re.search(r"tps = ([\d.]+) \(without initial connection time\)", output)
    if found is None:
        raise SystemExit(f"bench_http: no tps in pgbench's output:\n{output}")
    return float(found[1])


# --- the bench office, written through Alur's own services ----------------------------------------


def office_prepare() -> dict[str, Any]:
    """The office, its people and SOPs, and the completion clients' cases; returns what the
    load client needs."""
    from django.utils import timezone

    from alur.cases import services
    from alur.catalog.services import sop_version_create
    from alur.offices.models import Membership, Office, Role, Unit, User

    office = Office.objects.create(
        code="uji-beban",
        name="Dinas Uji Beban",
        government="Pemerintah Kota Uji",
        city="Kota Uji",
        zone="Asia/Jakarta",
        case_number_pattern="{seq:05d}/{sop}/{year}",
    )
    unit = Unit.objects.create(office=office, code="uji", name="Bidang Uji", kind="bidang")
    codes = ["petugas", "pengaju", "lain", *(f"antrian-{n}" for n in QUEUES)]
    roles = {code: Role.objects.create(office=office, code=code, name=code) for code in codes}

    def person(username: str, *role_codes: str) -> User:
        user = User.objects.create(username=username, office=office, unit=unit)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        for code in role_codes:
            Membership.objects.create(user=user, role=roles[code])
        return user

    clients = [person(f"uji.petugas.{i}", "petugas") for i in range(max(CLIENT_COUNTS))]
    filler = person("uji.pengaju", "pengaju")
    for n in QUEUES:
        person(f"uji.antrian.{n}", f"antrian-{n}")
    sop_version_create(office=office, text=loop_sop("bench-putaran", False), publish=True)
    sop_version_create(office=office, text=loop_sop("bench-berkas", True), publish=True)
    for lane in ["lain", *(f"antrian-{n}" for n in QUEUES)]:
        sop_version_create(office=office, text=queue_sop(lane), publish=True)
    cases: dict[str, list[list[int]]] = {}
    for code in ("bench-putaran", "bench-berkas"):
        cases[code] = [
            [
                services.case_open(
                    office=office, sop_code=code, requester=user, title=f"Uji {code} {k}"
                ).pk
                for k in range(CASES_PER_CLIENT)
            ]
            for user in clients
        ]
    queue_fill("antrian-20", 20, filler)
    open_steps_fill(OFFICE_SIZES[0])
    return {
        "office": office.pk,
        "clients": [user.username for user in clients],
        "cases": cases,
        "opened": timezone.now().isoformat(),
    }


def queue_fill(lane: str, count: int, requester: Any, workers: int = 4) -> None:
    """``count`` requests of the queue SOP of ``lane`` by ``requester``, each opened through
    ``services.case_open`` as an office would, by ``workers`` processes at once."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from django.db import connections

    if count < 50:
        _open_requests(lane, requester.username, range(count))
        return
    connections.close_all()  # the processes forked below open their own
    share = [range(k, count, workers) for k in range(workers)]
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        list(pool.map(_open_requests, [lane] * workers, [requester.username] * workers, share))


def _open_requests(lane: str, username: str, numbers: range) -> None:
    from django.db import connections

    from alur.cases import services
    from alur.offices.models import User

    requester = User.objects.select_related("office").get(username=username)
    for k in numbers:
        services.case_open(
            office=requester.office,
            sop_code=f"bench-{lane}",
            requester=requester,
            title=f"Telaah {k}",
        )
    connections.close_all()


def open_steps() -> int:
    from alur.cases.models import Task

    return Task.objects.filter(case__office__code="uji-beban", status="terbuka").count()


def open_steps_fill(total: int) -> None:
    """Open steps in a lane nobody holds until the office has ``total``."""
    from alur.offices.models import User

    missing = total - open_steps()
    if missing > 0:
        queue_fill("lain", missing, User.objects.get(username="uji.pengaju"))


# --- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(port: int, env: dict[str, str], log: Path) -> Iterator[None]:
    command = [
        sys.executable, "-m", "alur.cli", "serve", "--no-demo", "--no-worker",
        "--port", str(port),
    ]  # fmt: skip
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    problem = f"bench_http: alur serve did not start:\n{log.read_text()}"
                    raise SystemExit(problem) from None
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- the load client (runs in its own process) ----------------------------------------------------

ACTION = re.compile(r'hx-post="/permohonan/(\d+)/langkah/(\d+)/"')
VERSION = re.compile(r'name="version" value="(\d+)"')


def next_action(page: str) -> tuple[int, int] | None:
    """The step the page offers next and the version it was built on."""
    action, version = ACTION.search(page), VERSION.search(page)
    if action is None or version is None:
        return None
    return int(action[2]), int(version[1])


def pdf_bytes(size: int) -> bytes:
    head = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n"
    tail = b"\n%%EOF\n"
    return head + b"%" + b"x" * (size - len(head) - len(tail) - 1) + tail


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
            f"{value}\r\n".encode()
        )
    for name, (filename, content) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Client:
    """One client thread's connection and what it knows of its cases."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port = port
        self.cookie = cookie
        self.csrf = re.search(r"csrftoken=([^;]+)", cookie)[1] if "csrftoken" in cookie else ""  # type: ignore[index]
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.resyncs = 0

    def send(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        headers = {"Cookie": self.cookie, **(headers or {})}
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        if response.will_close:
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        return response.status, text

    def next_action(self, page: str) -> tuple[int, int] | None:
        return next_action(page)

    def position(self, case: int) -> tuple[int, int]:
        """The open step of ``case`` and its version, read from the case page."""
        self.resyncs += 1
        status, page = self.send("GET", f"/permohonan/{case}/")
        found = next_action(page)
        if status != 200 or found is None:
            raise RuntimeError(f"case {case}: no open step on its page ({status})")
        return found

    def complete(self, case: int, step: int, version: int, upload: bytes | None) -> tuple[int, str]:
        fields = {"version": str(version), "note": "putaran uji beban"}
        if step == 3:
            fields["decision"] = "tidak"
        files = {"doc-0": ("lampiran.pdf", upload)} if upload else {}
        body, content_type = multipart(fields, files)
        headers = {
            "Content-Type": content_type,
            "X-CSRFToken": self.csrf,
            "HX-Request": "true",
            "Referer": f"http://127.0.0.1:{self.port}/permohonan/{case}/",
        }
        return self.send("POST", f"/permohonan/{case}/langkah/{step}/", body, headers)


def next_action_json(answer: str) -> tuple[int, int] | None:
    """The step the API's case answer offers the caller next and the case's version."""
    case = json.loads(answer)
    mine = [step["no"] for step in case.get("steps", ()) if step["open"] and step["mine"]]
    return (mine[0], int(case["version"])) if mine else None


class ApiClient(Client):
    """A client of the JSON API: a token instead of a session, JSON instead of the page."""

    def __init__(self, port: int, token: str) -> None:
        super().__init__(port, "")
        self.token = token

    def send(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        return super().send(
            method, path, body, {"Authorization": f"Bearer {self.token}", **(headers or {})}
        )

    def next_action(self, answer: str) -> tuple[int, int] | None:
        return next_action_json(answer)

    def position(self, case: int) -> tuple[int, int]:
        self.resyncs += 1
        status, answer = self.send("GET", f"/api/v1/cases/{case}")
        found = next_action_json(answer) if status == 200 else None
        if found is None:
            raise RuntimeError(f"case {case}: no open step of the caller's ({status})")
        return found

    def complete(self, case: int, step: int, version: int, upload: bytes | None) -> tuple[int, str]:
        fields: dict[str, Any] = {"version": version, "note": "putaran uji beban"}
        if step == 3:
            fields["decision"] = "tidak"
        headers = {"Content-Type": "application/json"}
        path = f"/api/v1/cases/{case}/steps/{step}/complete"
        return self.send("POST", path, json.dumps(fields).encode(), headers)


def drive(task: dict[str, Any]) -> dict[str, Any]:
    """``task["clients"]`` threads for ``task["seconds"]``: GET ``path``, or complete steps of
    each thread's own cases (``cases``), with a ``upload`` of so many bytes when given."""
    cookies: list[str] = task["cookies"]
    count = len(cookies)
    latencies: list[list[float]] = [[] for _ in range(count)]
    failures = [0] * count
    resyncs = [0] * count
    ready, start = threading.Barrier(count + 1), threading.Barrier(count + 1)
    until = [0.0]
    upload = pdf_bytes(task["upload"]) if task.get("upload") else None

    def run(index: int) -> None:
        try:
            drive_one(index)
        except BaseException:
            # a client that cannot start or goes on no further fails the run, not hangs it
            ready.abort()
            start.abort()
            raise

    def drive_one(index: int) -> None:
        tokens = task.get("tokens")
        client = (
            ApiClient(task["port"], tokens[index])
            if tokens
            else Client(task["port"], cookies[index])
        )
        own: list[int] = task["cases"][index] if task.get("cases") else []
        where = {case: client.position(case) for case in own}
        client.resyncs = 0
        turn = 0
        ready.wait()
        start.wait()
        while (began := time.perf_counter()) < until[0]:
            if own:
                case = own[turn % len(own)]
                turn += 1
                step, version = where[case]
                status, page = client.complete(case, step, version, upload)
                latencies[index].append(time.perf_counter() - began)
                found = client.next_action(page) if status == 200 else None
                where[case] = found if found is not None else client.position(case)
            else:
                status, _ = client.send("GET", task["path"])
                latencies[index].append(time.perf_counter() - began)
            if status != 200:
                failures[index] += 1
        resyncs[index] = client.resyncs
        client.connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    ready.wait()  # every client has read where its cases are
    began = time.perf_counter()
    until[0] = began + task["seconds"]
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    every = sorted(value for values in latencies for value in values)
    cuts = statistics.quantiles(every, n=100) if len(every) > 1 else [every[0]] * 99
    return {
        "requests": len(every),
        "per_second": len(every) / elapsed,
        "p50": cuts[49] * 1000,
        "p95": cuts[94] * 1000,
        "p99": cuts[98] * 1000,
        "failures": sum(failures),
        "resyncs": sum(resyncs),
    }


def load(task: dict[str, Any], seconds: float, warm: float = 1.0) -> dict[str, Any]:
    """``drive`` in another process, so the client's threads do not share the server's GIL: a
    warm-up round, then the measured one."""
    result: dict[str, Any] = {}
    for length in (warm, seconds):
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, __file__, "--drive", json.dumps({**task, "seconds": length})],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"bench_http: the load client failed:\n{done.stderr}")
        result = json.loads(done.stdout)
    return result


def line(name: str, row: dict[str, Any]) -> str:
    return (
        f"{name:44} {row['per_second']:8.1f}/s  p50 {row['p50']:7.1f} ms  "
        f"p95 {row['p95']:7.1f} ms  p99 {row['p99']:7.1f} ms  "
        f"({row['requests']} requests, {row['failures']} not 200"
        + (f", {row['resyncs']} page reads" if row.get("resyncs") else "")
        + ")"
    )


# --- where a completion's time goes (in this process, through Django's test client) ---------------


def profile_completions(rounds: int, case_pk: int, username: str) -> None:
    """Profile ``rounds`` completions of one case as the page sends them (htmx POST) and print
    the functions that take the time, and the SQL queries of one completion by table."""
    import cProfile
    import pstats
    from collections import Counter

    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from alur.offices.models import User

    browser = DjangoClient(HTTP_HOST="127.0.0.1")
    browser.force_login(User.objects.get(username=username))

    def position() -> tuple[int, int]:
        found = next_action(browser.get(f"/permohonan/{case_pk}/").content.decode())
        assert found is not None, "the case has no open step"
        return found

    def complete(step: int, version: int) -> tuple[int, int]:
        data = {"version": str(version), "note": "profil"} | (
            {"decision": "tidak"} if step == 3 else {}
        )
        response = browser.post(
            f"/permohonan/{case_pk}/langkah/{step}/", data, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200, response.status_code
        return next_action(response.content.decode()) or position()

    where = position()
    with CaptureQueriesContext(connection) as queries:
        where = complete(*where)
    tables = Counter(
        (re.search(r'(?:FROM|INTO|UPDATE)\s+"(\w+)"', query["sql"]) or [None, "?"])[1]
        for query in queries.captured_queries
    )
    print(
        f"\none completion: {len(queries.captured_queries)} SQL queries; by table: "
        + ", ".join(f"{table} {n}" for table, n in tables.most_common())
    )
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    for _ in range(rounds):
        where = complete(*where)
    profiler.disable()
    spent = time.perf_counter() - began
    print(
        f"{rounds} completions in-process: {spent / rounds * 1000:.1f} ms each (under the profiler)"
    )
    stats = pstats.Stats(profiler)
    stats.sort_stats(os.environ.get("ALUR_PROFILE_SORT", "cumulative")).print_stats(
        r"alur/|django/template/base|django/db/backends/utils", 30
    )


# --- the run --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument(
        "--profile", type=int, default=0, metavar="N",
        help="also profile N completions in-process and print where their time goes",
    )  # fmt: skip
    parser.add_argument("--drive", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.drive:
        print(json.dumps(drive(json.loads(args.drive))))
        return 0

    server = server_url()
    tps = pgbench(server, seconds=10)
    print(f"pgbench TPC-B, 4 clients, scale 10: {tps:.0f} TPS", flush=True)

    recreate(server, "alur_bench_http")
    folder = Path(tempfile.mkdtemp(prefix="alur-bench-http-"))
    env = {
        **os.environ,
        "DATABASE_URL": database_url(server, "alur_bench_http"),
        "ALUR_VAR_DIR": str(folder),
        "ALUR_DEBUG": "0",
        "ALUR_LOG_LEVEL": "WARNING",
        # the API's limit per token and person (120 a minute by default) would measure the
        # limiter, not the completions: one client's token spends it within the first run
        "ALUR_API_RATE_PER_MINUTE": "1000000",
        "DJANGO_SETTINGS_MODULE": "alur.settings",
    }
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    began = time.perf_counter()
    fixture = office_prepare()
    print(f"bench office written in {time.perf_counter() - began:.0f} s", flush=True)

    results: dict[str, dict[str, Any]] = {}
    port = free_port()
    with serving(port, env, folder / "serve.log"):
        cookies = {name: sign_in(port, name, PASSWORD) for name in fixture["clients"]}
        queue = {n: sign_in(port, f"uji.antrian.{n}", PASSWORD) for n in QUEUES}
        first = cookies[fixture["clients"][0]]

        def get(name: str, path: str, cookie: str, clients: int = 1) -> dict[str, Any]:
            results[name] = load(
                {"port": port, "path": path, "cookies": [cookie] * clients}, args.seconds
            )
            print(line(name, results[name]), flush=True)
            return results[name]

        for clients in (1, 4):
            get(f"trivial view, {clients} client(s)", BELL, first, clients)
        for code, upload in (("bench-putaran", 0), ("bench-berkas", UPLOAD_BYTES)):
            for clients in CLIENT_COUNTS:
                name = f"completions{' + 100 KB' if upload else ''}, {clients} client(s)"
                task = {
                    "port": port,
                    "cookies": [cookies[u] for u in fixture["clients"][:clients]],
                    "cases": fixture["cases"][code][:clients],
                    "upload": upload,
                }
                results[name] = load(task, args.seconds)
                print(line(name, results[name]), flush=True)
        from alur.offices.models import ApiToken, User
        from alur.offices.tokens import token_create

        tokens = [
            token_create(
                owner=User.objects.get(username=name), name="bench", scope=ApiToken.Scope.ACT,
                actor=None,
            )[1]
            for name in fixture["clients"][:4]
        ]  # fmt: skip
        for clients in (1, 4):
            name = f"API completions, {clients} client(s)"
            task = {
                "port": port,
                "cookies": [""] * clients,
                "tokens": tokens[:clients],
                "cases": fixture["cases"]["bench-putaran"][:clients],
            }
            results[name] = load(task, args.seconds)
            print(line(name, results[name]), flush=True)
        case = fixture["cases"]["bench-putaran"][0][0]
        get("case page (its history above), 1 client", f"/permohonan/{case}/", first)
        for size in OFFICE_SIZES:
            open_steps_fill(size)
            get(f"20-step inbox, {open_steps()} open steps in the office", INBOX, queue[20])
        filler = User.objects.get(username="uji.pengaju")
        for n in (1, 500):
            queue_fill(f"antrian-{n}", n, filler)
            get(f"{n}-step inbox", INBOX, queue[n])
    if args.profile:
        profile_completions(
            args.profile, fixture["cases"]["bench-putaran"][-1][-1], fixture["clients"][-1]
        )
    return report(results, tps)


def report(results: dict[str, dict[str, Any]], tps: float) -> int:
    sizes = [name for name in results if name.startswith("20-step inbox")]
    trivial_1, trivial_4 = (
        results["trivial view, 1 client(s)"],
        results["trivial view, 4 client(s)"],
    )
    completions_4 = results["completions, 4 client(s)"]
    checks = [
        (
            "completions at 4 clients / trivial view at 4 clients",
            completions_4["per_second"] / trivial_4["per_second"],
            ">=",
            COMPLETIONS_OVER_TRIVIAL,
        ),
        (
            "completions at 4 clients / pgbench TPS",
            completions_4["per_second"] / tps,
            ">=",
            COMPLETIONS_OVER_PGBENCH,
        ),
        (
            "API completions at 4 clients / trivial view at 4 clients",
            results["API completions, 4 client(s)"]["per_second"] / trivial_4["per_second"],
            ">=",
            COMPLETIONS_OVER_TRIVIAL,
        ),
        *(
            (f"{name}: p99 / p50", row["p99"] / row["p50"], "<=", P99_OVER_P50)
            for name, row in results.items()
            if "completions" in name
        ),
        (
            "20-step inbox, large office / small office (p50)",
            results[sizes[-1]]["p50"] / results[sizes[0]]["p50"],
            "<=",
            INBOX_LARGE_OVER_SMALL,
        ),
        (
            "500-step inbox / 1-step inbox (p95)",
            results["500-step inbox"]["p95"] / results["1-step inbox"]["p95"],
            "<=",
            INBOX_500_OVER_1,
        ),
        (
            "case page / trivial view (p50, 1 client)",
            results["case page (its history above), 1 client"]["p50"] / trivial_1["p50"],
            "<=",
            CASE_PAGE_OVER_TRIVIAL,
        ),
    ]
    print("\nratios (bound in brackets)")
    failed = 0
    for name, ratio, sense, bound in checks:
        ok = ratio >= bound if sense == ">=" else ratio <= bound
        failed += not ok
        print(f"  {name:62} {ratio:7.3f}  ({sense} {bound:g})  {'ok' if ok else 'FAIL'}")
    not_200 = [name for name, row in results.items() if row["failures"]]
    for name in not_200:
        print(f"FAIL: {name}: {results[name]['failures']} requests answered with another status")
    return 1 if failed or not_200 else 0


if __name__ == "__main__":
    sys.exit(main())
