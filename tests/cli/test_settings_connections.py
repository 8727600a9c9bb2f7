"""Persistent database connections by default: each thread of the web server keeps its
connection for a minute, checked before it is reused; ``ALUR_DB_CONN_MAX_AGE`` changes it. On
PostgreSQL a kept connection keeps its statements prepared (``ALUR_DB_PREPARED``)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable

import pytest
from django.db import connection

AlurProcess = Callable[..., subprocess.CompletedProcess[str]]

SHOW = (
    "import json; from django.conf import settings as s; d = s.DATABASES['default']; "
    "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
)


def connections(alur_process: AlurProcess, **env: str) -> list[object]:
    result = alur_process("manage", "shell", "--no-imports", "-c", SHOW, env=env)
    assert result.returncode == 0, result.stderr
    shown: list[object] = json.loads(result.stdout.splitlines()[-1])
    return shown


def test_connections_are_kept_and_checked_by_default(alur_process: AlurProcess) -> None:
    assert connections(alur_process, ALUR_ALLOWED_HOSTS="alur.batam.go.id") == [60, True]


def test_connections_are_kept_on_postgresql_too(alur_process: AlurProcess) -> None:
    # Only the settings are read: no connection is made to this database.
    url = "postgres://alur:rahasia@127.0.0.1:5432/alur"

    assert connections(alur_process, DATABASE_URL=url) == [60, True]


def test_the_age_can_be_set_and_zero_closes_after_each_request(alur_process: AlurProcess) -> None:
    assert connections(alur_process, ALUR_DB_CONN_MAX_AGE="0") == [0, True]
    assert connections(alur_process, ALUR_DB_CONN_MAX_AGE="300") == [300, True]


OPTIONS = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps(s.DATABASES['default']['OPTIONS']))"
)


def options(alur_process: AlurProcess, **env: str) -> dict[str, object]:
    result = alur_process("manage", "shell", "--no-imports", "-c", OPTIONS, env=env)
    assert result.returncode == 0, result.stderr
    shown: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    return shown


def test_postgresql_statements_are_prepared_unless_a_pooler_forbids(
    alur_process: AlurProcess,
) -> None:
    url = "postgres://alur:rahasia@127.0.0.1:5432/alur"

    assert options(alur_process, DATABASE_URL=url) == {
        "server_side_binding": True,
        "prepare_threshold": 2,
    }
    assert options(alur_process, DATABASE_URL=url, ALUR_DB_PREPARED="0") == {}
    assert options(alur_process, DATABASE_URL=f"{url}?sslmode=require") == {
        "sslmode": "require",
        "server_side_binding": True,
        "prepare_threshold": 2,
    }


def test_an_empty_database_url_is_the_embedded_database_with_its_options(
    alur_process: AlurProcess,
) -> None:
    # ``DATABASE_URL=`` in an env file: as if it were not set, not a URL with no scheme.
    embedded = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    assert options(alur_process, DATABASE_URL="") == embedded
    assert options(alur_process, DATABASE_URL="  ") == embedded


@pytest.mark.django_db
def test_a_statement_asked_twice_on_a_connection_is_planned_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "prepared statements are PostgreSQL's; SQLite, the embedded default, plans each"
        )
    from alur.offices.models import Office

    for code in ("batam", "sumbawa", "batam"):
        list(Office.objects.filter(code=code))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "offices_office" WHERE "offices_office"."code" = $1%'],
        )
        (prepared,) = cursor.fetchone()

    assert prepared == 1
