"""The requester's time limit in a real browser: the Kabid returns two requests to the
requester to complete within 14 days; the requester sees the last day under the open step,
completes the first in time, and lets the second pass. The worker's scan, run at moments the
test chooses just after the limit, leaves the first running and lapses the second, whose page
then shows its ending and offers nothing to do."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from playwright.sync_api import expect

from alur.cases.models import Task
from alur.catalog.services import sop_version_create
from alur.common.formatting import day_text
from alur.deadlines.alerts import deadlines_scan
from alur.deadlines.requester import requester_deadline
from alur.offices.calendar import calendar_for
from alur.offices.models import Office

SOP = Path(__file__).resolve().parents[1] / "deadlines" / "sops" / "izin-lengkapi.yaml"


def test_a_request_completed_in_time_runs_on_and_one_left_past_the_limit_lapses(
    as_person,
) -> None:
    office = Office.objects.get(code="dkisp-sumbawa")
    sop_version_create(office=office, text=SOP.read_text(encoding="utf-8"), publish=True)
    bappeda = as_person("opd.bappeda")
    in_time = bappeda.submit_request("izin-lengkapi", "Izin penggunaan SIMPEG")
    left = bappeda.submit_request("izin-lengkapi", "Izin penggunaan SIMDA")

    kabid = as_person("kabid.ti")
    for case in (in_time, left):
        kabid.open_case(case)
        kabid.act(2, decision="tidak", note="Lampirkan daftar pengguna aplikasi.")

    calendar = calendar_for(office)
    deadlines = {}
    for case in (in_time, left):
        task = Task.objects.select_related("sop_version").get(
            case__number=case.number, step=3, status=Task.Status.OPEN
        )
        deadline = requester_deadline(calendar, task)
        assert deadline is not None
        deadlines[case.number] = deadline

    # The requester sees the last day under the step they are to complete, and completes it.
    bappeda.open_case(in_time)
    last_day = deadlines[in_time.number].last_day
    expect(bappeda.page.locator("[data-requester-limit]")).to_have_text(
        f"Lengkapi paling lambat {day_text(last_day)}"
    )
    bappeda.act(3, new_versions=("Surat Permohonan",))

    # Just before the limit nothing lapses; at the first scan after it, the second request does.
    ends = deadlines[left.number].ends
    assert deadlines_scan(now=ends - dt.timedelta(minutes=1)).lapsed == 0
    assert deadlines_scan(now=ends + dt.timedelta(minutes=1)).lapsed == 1
    assert deadlines_scan(now=ends + dt.timedelta(minutes=2)).lapsed == 0

    bappeda.open_case(in_time)
    expect(bappeda.status()).to_have_attribute("data-status", "berjalan")

    bappeda.open_case(left)
    expect(bappeda.status()).to_have_attribute("data-status", "gugur")
    left_day = day_text(deadlines[left.number].last_day)
    expect(bappeda.page.locator("body")).to_contain_text(
        f"Pemohon tidak melengkapi dalam 14 hari (sampai {left_day})."
    )
    expect(bappeda.action(3)).to_have_count(0)
    expect(bappeda.page.locator("[data-requester-limit]")).to_have_count(0)

    # The requester is told.
    bappeda.page.goto("/pemberitahuan/")
    expect(bappeda.page.locator("body")).to_contain_text(f"Permohonan {left.number} gugur")
