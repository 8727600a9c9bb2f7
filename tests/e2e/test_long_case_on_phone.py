"""A case with a long history opens on a phone as short as one with a short history: the page
opens on the open step with the whole flow, the history of its steps, its documents and its
record folded, each one tap away (and the one an address points at open); on a desk's width
they are open, the history showing the newest visits with the older ones a click away. The
page does not grow with the loops a case has taken."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.cases.casekit import Desk, sop5_replanned

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
FOLDS = ("#langkah", "#kunjungan", "#dokumen", "#catatan")
WITA = ZoneInfo("Asia/Makassar")


def test_a_case_that_looped_many_times_is_as_tall_as_one_that_looped_a_few(
    as_person: Any, settings: Any, tmp_path: Path
) -> None:
    from alur.cases.models import Task
    from alur.offices.models import Office, User

    settings.MEDIA_ROOT = tmp_path / "media"
    desk = Desk(
        {u.username: u for u in User.objects.all()}, dt.datetime(2026, 3, 2, 8, tzinfo=WITA)
    )
    sumbawa = Office.objects.get(code="dkisp-sumbawa")
    few = sop5_replanned(desk, sumbawa, 4)
    many = sop5_replanned(desk, sumbawa, 30)
    assert Task.objects.filter(case=few).count() == 20
    assert Task.objects.filter(case=many).count() == 98

    dev = as_person("dev.sumbawa")
    page = dev.page
    page.set_viewport_size(PHONE)
    heights = {}
    for name, case in (("few", few), ("many", many)):
        page.goto(f"/permohonan/{case.pk}/")
        expect(dev.action(9)).to_be_visible()
        expect(page.locator("div#aksi-9")).to_be_in_viewport()
        for fold in FOLDS:
            expect(page.locator(f"{fold} details[data-open-wide]")).not_to_have_attribute(
                "open", ""
            )
        heights[name] = page.evaluate("document.documentElement.scrollHeight")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    print(f"\nat 390 px: 20 visits {heights['few']} px, 98 visits {heights['many']} px")  # noqa: T201
    assert heights["many"] <= heights["few"] * 1.1, heights
    assert heights["many"] <= 4 * PHONE["height"], heights

    # One tap opens the record; an address that points at the documents opens them.
    page.locator("#catatan summary").click()
    expect(page.locator('#catatan-baris tr[data-kind="step.completed"]').first).to_be_visible()
    page.goto(f"/permohonan/{many.pk}/#dokumen")
    expect(page.locator("#dokumen details[data-open-wide]")).to_have_attribute("open", "")
    expect(page.locator("#kunjungan details[data-open-wide]")).not_to_have_attribute("open", "")
    # At a desk's width everything is open, and the visits shown are the newest twenty.
    page.set_viewport_size(DESK)
    for fold in FOLDS:
        expect(page.locator(f"{fold} details[data-open-wide]")).to_have_attribute("open", "")
    expect(page.locator("#kunjungan-baris tr")).to_have_count(20)
    expect(page.locator("a[data-older=kunjungan]")).to_be_visible()
