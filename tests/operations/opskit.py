"""Helpers for the operations tests: a hosting request of Diskominfo Batam (SOP 2), opened on
Friday 14 August 2026 09:00 WIB and dispositioned at 10:00, so that step 3 (Kabid PE, 1 hari)
is due on Tuesday 18 August 10:00 (Monday is Hari Kemerdekaan): a reminder from 08:01, an
escalation to the Kadis from 10:01. Used in this process and in the worker processes."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
OPENED = dt.datetime(2026, 8, 14, 9, 0, tzinfo=WIB)
REMINDER_AT = dt.datetime(2026, 8, 18, 8, 30, tzinfo=WIB)
ESCALATION_AT = dt.datetime(2026, 8, 18, 10, 30, tzinfo=WIB)
HOSTING_REQUEST = (
    "Rekomendasi penyediaan layanan hosting aplikasi yang dikeluarkan oleh Tim Teknis "
    "Diskominfo Batam",
    "Surat penunjukan pegawai OPD sebagai pengelola/administrator aplikasi",
    "Petunjuk Instalasi Aplikasi",
    "Surat Permohonan",
)


def _pdf(name: str) -> tuple[io.BytesIO, str]:
    return io.BytesIO(b"%PDF-1.4\n% " + name.encode() + b"\n%%EOF\n"), f"{name[:20]}.pdf"


def hosting_at_step_3() -> int:
    """Open the request on the demo installation (loaded already); its case's id."""
    from alur.cases import services
    from alur.offices.models import Office, User

    people = {user.username: user for user in User.objects.all()}
    case = services.case_open(
        office=Office.objects.get(code="diskominfo-batam"),
        sop_code="layanan-hosting-aplikasi",
        requester=people["opd.disdukcapil"],
        title="Hosting aplikasi antrean",
        at=OPENED,
        uploads={name: _pdf(name) for name in HOSTING_REQUEST},
    )
    services.task_act(
        case=case,
        step=2,
        actor=people["kadis.batam"],
        at=OPENED + dt.timedelta(hours=1),
        uploads={"Surat Disposisi": _pdf("Surat Disposisi")},
    )
    return case.pk
