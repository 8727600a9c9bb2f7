"""Safe by default: a host name other than this machine's own turns on HSTS, secure cookies,
the TLS proxy's header and the redirect to HTTPS; each can still be set, and local names keep
them off so that `make run` works over plain HTTP."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

import pytest

from alur.common.env import is_local_host

AlurProcess = Callable[..., subprocess.CompletedProcess[str]]

SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({"
    "'cookies': s.SESSION_COOKIE_SECURE, 'csrf': s.CSRF_COOKIE_SECURE, "
    "'redirect': s.SECURE_SSL_REDIRECT, 'hsts': s.SECURE_HSTS_SECONDS, "
    "'proxy': getattr(s, 'SECURE_PROXY_SSL_HEADER', None)}))"
)
ON = {
    "cookies": True,
    "csrf": True,
    "redirect": True,
    "hsts": 31536000,
    "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
}
OFF = {"cookies": False, "csrf": False, "redirect": False, "hsts": 0, "proxy": None}


def security(alur_process: AlurProcess, **env: str) -> dict[str, object]:
    result = alur_process("manage", "shell", "--no-imports", "-c", SHOW, env=env)
    assert result.returncode == 0, result.stderr
    shown: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    return shown


@pytest.mark.parametrize(
    "hosts", ["alur.batam.go.id", "127.0.0.1,alur.batam.go.id", "192.168.10.5", "*"]
)
def test_a_host_name_that_is_not_local_turns_everything_on(
    alur_process: AlurProcess, hosts: str
) -> None:
    assert security(alur_process, ALUR_ALLOWED_HOSTS=hosts) == ON


@pytest.mark.parametrize("hosts", ["127.0.0.1,localhost", "::1", "alur.localhost", "[::1]"])
def test_local_host_names_keep_plain_http(alur_process: AlurProcess, hosts: str) -> None:
    assert security(alur_process, ALUR_ALLOWED_HOSTS=hosts) == OFF


def test_debug_keeps_plain_http_even_for_a_public_name(alur_process: AlurProcess) -> None:
    shown = security(alur_process, ALUR_ALLOWED_HOSTS="alur.batam.go.id", ALUR_DEBUG="1")

    assert shown == OFF


def test_each_default_can_still_be_set(alur_process: AlurProcess) -> None:
    shown = security(
        alur_process,
        ALUR_ALLOWED_HOSTS="alur.batam.go.id",
        ALUR_SECURE_COOKIES="0",
        ALUR_BEHIND_TLS_PROXY="0",
        ALUR_HSTS_SECONDS="600",
    )

    # Without the proxy's word on HTTPS the redirect would never end, so it follows the proxy.
    assert shown == {**OFF, "hsts": 600}


def test_the_redirect_can_be_turned_off_behind_the_proxy(alur_process: AlurProcess) -> None:
    shown = security(alur_process, ALUR_ALLOWED_HOSTS="alur.batam.go.id", ALUR_SSL_REDIRECT="0")

    assert shown == {**ON, "redirect": False}


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("::1", True),
        ("alur.localhost", True),
        (".localhost", True),
        ("localhost.batam.go.id", False),
        ("127.0.0.2", False),
        ("alur.batam.go.id", False),
        ("*", False),
    ],
)
def test_local_names_are_loopback_and_localhost_only(host: str, local: bool) -> None:
    assert is_local_host(host) is local
