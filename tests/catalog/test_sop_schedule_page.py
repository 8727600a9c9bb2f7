"""The SOP page of a scheduled SOP says when its cases open and when the next one does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from lxml import html

from alur.catalog.models import Sop
from alur.catalog.services import sop_version_create

SOP = Path(__file__).resolve().parents[1] / "deadlines" / "sops" / "pemeriksaan-cadangan.yaml"
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def at_a_saturday(monkeypatch: pytest.MonkeyPatch) -> None:
    moment = dt.datetime(2026, 12, 5, 10, 0, tzinfo=WIB)
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


def _section(page: bytes) -> list[str]:
    tree = html.fromstring(page)
    return [" ".join(e.text_content().split()) for e in tree.xpath('//*[@id="jadwal-mulai"]//dd')]


def test_the_page_shows_the_rule_and_the_next_slot(
    demo: SimpleNamespace, client_for: Callable[[str], Client], at_a_saturday: None
) -> None:
    version = sop_version_create(
        office=demo.batam, text=SOP.read_text(encoding="utf-8"), publish=True
    )
    page = client_for("kasi.infratek").get(f"/sop/{version.sop_id}/").content
    assert _section(page) == [
        "Tiap Senin pukul 08.00; pada hari libur, hari kerja berikutnya",
        "7 Desember 2026 08.00 WIB",
    ]


def test_a_requested_sop_has_no_schedule_section(
    demo: SimpleNamespace, client_for: Callable[[str], Client], at_a_saturday: None
) -> None:
    sop = Sop.objects.filter(office=demo.batam).order_by("pk").first()
    assert sop is not None
    page = client_for("kasi.infratek").get(f"/sop/{sop.pk}/").content
    assert html.fromstring(page).xpath('//*[@id="jadwal-mulai"]') == []
