"""The identity block's Tanggal Revisi (or planned review date) reminds the SOP's owner."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

from deadlinekit import WIB

from alur.catalog.models import SopVersion
from alur.catalog.services import sop_version_create
from alur.deadlines.alerts import ScanResult, deadlines_scan
from alur.deadlines.models import Alert, DeadlinePolicy
from alur.notifications.models import Notification
from alur.offices.models import Role

SEED = Path(__file__).resolve().parents[2] / "sops" / "03-integrasi-aplikasi-bedelau.yaml"


def _with_review(demo: SimpleNamespace, day: str) -> SopVersion:
    text = SEED.read_text(encoding="utf-8")
    marked = text.replace("  tanggal_revisi: null", f"  tanggal_revisi: {day}", 1)
    assert marked != text
    return sop_version_create(office=demo.batam, text=marked, publish=True)


def test_the_kadis_is_reminded_once_when_the_review_nears(demo: SimpleNamespace) -> None:
    version = _with_review(demo, "2026-09-01")  # 14 days' notice by default: from 18 August

    quiet = [
        dt.datetime(2026, 8, 14, 10, 0, tzinfo=WIB),  # Friday, 18 days before
        dt.datetime(2026, 8, 17, 10, 0, tzinfo=WIB),  # Hari Kemerdekaan: the office is closed
    ]
    assert [deadlines_scan(now=moment) for moment in quiet] == [ScanResult()] * 2
    tuesday = dt.datetime(2026, 8, 18, 8, 0, tzinfo=WIB)
    assert deadlines_scan(now=tuesday) == ScanResult(reviews=1)
    assert deadlines_scan(now=tuesday + dt.timedelta(days=1)) == ScanResult()

    assert list(Alert.objects.values_list("kind", "sop_version", "recipients")) == [
        (Alert.Kind.REVIEW, version.pk, ["kadis.batam", "admin.batam"])
    ]
    title = (
        "SOP Pengajuan Integrasi Aplikasi Dengan Bedelau perlu ditinjau paling lambat 01-09-2026"
    )
    assert sorted(Notification.objects.values_list("recipient__username", "title", "url")) == [
        ("admin.batam", title, f"/sop/{version.sop_id}/"),
        ("kadis.batam", title, f"/sop/{version.sop_id}/"),
    ]


def test_the_office_chooses_the_owner_and_its_admins_are_told_too(demo: SimpleNamespace) -> None:
    DeadlinePolicy.objects.create(
        office=demo.batam,
        review_role=Role.objects.get(office=demo.batam, code="kabid-pe"),
        review_notice_days=0,
    )
    admin = demo.people["kasi.infratek"]
    admin.is_office_admin = True
    admin.save(update_fields=["is_office_admin"])
    _with_review(demo, "2026-09-01")

    assert deadlines_scan(now=dt.datetime(2026, 8, 31, 9, 0, tzinfo=WIB)) == ScanResult()
    assert deadlines_scan(now=dt.datetime(2026, 9, 1, 9, 0, tzinfo=WIB)) == ScanResult(reviews=1)
    assert list(Alert.objects.values_list("recipients", flat=True)) == [
        ["kabid.pe", "kasi.infratek", "admin.batam"]
    ]
