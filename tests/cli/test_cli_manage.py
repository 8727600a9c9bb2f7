"""`alur manage` is Django's command line with Alur's settings, which pass `check --deploy`
when configured for production; .env.example lists every variable the settings read."""

from __future__ import annotations

import re
import secrets
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from alur.cli import main

ROOT = Path(__file__).resolve().parents[2]
AlurProcess = Callable[..., subprocess.CompletedProcess[str]]

# A public host name and a proper secret key are all production needs: the rest is on by default.
PRODUCTION = {
    "ALUR_SECRET_KEY": secrets.token_urlsafe(50),
    "ALUR_ALLOWED_HOSTS": "alur.example.go.id",
}


def test_check_deploy_reports_no_issues_with_production_settings(
    alur_process: AlurProcess,
) -> None:
    result = alur_process("manage", "check", "--deploy", env=PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (1 silenced).\n"


def test_check_deploy_names_what_is_missing_without_them(alur_process: AlurProcess) -> None:
    result = alur_process("manage", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 1
    assert "security.W004" in result.stderr  # no HSTS
    assert "security.W008" in result.stderr  # no HTTPS redirect


@pytest.mark.django_db
def test_it_passes_its_arguments_to_django(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["manage", "showmigrations", "catalog"]) == 0

    assert capsys.readouterr().out.startswith("catalog\n [X] 0001_initial\n")


def test_a_bad_setting_is_reported_without_a_traceback(alur_process: AlurProcess) -> None:
    result = alur_process("demo", env={"ALUR_DEBUG": "mungkin"})

    assert result.returncode == 2
    assert result.stderr == (
        "alur: pengaturan tidak sah / invalid setting: "
        "ALUR_DEBUG must be true or false, not 'mungkin'\n"
    )


def test_env_example_lists_every_variable_the_settings_read() -> None:
    settings_text = (ROOT / "alur" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_\w+\(\s*"([A-Z0-9_]+)"', settings_text))
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^# ([A-Z0-9_]+)=", example, flags=re.MULTILINE))

    assert listed == read
