"""`alur serve` prepares the database, the static files and the demo, then serves; Django's
commands are recorded here instead of run, so the test ends rather than serving."""

from __future__ import annotations

from typing import Any

import pytest

from alur.cli import main
from alur.cli import service as cli_service
from alur.demo import DEMO_PASSWORD
from alur.offices.models import User


class Recorder:
    def __init__(self, interrupt: bool = False) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self.interrupt = interrupt

    def __call__(self, name: str, *args: Any, **options: Any) -> None:
        self.calls.append((name, args, options))
        if name == "runserver" and self.interrupt:
            raise KeyboardInterrupt


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    # Set so that serve's own default does not outlive the test.
    monkeypatch.setenv("ALUR_STATIC_MANIFEST", "0")
    recorder = Recorder()
    monkeypatch.setattr(cli_service, "call_command", recorder)
    # The worker child process is tested in tests/deadlines/test_worker_command.py.
    monkeypatch.setattr(cli_service, "worker_start", lambda: None)
    return recorder


@pytest.mark.django_db
def test_it_migrates_collects_loads_the_demo_and_serves_without_reloader(
    commands: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--port", "8123"]) == 0

    assert commands.calls == [
        ("migrate", (), {"interactive": False, "verbosity": 0}),
        ("collectstatic", (), {"interactive": False, "verbosity": 0}),
        ("runserver", ("127.0.0.1:8123",), {"use_reloader": False}),
    ]
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

    assert [name for name, _args, _options in commands.calls] == [
        "migrate",
        "collectstatic",
        "runserver",
    ]
    assert User.objects.count() == 0
    assert "Akun demo" not in capsys.readouterr().out


@pytest.mark.django_db
def test_control_c_ends_it_quietly(commands: Recorder) -> None:
    commands.interrupt = True

    assert main(["serve", "--no-demo"]) == 0
