"""The rollups the recorder keeps, in the transaction of each change, equal a rebuild from the
raw rows: after service-layer actions here, and after the demo year (every kind of ending, loops,
late steps) in tests/reports/test_demo_year.py, which loads the year once for both
(``rollupkit.year_rolled_up``); ``alur manage reports_rebuild`` recomputes them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from alur.cases.models import Case
from alur.reports.models import CaseDay, StepDay
from tests.cases.casekit import SOP2_DOCS, WIB, Desk, sop2_opened
from tests.reports.rollupkit import kept_and_rebuilt, rollup_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_service_layer_actions_keep_the_rollups_of_a_returned_request(demo) -> None:
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB))
    case = sop2_opened(desk, demo.batam)
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])
    desk.act(case, 3, "kabid.pe", decision="tidak", note="Surat penunjukan belum ditandatangani.")
    running = sop2_opened(desk, demo.batam)

    kept, rebuilt = kept_and_rebuilt(demo.batam)

    assert kept == rebuilt
    steps = {row.step: row for row in StepDay.objects.filter(office=demo.batam)}
    assert {n: (r.done, r.declined, r.returned) for n, r in steps.items()} == {
        1: (2, 0, 0),
        2: (1, 0, 0),
        3: (1, 1, 1),
    }
    [day] = CaseDay.objects.filter(office=demo.batam)
    assert (day.day, day.opened, day.finished, day.returned, day.stopped, day.refused) == (
        dt.date(2026, 3, 2),
        2,
        0,
        1,
        0,
        0,
    )
    assert Case.objects.get(pk=running.pk).status == Case.Status.RUNNING


def test_the_rebuild_command_recomputes_lost_rollups(demo, capsys) -> None:
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB))
    sop2_opened(desk, demo.batam)
    kept = rollup_rows(demo.batam)
    StepDay.objects.filter(office=demo.batam).delete()
    CaseDay.objects.filter(office=demo.batam).update(opened=7)

    call_command("reports_rebuild", "--kantor", demo.batam.code)

    assert rollup_rows(demo.batam) == kept
    assert capsys.readouterr().out == (
        f"{demo.batam.code}: StepDay 1, StepMinutes 1, StepMinutesMonth 1, PersonDay 1, CaseDay 1\n"
    )


def test_the_rebuild_command_names_an_unknown_office(demo) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("reports_rebuild", "--kantor", "tidak-ada")

    assert str(refused.value) == "Kantor dengan kode 'tidak-ada' tidak ada."
