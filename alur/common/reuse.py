"""Values worked out once per request: who holds which role, an office's own days.

A page or an action asks the same questions several times (the services check the lanes, the
page shows them; every deadline reads the office's calendar). Inside a request each answer is
remembered under its key and forgotten when the response is out, so the next request reads the
database again and sees what changed in between (a new holiday, a new membership)::

    codes = remembered(("offices.role_codes", user.pk, on), lambda: query(user, on))

Outside a request (the worker's jobs, the command line, tests calling services) nothing is
remembered: every call computes afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from django.http import HttpRequest, HttpResponse

T = TypeVar("T")

_SCOPE: ContextVar[dict[Hashable, Any] | None] = ContextVar("alur_request_scope", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    """Remember answers until the block ends (one request)."""
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


@contextmanager
def answers_kept() -> Iterator[None]:
    """Remember answers until the block ends, or while the request's scope lasts when there is
    one: for a loop that asks the same question per row, in a page or outside one."""
    if _SCOPE.get() is not None:
        yield
        return
    with request_scope():
        yield


def remembered(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``'s answer, computed once per request for ``key``."""
    scope = _SCOPE.get()
    if scope is None:
        return compute()
    if key not in scope:
        scope[key] = compute()
    return cast(T, scope[key])


class RequestScopeMiddleware:
    """Each request gets its own scope (``request_scope``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope():
            return self.get_response(request)
