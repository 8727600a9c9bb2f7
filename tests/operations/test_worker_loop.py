"""A round of the worker's background work that fails is logged, and the next round runs: the
thread that sends the mail or the webhooks never ends because one round raised."""

from __future__ import annotations

import logging
import threading
from types import SimpleNamespace

import pytest

from alur.operations import worker
from alur.operations.worker import _loop


def test_a_round_that_raises_is_logged_and_the_next_one_runs(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The rounds here touch no database: the loop's own care of its connection is left out.
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker, "connection", SimpleNamespace(close=lambda: None))
    stop = threading.Event()
    rounds: list[int] = []

    def work() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise RuntimeError("penerima aneh")
        if len(rounds) == 3:
            stop.set()

    with caplog.at_level(logging.ERROR, logger="alur.operations.worker"):
        _loop(stop, 0, work, "Pengiriman webhook")

    assert rounds == [0, 1, 2]
    assert "Pengiriman webhook gagal; dicoba lagi pada putaran berikutnya" in caplog.text
    assert "penerima aneh" in caplog.text
