"""Helpers of the survey's tests: cases of ``tests/letters/sops/izin-penolakan.yaml`` (four
steps, which may end finished, refused or stopped, and which the public may ask for too) driven
by a desk (``casekit``), and the survey link a mail carries."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "cases"))

from casekit import Desk

from alur.cases.models import Case
from alur.notifications.models import Mail
from alur.public import services as public_services

SOP = Path(__file__).resolve().parent.parent / "letters" / "sops" / "izin-penolakan.yaml"
LINK = re.compile(r"/skm/([A-Za-z0-9_-]+)/")


def opened(desk: Desk, office: Any, who: str = "opd.bappeda", title: str = "Izin SIMPEG") -> Case:
    return desk.open(office, "izin-penolakan", who, docs=["Surat Permohonan"], title=title)


def finished(desk: Desk, office: Any, who: str = "opd.bappeda", title: str = "Izin SIMPEG") -> Case:
    case = opened(desk, office, who, title)
    case = desk.act(case, 2, "dev.sumbawa", decision="ya")
    case = desk.act(case, 3, "kabid.ti", decision="ya")
    return desk.act(case, 4, "kabid.ti", docs=["Izin Penggunaan Aplikasi"])


def public_filed(desk: Desk, office: Any) -> Case:
    filed = public_services.request_file(
        office=office,
        sop_code="izin-penolakan",
        applicant=public_services.Applicant(
            kind="warga",
            name="Siti Rahmawati",
            id_number="5204014506900001",
            email="siti@example.org",
        ),
        title="Izin warga",
        uploads=desk.uploads(["Surat Permohonan"]),
        client=public_services.client_digest("203.0.113.7"),
        at=desk.tick(office),
    )
    return filed.case


def link_of(address: str) -> str:
    """The path of the survey link in the newest survey mail to ``address``."""
    mail = Mail.objects.filter(to=address, body__contains="/skm/").order_by("-pk").first()
    assert mail is not None
    found = LINK.search(mail.body)
    assert found is not None
    return found.group(0)
