"""One transaction held open on its own connection while others run: what a change waits on.

``held_open(action)`` runs ``action`` inside a transaction on a thread of its own and keeps the
transaction open (its row locks held, its rows uncommitted) until the ``with`` block ends, then
commits it. ``without_waiting(action)`` runs ``action`` on another connection whose
``lock_timeout`` is 2 seconds, so a change that would wait on the held transaction fails fast
(``LockNotAvailable``) instead of hanging: what it returned or raised."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction

LOCK_TIMEOUT = "2s"


@contextmanager
def held_open(action: Callable[[], object]) -> Iterator[list[object]]:
    """Run ``action`` in a transaction left open until the block ends; the list holds what it
    returned (or raised) once the transaction has committed."""
    held, release = threading.Event(), threading.Event()
    outcome: list[object] = []

    def run() -> None:
        try:
            with transaction.atomic():
                result = action()
                held.set()
                release.wait(timeout=60)
            outcome.append(result)
        except Exception as error:
            outcome.append(error)
        finally:
            held.set()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert held.wait(timeout=60)
    try:
        yield outcome
    finally:
        release.set()
        thread.join(timeout=60)
    assert not thread.is_alive()


def without_waiting(action: Callable[[], object]) -> object:
    """Run ``action`` on a connection of its own that gives up on any lock after 2 seconds."""
    outcome: list[object] = []

    def run() -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            outcome.append(action())
        except Exception as error:
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    return outcome[0]
