"""The demo installation with the hand-built history of ``ledger``."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from alur.reports.rebuild import office_rebuild
from tests.reports.ledger import ledger_build


@pytest.fixture
def ledger(demo: SimpleNamespace) -> SimpleNamespace:
    """The ledger's rows, written straight into the tables, and the rollups rebuilt from them."""
    built = ledger_build(demo)
    for office in (demo.sumbawa, demo.batam):
        office_rebuild(office_id=office.pk)
    return built
