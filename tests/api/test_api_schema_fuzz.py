"""Every operation of the OpenAPI document, called with requests schemathesis makes from it
(valid and invalid), as a person with a token that may act: no answer is a server error, every
answer is one the document describes (status, media type, body schema, headers), and a request
the document does not allow is refused.

Bounded: a fixed number of examples per operation, made from a fixed seed so that a failure in
CI is the same failure on a laptop (``derandomize``); the database is the test's, rolled back.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import positive_data_acceptance

from alur.api.api import api
from alur.offices.models import ApiToken
from alur.offices.tokens import token_create
from alur.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.once]

EXAMPLES = 25
"""Requests per operation: enough to reach every parameter's kinds, few enough for CI."""
ASKS_TOO_MUCH = positive_data_acceptance
"""Every check of schemathesis runs but this one, which wants each request the schema allows
accepted: a cursor or an id is any string or number to the schema, yet only one the API gave
out is found, and the others are rightly refused (404, or 422 naming the field)."""


def _labels() -> list[str]:
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return sorted(
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
    )


@pytest.fixture
def _connection_kept() -> Iterator[None]:
    """schemathesis calls the WSGI application itself, whose request signals would close the
    database connection that holds the test's transaction: kept open, as Django's test client
    keeps it."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in signals:
            signal.connect(close_old_connections)


@pytest.mark.parametrize("label", _labels())
@pytest.mark.usefixtures("_connection_kept")
def test_every_answer_is_one_the_document_describes(demo: SimpleNamespace, label: str) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    [operation] = [
        result.ok()
        for result in schema.get_all_operations()
        if isinstance(result, Ok) and result.ok().label == label
    ]
    _token, plain = token_create(
        owner=demo.people["kabid.ti"], name="skema", scope=ApiToken.Scope.ACT, actor=None
    )

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def call(case: schemathesis.Case) -> None:
        answer = case.call_and_validate(
            headers={"Authorization": f"Bearer {plain}"}, excluded_checks=[ASKS_TOO_MUCH]
        )
        statuses.append(answer.status_code)

    statuses: list[int] = []
    call()

    assert statuses, "schemathesis made no request"
    assert [status for status in statuses if status >= 500] == []
    assert 401 not in statuses  # the token was taken on every request
