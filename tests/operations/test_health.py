"""``/health/`` says the process answers; ``/health/ready`` checks the database, the
migrations, the document storage and the workers, without sign-in and never cached."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from alur.operations.jobs import worker_beat


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ALUR_WORKER_TIMEOUT_SECONDS = 300


def test_the_process_answers_alive_without_sign_in(client: Client) -> None:
    response = client.get("/health/")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_ready_when_every_check_passes(client: Client, tmp_path: Path) -> None:
    worker_beat(worker_id="mesin-1-a", now=timezone.now())

    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"ok": True, "detail": "basis data menjawab"},
            "migrations": {"ok": True, "detail": "semua migrasi diterapkan"},
            "storage": {"ok": True, "detail": "penyimpanan dokumen dapat ditulisi"},
            "worker": {"ok": True, "detail": "1 pekerja latar terlihat"},
        },
    }
    assert "no-cache" in response["Cache-Control"]
    # The probe file is gone again.
    assert [p for p in (tmp_path / "media").rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_not_ready_when_the_last_worker_was_heard_too_long_ago(client: Client) -> None:
    worker_beat(worker_id="mesin-1-a", now=timezone.now() - dt.timedelta(seconds=301))

    response = client.get("/health/ready")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["worker"] == {
        "ok": False,
        "detail": "tidak ada pekerja latar (alur worker) yang terlihat",
    }
    assert [name for name, check in body["checks"].items() if not check["ok"]] == ["worker"]


@pytest.mark.django_db
def test_not_ready_when_the_storage_cannot_be_written(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    worker_beat(worker_id="mesin-1-a", now=timezone.now())
    blocked = tmp_path / "bukan-folder"
    blocked.write_text("sebuah berkas, bukan folder", encoding="utf-8")
    settings.MEDIA_ROOT = blocked

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == {"ok": False, "detail": "pemeriksaan gagal"}
