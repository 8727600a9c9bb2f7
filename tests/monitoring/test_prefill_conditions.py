"""The monitoring form counts a conditional requirement (bila) as missing only in a case whose
data made it required: a Surat Kuasa for a request filed by a kuasa, not for one filed by the
requester themself."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from alur.monitoring.prefill import _missing
from tests.cases.casekit import WITA
from tests.sop.test_engine_conditions import SOP

AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)
HANDED_OVER = [("formulir permohonan", AT), ("surat permohonan", AT)]


def _missing_for(form: dict[str, str]) -> set[str]:
    task: Any = SimpleNamespace(done_at=AT, case_id=1)
    cases: Any = {1: SimpleNamespace(state={"data": {"permohonan": form}})}
    return _missing(SOP.steps[2], SOP, task, HANDED_OVER, [(1, AT)], cases)


def test_the_surat_kuasa_is_missing_only_where_the_request_was_filed_by_a_kuasa() -> None:
    assert _missing_for({"diajukan-oleh": "Kuasa"}) == {"Surat Kuasa"}
    assert _missing_for({"diajukan-oleh": "Pemohon sendiri"}) == set()
