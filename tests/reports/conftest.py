"""The demo installation with the hand-built history of ``ledger``."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.reports.ledger import ledger_build


@pytest.fixture
def ledger(demo: SimpleNamespace) -> SimpleNamespace:
    return ledger_build(demo)
