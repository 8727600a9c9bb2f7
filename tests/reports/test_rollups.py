"""The rollups the recorder keeps, in the transaction of each change, equal a rebuild from the
raw rows: after the demo year (every kind of ending, loops, late steps) and after service-layer
actions; ``alur manage reports_rebuild`` recomputes them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from alur.cases.models import Case, Task
from alur.demo import demo_year_load
from alur.reports.models import CaseDay, PersonDay, StepDay, StepMinutes, StepMinutesMonth
from tests.cases.casekit import SOP2_DOCS, WIB, Desk, sop2_opened
from tests.reports.rollupkit import kept_and_rebuilt, rollup_rows

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 27, 15, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _total(model: type, field: str, **where: object) -> int:
    return int(model.objects.filter(**where).aggregate(n=Sum(field))["n"] or 0)


def test_the_demo_years_rollups_equal_a_rebuild_from_the_raw_rows(demo) -> None:
    demo_year_load(now=NOW)

    for office in (demo.sumbawa, demo.batam):
        kept, rebuilt = kept_and_rebuilt(office)
        assert kept == rebuilt
        assert all(kept[name] for name in kept)
        done = Task.objects.filter(case__office=office, status=Task.Status.DONE)
        assert _total(StepDay, "done", office=office) == done.count()
        assert _total(StepMinutes, "visits", office=office) == done.count()
        assert _total(StepMinutesMonth, "visits", office=office) == done.count()
        assert _total(PersonDay, "done", office=office) == done.count()
        assert _total(StepDay, "repeats", office=office) == done.filter(visit__gt=1).count()
        assert _total(CaseDay, "opened", office=office) == office.cases.count()
        outcome = {
            "finished": "selesai",
            "returned": "dikembalikan",
            "stopped": "dihentikan",
            "refused": "ditolak",
        }
        for column, status in outcome.items():
            assert _total(CaseDay, column, office=office) == (
                office.cases.filter(status=status).count()
            )
    assert _total(StepDay, "returned") == Case.objects.filter(status="dikembalikan").count()


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
