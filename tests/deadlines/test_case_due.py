"""A case's own due: the allowed time of the path taken so far, then the longest way left."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from deadlinekit import WIB, StepThree

from alur.cases import selectors as case_selectors
from alur.cases import services as case_services

OPENED = dt.datetime(2026, 8, 14, 10, 0, tzinfo=WIB)  # step 3 opens; the case opened at 09:00


def _due(case: object, demo: SimpleNamespace) -> dt.datetime | None:
    page = case_selectors.case_page(case, demo.people["kadis.batam"], now=OPENED)  # type: ignore[arg-type]
    return page.due


def test_the_case_is_due_after_the_longest_way_to_its_end(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, _task = hosting_at_step_3(OPENED)

    # Steps 1-3 (1 hari each), step 4 (3 jam), then without server capacity 5, 6, 7, 8, 9, 10
    # (3+1+3+1+1+1 hari): 13 working days and 3 hours from Friday 14 August 09:00, past
    # Hari Kemerdekaan (17 August) and Maulid Nabi (25 August).
    assert _due(case, demo) == dt.datetime(2026, 9, 4, 12, 0, tzinfo=WIB)


def test_finishing_early_keeps_the_case_due_and_a_shorter_branch_brings_it_forward(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, _task = hosting_at_step_3(OPENED)
    case_services.task_act(
        case=case, step=3, actor=demo.people["kabid.pe"], decision="ya", at=OPENED
    )
    assert _due(case, demo) == dt.datetime(2026, 9, 4, 12, 0, tzinfo=WIB)

    case_services.task_act(
        case=case, step=4, actor=demo.people["kasi.pa"], decision="ya", at=OPENED
    )

    # Capacity available: 7, 8, 9, 10 (3+1+1+1 hari) after step 4.
    assert _due(case, demo) == dt.datetime(2026, 8, 31, 12, 0, tzinfo=WIB)
