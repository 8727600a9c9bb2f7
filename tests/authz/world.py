"""The world of the authorisation tests, its personas, and what a refused action must not change.

The world is the demo installation, a Plh for Sumbawa's Kadis, and one SOP 5 request of Bappeda
waiting at step 2 with its letter uploaded.
"""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.test import Client

from alur.cases import services
from alur.cases.models import Case, Document, Event, Task
from alur.catalog.models import Sop
from alur.demo import demo_load
from alur.offices.models import Delegation, Office, Role, Unit, User
from tests.conftest import PDF

ANONYMOUS = "anonymous"
PLH = "plh.sumbawa"
"""Sumbawa's Sekretaris, holding no role of her own, standing in (Plh) for the Kadis today."""

PERSONAS = [
    ANONYMOUS,
    "kadis.sumbawa",
    "kabid.ti",
    "kasi.aplikasi",
    "dev.sumbawa",
    PLH,
    "opd.bappeda",
    "opd.dikbud",
    "kadis.batam",
    "opd.disdukcapil",
]
"""Nobody; Sumbawa's officers and its Plh; the requesting OPD and another OPD of Sumbawa; an
officer and an OPD person of Batam, another office."""

SOP5 = "permohonan-pembuatan-aplikasi"
LETTER = "Surat Permohonan Pembuatan Aplikasi"
DISPOSITION = "Disposisi Dinas"
DISPOSITION_INPUT = "doc-1"  # step 2's file inputs: 0 the request letter, 1 its output


def pdf_upload(name: str) -> io.BytesIO:
    upload = io.BytesIO(PDF)
    upload.name = f"{name}.pdf"
    return upload


def world_build() -> SimpleNamespace:
    demo_load()
    sumbawa = Office.objects.get(code="dkisp-sumbawa")
    batam = Office.objects.get(code="diskominfo-batam")
    plh = User.objects.create(
        username=PLH,
        first_name="Sekretaris",
        last_name="DKISP Sumbawa",
        office=sumbawa,
        unit=Unit.objects.get(office=sumbawa, code="sekretariat"),
        position="Sekretaris Dinas",
    )
    today = dt.datetime.now(ZoneInfo(sumbawa.zone)).date()
    Delegation.objects.create(
        role=Role.objects.get(office=sumbawa, code="kadis"),
        delegate=plh,
        kind=Delegation.Kind.PLH,
        starts=today,
        ends=today,
        reason="Kepala Dinas dinas luar",
    )
    people = {user.username: user for user in User.objects.select_related("office", "unit")}
    case = services.case_open(
        office=sumbawa,
        sop_code=SOP5,
        requester=people["opd.bappeda"],
        title="Aplikasi e-Perencanaan",
        uploads={LETTER: (pdf_upload("surat"), "surat.pdf")},
    )
    return SimpleNamespace(
        sumbawa=sumbawa,
        batam=batam,
        people=people,
        case_pk=case.pk,
        case_number=case.number,
        letter=Document.objects.get(case=case, name=LETTER),
        sumbawa_sop=Sop.objects.get(office=sumbawa, code=SOP5),
        batam_sop=Sop.objects.get(office=batam, code="layanan-hosting-aplikasi"),
    )


def actor(world: SimpleNamespace, persona: str) -> User | AnonymousUser:
    return AnonymousUser() if persona == ANONYMOUS else world.people[persona]


def client_as(world: SimpleNamespace, persona: str) -> Client:
    client = Client()
    if persona != ANONYMOUS:
        client.force_login(world.people[persona])
    return client


def snapshot(case: Case) -> dict[str, object]:
    """Everything a refused action must leave as it was."""
    fresh = Case.objects.get(pk=case.pk)
    return {
        "cases": Case.objects.count(),
        "version": fresh.version,
        "status": fresh.status,
        "state": fresh.state,
        "tasks": list(
            Task.objects.filter(case=case).order_by("pk").values_list("step", "status", "done_by")
        ),
        "events": Event.objects.filter(case=case).count(),
        "documents": list(
            Document.objects.filter(case=case).order_by("pk").values_list("name", "version")
        ),
    }
