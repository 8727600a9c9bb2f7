"""`alur serve` prepares the database, the static files and the demo, then serves; Django's
commands and the supervised processes are recorded here instead of run, so the test ends rather
than serving (the real processes: test_cli_serve_processes.py)."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from alur.cli import main
from alur.cli import service as cli_service
from alur.demo import DEMO_PASSWORD
from alur.offices.models import User


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self.children: list[tuple[str, list[str]]] = []
        self.ended: str | None = None

    def __call__(self, name: str, *args: Any, **options: Any) -> None:
        self.calls.append((name, args, options))


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    # Set so that serve's own default does not outlive the test.
    monkeypatch.setenv("ALUR_STATIC_MANIFEST", "0")
    recorder = Recorder()
    monkeypatch.setattr(cli_service, "call_command", recorder)
    # serve closes its connections before it waits on its children; here the test's own
    # connection holds the test's transaction (PostgreSQL), so it stays open.
    monkeypatch.setattr(cli_service.connections, "close_all", lambda: None)

    class Supervisor:
        def __init__(self, stop_seconds: float) -> None:
            self.children: dict[str, SimpleNamespace] = {}

        def start(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> None:
            recorder.children.append((name, argv))
            self.children[name] = SimpleNamespace(returncode=-9)

        def run(self) -> str | None:
            return recorder.ended

    monkeypatch.setattr(cli_service, "Supervisor", Supervisor)
    return recorder


@pytest.mark.once  # alur serve's preparation; the demo it loads is tested at every moment
@pytest.mark.django_db
def test_it_migrates_collects_loads_the_demo_and_serves_with_the_worker(
    commands: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--port", "8123"]) == 0

    assert commands.calls == [
        ("migrate", (), {"interactive": False, "verbosity": 0}),
        ("collectstatic", (), {"interactive": False, "verbosity": 0}),
    ]
    [(web, server), (worker, alur_worker)] = commands.children
    assert (web, server[1:7]) == (
        "web",
        ["-m", "granian", "--interface", "wsgi", "alur.wsgi:application", "--host"],
    )
    assert server[7:10] == ["127.0.0.1", "--port", "8123"]
    assert (worker, alur_worker[-1]) == (
        "worker",
        "import sys; from alur.cli import main; sys.exit(main(['worker']))",
    )
    out = capsys.readouterr().out
    assert out.startswith(f"Akun demo; kata sandi setiap akun: {DEMO_PASSWORD}\n")
    assert "\nkadis.sumbawa " in out
    assert "Alur: http://127.0.0.1:8123/  (administrasi: http://127.0.0.1:8123/admin/" in out
    assert User.objects.filter(username="kadis.sumbawa").exists()


@pytest.mark.django_db
def test_without_the_demo_it_loads_no_one(
    commands: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--no-demo"]) == 0

    assert [name for name, _args, _options in commands.calls] == ["migrate", "collectstatic"]
    assert User.objects.count() == 0
    assert "Akun demo" not in capsys.readouterr().out


@pytest.mark.django_db
def test_on_an_empty_installation_it_prints_a_one_time_setup_link(
    commands: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--no-demo", "--port", "8123"]) == 0

    out = capsys.readouterr().out
    [link] = re.findall(r"http://127\.0\.0\.1:8123/mulai/[\w-]+/", out)
    assert Client().get(link.removeprefix("http://127.0.0.1:8123")).status_code == 200


@pytest.mark.django_db
def test_once_anyone_exists_it_prints_no_setup_link(
    commands: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    User.objects.create_user("admin.pertama")

    assert main(["serve", "--no-demo", "--port", "8123"]) == 0

    assert "/mulai/" not in capsys.readouterr().out


@pytest.mark.django_db
def test_without_the_worker_it_starts_only_the_web_server(commands: Recorder) -> None:
    assert main(["serve", "--no-demo", "--no-worker"]) == 0

    assert [name for name, _argv in commands.children] == ["web"]


@pytest.mark.django_db
def test_it_passes_the_web_settings_to_granian(commands: Recorder, settings: Any) -> None:
    settings.ALUR_WEB_PROCESSES = 3
    settings.ALUR_WEB_THREADS = 5
    settings.ALUR_WEB_HEADER_TIMEOUT = 7
    settings.ALUR_WEB_STOP_TIMEOUT = 11

    assert main(["serve", "--no-demo", "--no-worker"]) == 0

    [(_web, argv)] = commands.children
    options = dict(zip(argv[10::2], argv[11::2], strict=False))
    assert {
        name: options[name]
        for name in (
            "--workers",
            "--blocking-threads",
            "--http1-header-read-timeout",
            "--workers-kill-timeout",
        )
    } == {
        "--workers": "3",
        "--blocking-threads": "5",
        "--http1-header-read-timeout": "7000",
        "--workers-kill-timeout": "11",
    }


@pytest.mark.django_db
def test_when_a_process_ends_by_itself_it_says_which_and_fails(
    commands: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    commands.ended = "worker"

    assert main(["serve", "--no-demo"]) == 1

    assert capsys.readouterr().err == (
        "alur: pekerja latar (alur worker) berhenti sendiri (kode -9); "
        "semua proses Alur dihentikan.\n"
    )


def test_a_web_setting_out_of_range_is_refused_by_name(
    alur_process: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    done = alur_process("serve", "--no-demo", env={"ALUR_WEB_PROCESSES": "0"})

    assert (done.returncode, done.stderr) == (
        2,
        "alur: pengaturan tidak sah / invalid setting: "
        "ALUR_WEB_PROCESSES must be 1 to 1024, not 0\n",
    )
