"""Several machines' worth of Alur on one PostgreSQL and one S3 bucket: two ``alur serve`` on
two ports and two ``alur worker``, real processes. Concurrent clients complete steps through
both servers, alternating, with documents attached; midway one server and one worker are
killed (SIGKILL). Afterwards every acknowledged completion is in the record exactly once, every
document is readable from both servers (the killed one started again), every reminder,
escalation and notification mail reached the SMTP server exactly once, and ``alur audit
verify`` finds every hash chain whole.

The requests are hosting requests of Diskominfo Batam (SOP 2), opened ten days before the
suite's moment so that their first steps are late and the workers have escalations to send,
then taken along the "ya" path: steps 2, 3, 4, 7, 8, 9 and 10, each by its lane's person.
"""

from __future__ import annotations

import collections
import hashlib
import itertools
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import urllib3
from django.db import connection
from django.db.models import Count
from lxml import html

from alur.cases.models import Document, Event
from alur.demo import DEMO_PASSWORD
from alur.notifications.models import Mail
from tests.clock import sitecustomize as clock
from tests.notifications.smtpkit import SmtpServer, free_port
from tests.storage.conftest import S3Server

pytestmark = [
    pytest.mark.s3,
    pytest.mark.once,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="several servers share one PostgreSQL (an SQLite file is for one machine)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
CASES = 18
PATH = (2, 3, 4, 7, 8, 9, 10)
"""The steps completed through the servers: 18 requests x 7 steps = 126 completions."""
ACTOR = {2: "kadis.batam", 3: "kabid.pe", 4: "kasi.pa", 7: "kasi.pa", 8: "kasi.pa"}
ACTOR |= {9: "kasi.pa", 10: "kadis.batam"}
CLIENTS = 6
KILL_AFTER = 54
"""Acknowledged completions after which one server and one worker are killed."""
DEADLINE = 180.0
"""Seconds to wait for a process or for the mail to be out; never a timing assertion."""

SETUP = """
import datetime as dt, io, sys
import django
django.setup()
from django.utils import timezone
from alur.cases import services
from alur.demo import demo_load
from alur.offices.models import Office, User

demo_load()
requester = User.objects.get(username="opd.disdukcapil")
office = Office.objects.get(code="diskominfo-batam")
names = (
    "Rekomendasi penyediaan layanan hosting aplikasi yang dikeluarkan oleh Tim Teknis "
    "Diskominfo Batam",
    "Surat penunjukan pegawai OPD sebagai pengelola/administrator aplikasi",
    "Petunjuk Instalasi Aplikasi",
    "Surat Permohonan",
)
opened = timezone.now() - dt.timedelta(days=10)
for number in range(int(sys.argv[1])):
    uploads = {
        name: (io.BytesIO(f"%PDF-1.4\\n% {number} {name}\\n%%EOF\\n".encode()), f"p{i}.pdf")
        for i, name in enumerate(names)
    }
    case = services.case_open(
        office=office, sop_code="layanan-hosting-aplikasi", requester=requester,
        title=f"Hosting aplikasi {number}", at=opened, uploads=uploads,
    )
    print(case.pk)
"""


@dataclass
class Process:
    name: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    port: int | None = None
    popen: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as sink:
            self.popen = subprocess.Popen(
                self.argv, env=self.env, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT
            )

    def kill(self) -> None:
        assert self.popen is not None
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(timeout=DEADLINE)

    def stop(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]


def _until(what: str, done: Callable[[], bool], processes: Sequence[Process] = ()) -> None:
    deadline = time.monotonic() + DEADLINE
    while not done():
        for process in processes:
            assert process.popen is not None and process.popen.poll() is None, (
                f"{process.name} ended: {process.output()}"
            )
        assert time.monotonic() < deadline, f"waited in vain: {what}"
        time.sleep(0.2)


def _answers(port: int) -> bool:
    try:
        response = urllib3.request("GET", f"http://127.0.0.1:{port}/health/", retries=False)
    except urllib3.exceptions.HTTPError:
        return False
    return response.status == 200


def _answering(server: Process) -> Callable[[], bool]:
    assert server.port is not None
    port = server.port
    return lambda: _answers(port)


@dataclass
class Browser:
    """One person's session, valid on both servers (the sessions are in the shared database)."""

    cookies: dict[str, str] = field(default_factory=dict)
    pool: urllib3.PoolManager = field(
        default_factory=lambda: urllib3.PoolManager(timeout=60, maxsize=2 * CLIENTS)
    )

    def request(self, method: str, url: str, **kwargs: Any) -> urllib3.BaseHTTPResponse:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        response = self.pool.request(
            method, url, headers=headers, retries=False, redirect=False, **kwargs
        )
        for value in response.headers.getlist("Set-Cookie"):
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response

    def sign_in(self, base: str, username: str) -> None:
        page = self.request("GET", f"{base}/masuk/")
        [token] = html.fromstring(page.data).xpath(
            "//form[.//input[@name='username']]//input[@name='csrfmiddlewaretoken']/@value"
        )
        fields = {"csrfmiddlewaretoken": token, "username": username, "password": DEMO_PASSWORD}
        response = self.request("POST", f"{base}/masuk/", fields=fields, encode_multipart=False)
        assert response.status == 302, response.data[:500]


def _step_form(page: bytes, case: int, step: int) -> dict[str, Any] | None:
    """The fields of the step's form on the case page, filled in as its person would; None when
    the page shows no form for the step (it is done, or not open yet)."""
    tree = html.fromstring(page)
    action = f"/permohonan/{case}/langkah/{step}/"
    # The step's own form, not its letter panel's (whose actions go on below that address).
    forms = [form for form in tree.xpath("//form[@action]") if form.get("action").endswith(action)]
    if not forms:
        return None
    fields: dict[str, Any] = {}
    for element in forms[0].xpath(".//input|.//select|.//textarea"):
        name = element.get("name")
        if not name:
            continue
        kind = (element.get("type") or "").lower()
        if element.tag == "select":
            values = [value for value in element.xpath("./option/@value") if value]
            fields[name] = "ya" if "ya" in values else values[0]
        elif kind == "file":
            content = f"%PDF-1.4\n% {case} {step} {name}\n%%EOF\n".encode()
            fields[name] = (f"{name}.pdf", content, "application/pdf")
        elif kind == "hidden":
            fields[name] = element.get("value") or ""
        elif kind == "date":
            fields[name] = "2026-12-01"
        elif kind == "url":
            fields[name] = "https://aplikasi.batam.go.id"
        elif kind == "email":
            fields[name] = "admin@batam.go.id"
        elif kind == "radio":  # a decision: "ya", the path this test takes
            if element.get("value") == "ya" or name not in fields:
                fields[name] = element.get("value")
        elif kind in ("checkbox", "submit"):
            continue
        else:
            fields[name] = "uji"
    return fields


@dataclass
class Tally:
    acknowledged: list[tuple[int, int]] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ack(self, case: int, step: int) -> int:
        with self.lock:
            self.acknowledged.append((case, step))
            return len(self.acknowledged)


def _complete(
    browsers: dict[str, Browser], servers: Iterator[str], case: int, step: int, tally: Tally
) -> None:
    """Complete one step, on the servers in turn; a server that does not answer is passed over,
    and an unknown outcome is settled by reading the case again."""
    browser = browsers[ACTOR[step]]
    for _attempt in range(12):
        base = next(servers)
        try:
            page = browser.request("GET", f"{base}/permohonan/{case}/")
            if page.status != 200:
                continue
            fields = _step_form(page.data, case, step)
            if fields is None:
                return  # done already: an earlier attempt went through without its answer
            answer = browser.request(
                "POST", f"{base}/permohonan/{case}/langkah/{step}/", fields=fields
            )
        except urllib3.exceptions.HTTPError:
            continue  # this server is down (or went down meanwhile): the next one
        if answer.status == 302:
            tally.ack(case, step)
            return
        if answer.status >= 500 or answer.status == 409:
            continue
        said = html.fromstring(answer.data).xpath("//*[@role='alert']//text()")
        tally.failures.append(f"{case}/{step}: {answer.status} {' '.join(said).split()}")
        return
    tally.failures.append(f"{case}/{step}: no server completed it")


WORKING_MOMENT = "2026-10-14T10:00:00+07:00"
"""Escalations go out in office hours only: the test and its processes run on a Wednesday
morning, whatever the suite's moment."""


@pytest.fixture
def working_moment() -> Iterator[None]:
    with clock.travelling(clock.moment_read(WORKING_MOMENT)):
        yield


@pytest.fixture
def installation(
    working_moment: None,
    transactional_db: None,
    s3_server: S3Server,
    bucket: str,
    tmp_path: Path,
) -> Iterator[tuple[dict[str, str], SmtpServer]]:
    smtp = SmtpServer(free_port())
    smtp.start()
    db = connection.settings_dict
    env = {name: value for name, value in os.environ.items() if not name.startswith("ALUR_S3")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env.update(s3_server.settings(bucket))
    env.update(
        DATABASE_URL=(
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        DJANGO_SETTINGS_MODULE="alur.settings",
        # What machines of one installation share besides the database and the bucket
        ALUR_SECRET_KEY="kunci-rahasia-bersama-" + "0123456789" * 4,
        ALUR_CHECKPOINT_SIGNING_KEY_FILE=str(tmp_path / "bersama" / "checkpoint_signing_key.pem"),
        ALUR_VAR_DIR=str(tmp_path / "setup"),
        ALUR_LOG_LEVEL="WARNING",
        ALUR_WEB_PROCESSES="2",
        ALUR_WEB_THREADS="4",
        ALUR_WORKER_BEAT_SECONDS="1",
        ALUR_WORKER_TIMEOUT_SECONDS="3",
        ALUR_MAIL_RETRY_SECONDS="1",
        ALUR_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
    )
    try:
        yield env, smtp
    finally:
        smtp.stop()


def test_two_servers_and_two_workers_lose_nothing_when_one_of_each_is_killed(
    installation: tuple[dict[str, str], SmtpServer], tmp_path: Path
) -> None:
    env, smtp = installation
    opened = subprocess.run(
        [sys.executable, "-c", SETUP, str(CASES)],
        env=env, cwd=ROOT, check=True, timeout=600, capture_output=True, text=True,
    )  # fmt: skip
    cases = [int(line) for line in opened.stdout.split()]
    assert len(cases) == CASES

    alur = [sys.executable, "-m", "alur.cli"]
    servers = [
        Process(f"server {n}", [], env, tmp_path / f"server-{n}.log", port=free_port())
        for n in (1, 2)
    ]
    for number, server in enumerate(servers, start=1):
        server.argv = [*alur, "serve", "--no-demo", "--no-worker", "--port", str(server.port)]
        server.env = {**env, "ALUR_VAR_DIR": str(tmp_path / f"machine-{number}")}
    workers = [
        Process(
            f"worker {n}",
            [*alur, "worker", "--every", "1"],
            {**env, "ALUR_VAR_DIR": str(tmp_path / f"machine-{n}")},
            tmp_path / f"w{n}.log",
        )
        for n in (1, 2)
    ]
    everyone = [*servers, *workers]
    try:
        for process in everyone:
            process.start()
        for server in servers:
            _until(f"{server.name} answers", _answering(server), everyone)

        bases = [f"http://127.0.0.1:{server.port}" for server in servers]
        browsers = {name: Browser() for name in set(ACTOR.values())}
        for number, (name, browser) in enumerate(sorted(browsers.items())):
            browser.sign_in(bases[number % 2], name)

        tally = Tally()

        def client(number: int) -> None:
            rotation = itertools.cycle(bases[number % 2 :] + bases[: number % 2])
            for case in cases[number::CLIENTS]:
                for step in PATH:
                    _complete(browsers, rotation, case, step, tally)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for thread in threads:
            thread.start()
        _until(
            "the first completions",
            lambda: len(tally.acknowledged) >= KILL_AFTER or bool(tally.failures),
        )
        assert tally.failures == []
        servers[0].kill()  # its granian processes end with it
        workers[0].kill()  # its job, if any, is taken up by the other after the timeout
        for thread in threads:
            thread.join(timeout=DEADLINE * 4)
            assert not thread.is_alive()

        assert tally.failures == []
        servers[0].start()  # again, to read every document from both servers
        _until("server 1 answers again", _answering(servers[0]), [servers[0]])
        _until(
            "every mail is out",
            lambda: (
                not Mail.objects.filter(state=Mail.State.WAITING).exists()
                and len(smtp.mailbox.received) >= Mail.objects.count()
            ),
            [servers[1], workers[1]],
        )
        time.sleep(3)  # three more rounds of the worker, in which nothing more may be sent

        # Every acknowledged completion is in the record, once; none that was not asked for.
        acknowledged = collections.Counter(tally.acknowledged)
        assert len(acknowledged) == len(tally.acknowledged) == CASES * len(PATH)
        completed = collections.Counter(
            Event.objects.filter(
                kind="step.completed", case_id__in=cases, step__in=PATH
            ).values_list("case_id", "step")
        )
        assert completed == acknowledged

        # Every document, read back from both servers, has the bytes it was recorded with.
        reader = browsers["kadis.batam"]
        documents = list(Document.objects.filter(case_id__in=cases))
        assert len(documents) >= CASES * 4
        for document in documents:
            for base in bases:
                url = f"{base}/permohonan/{document.case_id}/dokumen/{document.pk}/"
                response = reader.request("GET", url)
                assert response.status == 200, (url, response.data[:200])
                assert hashlib.sha256(response.data).hexdigest() == document.sha256

        # Every reminder, escalation and notification mail reached the SMTP server once.
        mailbox = smtp.mailbox.received
        received = collections.Counter(str(message["Message-ID"]) for message in mailbox)
        sent = set(Mail.objects.values_list("message_id", flat=True))
        assert Mail.objects.exclude(state=Mail.State.SENT).count() == 0
        assert {mid for mid, times in received.items() if times > 1} == set()
        assert set(received) == sent  # make_msgid's <…@…>, as stored
        escalations = Event.objects.filter(kind="deadlines.escalation.sent", case_id__in=cases)
        assert escalations.count() >= CASES  # step 2 of each was late when the workers began
        alerts = Event.objects.filter(kind__startswith="deadlines.", case_id__in=cases)
        twice = alerts.values("case_id", "step", "kind").annotate(n=Count("pk")).filter(n__gt=1)
        assert list(twice) == []

        audit = subprocess.run(
            [*alur, "audit", "verify"], env=env, cwd=ROOT, capture_output=True, text=True,
            timeout=600,
        )  # fmt: skip
        assert audit.returncode == 0, audit.stdout + audit.stderr
        assert re.search(r"\d+ permohonan diperiksa: rantai utuh", audit.stdout)
        # compared with a checkpoint one of the workers signed with the key every machine holds
        assert audit.stdout.startswith("dibandingkan dengan titik periksa checkpoints/")
    finally:
        for process in everyone:
            process.stop()
