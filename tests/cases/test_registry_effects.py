"""Steps that write the office's records when they complete: SOP 2 step 8 the application list,
SOP 1 step 9 the electronic-system registration (Pendataan Sistem Elektronik)."""

from __future__ import annotations

import datetime as dt

import pytest
from casekit import SOP1_DOCS, SOP2_DOCS, WIB, Desk, sop1_at_decision, sop2_opened

from alur.cases import services
from alur.cases.models import Case
from alur.registry.models import Application, ElectronicSystem


def _at_step_8(desk: Desk, office, who: str = "opd.disdukcapil") -> Case:
    case = sop2_opened(desk, office, who)
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])
    desk.act(case, 3, "kabid.pe", decision="ya")
    desk.act(case, 4, "kasi.pa", decision="ya")
    return desk.act(case, 7, "kasi.pa")


def test_documenting_a_hosted_application_adds_it_to_the_list(demo, desk) -> None:
    case = _at_step_8(desk, demo.batam)
    assert Application.objects.count() == 0

    desk.act(
        case,
        8,
        "kasi.pa",
        docs=SOP2_DOCS[8],
        data={"nama_aplikasi": " SIANTRE ", "url": "https://antre.batam.go.id", "server": "vm-07"},
    )

    application = Application.objects.get()
    assert (application.office, application.name, application.url, application.server) == (
        demo.batam,
        "SIANTRE",
        "https://antre.batam.go.id",
        "vm-07",
    )
    assert (application.owner.code, application.case, application.status) == (
        "disdukcapil",
        case,
        "aktif",
    )
    assert application.updated_at == desk.now


def test_a_later_hosting_of_the_same_application_updates_its_entry(demo, desk) -> None:
    first = _at_step_8(desk, demo.batam)
    desk.act(first, 8, "kasi.pa", docs=SOP2_DOCS[8], data={"nama_aplikasi": "SIANTRE"})
    Application.objects.update(status=Application.Status.INACTIVE)
    second = _at_step_8(desk, demo.batam, "opd.dinkes")

    desk.act(
        second,
        8,
        "kasi.pa",
        docs=SOP2_DOCS[8],
        data={"nama_aplikasi": "SIANTRE", "url": "https://antre2.batam.go.id", "server": "vm-09"},
    )

    application = Application.objects.get()
    assert (application.url, application.server, application.case, application.owner.code) == (
        "https://antre2.batam.go.id",
        "vm-09",
        second,
        "dinkes",
    )
    assert application.status == Application.Status.ACTIVE


def test_the_application_step_refuses_without_the_application_name(demo, desk) -> None:
    case = _at_step_8(desk, demo.batam)

    with pytest.raises(services.Invalid) as refused:
        desk.act(case, 8, "kasi.pa", docs=SOP2_DOCS[8], data={"url": "https://x.go.id"})

    assert refused.value.message == "Isian wajib langkah 8 belum diisi: Nama aplikasi."
    assert Application.objects.count() == 0


def _at_step_9(desk: Desk, office) -> Case:
    case = sop1_at_decision(desk, office)
    desk.act(case, 6, "subkoor.pa", decision="tidak")
    return desk.act(case, 8, "sandiman.batam")


def test_registering_an_electronic_system_records_it(demo, desk) -> None:
    case = _at_step_9(desk, demo.batam)

    desk.act(
        case,
        9,
        "subkoor.pa",
        docs=SOP1_DOCS[9],
        data={
            "nama_sistem_elektronik": "SIANTRE Disdukcapil",
            "nomor_tdpse": "TDPSE-2026-0042",
            "tanggal_pendataan": "2026-03-01",
            "url": "https://antre.batam.go.id",
        },
    )

    system = ElectronicSystem.objects.get()
    assert (system.office, system.name, system.registration_number) == (
        demo.batam,
        "SIANTRE Disdukcapil",
        "TDPSE-2026-0042",
    )
    assert (system.registered_on, system.url, system.owner.code, system.case) == (
        dt.date(2026, 3, 1),
        "https://antre.batam.go.id",
        "disdukcapil",
        case,
    )


def test_a_registration_without_a_date_is_dated_the_offices_day_of_the_step(demo, desk) -> None:
    case = _at_step_9(desk, demo.batam)

    services.task_act(
        case=case,
        step=9,
        actor=demo.people["subkoor.pa"],
        data={"nama_sistem_elektronik": "SIANTRE"},
        uploads=desk.uploads(SOP1_DOCS[9]),
        at=dt.datetime(2026, 3, 9, 23, 30, tzinfo=dt.UTC),  # 06.30 WIB on 10 March
    )

    system = ElectronicSystem.objects.get()
    assert (system.registered_on, system.registration_number, system.url) == (
        dt.date(2026, 3, 10),
        "",
        "",
    )
    assert system.updated_at == dt.datetime(2026, 3, 10, 6, 30, tzinfo=WIB)
