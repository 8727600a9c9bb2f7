"""Prometheus metrics: requests counted by the process that served them, the state of the
office read from the database at each scrape.

Request counts and latencies live in each web process. With several processes, set
``PROMETHEUS_MULTIPROC_DIR`` to a directory they share (emptied before they start): every
process then writes its counters there and any process answers the scrape with the sum
(prometheus-client's multiprocess mode). Open cases, waiting jobs, mail and workers are the
database's, whichever process is asked, so they are counted at scrape time and kept nowhere.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from alur.cases.models import Case
from alur.notifications.models import Mail
from alur.offices.models import Office
from alur.operations.jobs import workers_seen

REQUESTS = Counter(
    "alur_http_requests", "Requests answered, by view and status code", ["view", "status"]
)
LATENCY = Histogram(
    "alur_http_request_duration_seconds", "Time to answer a request, by view", ["view"]
)
UNRESOLVED = "-"
"""The view label of a request no URL matched (a 404), so stray paths add no labels."""


class RequestMetricsMiddleware:
    """Counts each request and its time under its view's name, a label of bounded values."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        view = match.view_name if match is not None else UNRESOLVED
        LATENCY.labels(view=view).observe(time.perf_counter() - started)
        REQUESTS.labels(view=view, status=str(response.status_code)).inc()
        return response


class DatabaseCollector(Collector):
    """The office's state as the database holds it now."""

    def collect(self) -> Iterable[Metric]:
        now = timezone.now()
        cases = GaugeMetricFamily("alur_cases_open", "Cases running, by office", labels=["office"])
        offices = Office.objects.annotate(
            running=Count("cases", filter=Q(cases__status=Case.Status.RUNNING))
        ).order_by("code")
        for office in offices:
            cases.add_metric([office.code], office.running)
        yield cases
        yield GaugeMetricFamily(
            "alur_jobs_waiting", "Jobs ready to run", value=DBTaskResult.objects.ready().count()
        )
        yield GaugeMetricFamily(
            "alur_jobs_running", "Jobs being run", value=DBTaskResult.objects.running().count()
        )
        mails = dict(
            Mail.objects.filter(state__in=[Mail.State.WAITING, Mail.State.FAILED])
            .order_by()
            .values("state")
            .annotate(count=Count("pk"))
            .values_list("state", "count")
        )
        yield GaugeMetricFamily(
            "alur_mails_waiting", "Mails not sent yet", value=mails.get(Mail.State.WAITING, 0)
        )
        yield GaugeMetricFamily(
            "alur_mails_failed",
            "Mails given up after the last attempt",
            value=mails.get(Mail.State.FAILED, 0),
        )
        yield GaugeMetricFamily(
            "alur_workers_seen",
            "Workers heard from within the timeout",
            value=workers_seen(now=now),
        )


class _ProcessCollector(Collector):
    """This process's own metrics (the default registry), for a single web process."""

    def collect(self) -> Iterable[Metric]:
        yield from REGISTRY.collect()


def scrape_registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # untyped upstream
    else:
        registry.register(_ProcessCollector())
    registry.register(DatabaseCollector())
    return registry
