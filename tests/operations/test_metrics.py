"""``/metrics`` in the Prometheus text format: requests by view and status, and the office's
state read from the database; only for local addresses, or for the holder of the token."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from alur.deadlines.tasks import deadlines_scan_job
from alur.notifications.models import Mail
from alur.notifications.outbox import mail_queue
from alur.operations.jobs import worker_beat
from tests.operations.opskit import hosting_at_step_3


def _samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def _scrape(client: Client, **headers: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return _samples(response.content.decode())


def test_the_state_of_the_offices_is_read_from_the_database(
    demo: SimpleNamespace, client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.ALUR_WORKER_TIMEOUT_SECONDS = 300
    settings.MEDIA_ROOT = tmp_path / "media"
    hosting_at_step_3()
    Mail.objects.all().delete()  # what its steps told people: the mails counted are these below
    now = timezone.now()
    worker_beat(worker_id="mesin-1-a", now=now)
    worker_beat(worker_id="mesin-2-b", now=now - dt.timedelta(minutes=10))
    deadlines_scan_job.enqueue()
    mail_queue(to=["a@demo.invalid", "b@demo.invalid"], subject="s", body="b")
    Mail.objects.filter(to="b@demo.invalid").update(state=Mail.State.FAILED)

    samples = _scrape(client)

    assert samples[("alur_cases_open", (("office", "diskominfo-batam"),))] == 1
    assert samples[("alur_cases_open", (("office", "dkisp-sumbawa"),))] == 0
    assert samples[("alur_jobs_waiting", ())] == 1
    assert samples[("alur_jobs_running", ())] == 0
    assert samples[("alur_mails_waiting", ())] == 1
    assert samples[("alur_mails_failed", ())] == 1
    assert samples[("alur_workers_seen", ())] == 1
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_requests_are_counted_by_view_and_status(client: Client) -> None:
    def count(view: str, status: str) -> float:
        key = ("alur_http_requests_total", (("status", status), ("view", view)))
        return _scrape(client).get(key, 0.0)

    before = count("health_live", "200"), count("-", "404")
    client.get("/health/")
    client.get("/health/")
    client.get("/tidak-ada/sama-sekali/")

    assert (count("health_live", "200"), count("-", "404")) == (before[0] + 2, before[1] + 1)
    histogram = _scrape(client)
    assert histogram[("alur_http_request_duration_seconds_count", (("view", "health_live"),))] >= 2


@pytest.mark.django_db
def test_a_remote_address_is_refused_without_a_token(client: Client) -> None:
    response = client.get("/metrics", REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 403
    assert "alamat lokal" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("address", "authorization", "status"),
    [
        ("203.0.113.9", "Bearer rahasia-metrik", 200),
        ("127.0.0.1", "Bearer rahasia-metrik", 200),
        ("127.0.0.1", "", 401),
        ("203.0.113.9", "Bearer salah", 401),
    ],
)
def test_with_a_token_set_every_address_needs_it(
    client: Client, settings: Any, address: str, authorization: str, status: int
) -> None:
    settings.ALUR_METRICS_TOKEN = "rahasia-metrik"  # noqa: S105 - a token made up for the test
    headers = {"Authorization": authorization} if authorization else {}

    response = client.get("/metrics", REMOTE_ADDR=address, headers=headers)

    assert response.status_code == status
    if status == 401:
        assert response["WWW-Authenticate"] == 'Bearer realm="alur-metrics"'
        assert b"alur_" not in response.content
