""" "Sesuai jadwal": SOP 1 step 4 (development) is due at closing time of the date the plan
recorded at step 1. Changing the plan re-computes the due and records who changed it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from deadlinekit import WIB, uploads

from alur.cases import services as case_services
from alur.cases.models import Case, Event, Task
from alur.cases.services import Invalid, NotAllowed
from alur.deadlines import services
from alur.deadlines.models import DueChange

STEP_1 = ("Rencana Pengembangan Aplikasi",)
STEP_2 = ("Master Plan Smart City", "Peta Rencana SPBE", "Dokumen Clearance")
STEP_3 = (
    "SK Siklus Hidup Pengembangan Perangkat Lunak di Lingkungan Pemerintah Kota Batam",
    "Standarisasi Server, Teknologi, Pengujian dan lainnya",
    "Kebutuhan dokumentasi yang diperlukan (User Manual, Dokumentasi Pengembangan, dan "
    "Dokumentasi Instalasi)",
)
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WIB)
PLANNED = dt.datetime(2026, 6, 30, 16, 0, tzinfo=WIB)  # closing time of the planned date


def _development(demo: SimpleNamespace) -> tuple[Case, Task]:
    case = case_services.case_open(
        office=demo.batam,
        sop_code="pengembangan-aplikasi-opd",
        requester=demo.people["opd.disdukcapil"],
        title="Aplikasi antrean",
        data={"jadwal_selesai_pengembangan": "2026-06-30"},
        uploads=uploads(STEP_1),
        at=START,
    )
    case_services.task_act(
        case=case,
        step=2,
        actor=demo.people["tatakelola.batam"],
        uploads=uploads(STEP_2),
        at=START + dt.timedelta(hours=1),
    )
    case_services.task_act(
        case=case,
        step=3,
        actor=demo.people["subkoor.pa"],
        uploads=uploads(STEP_3),
        at=START + dt.timedelta(hours=2),
    )
    return case, Task.objects.get(case=case, step=4)


def test_the_planner_moves_the_plan_and_the_record_says_who(demo: SimpleNamespace) -> None:
    case, task = _development(demo)
    assert task.due_at == PLANNED
    at = dt.datetime(2026, 5, 4, 10, 0, tzinfo=WIB)

    change = services.schedule_change(
        task=task,
        actor=demo.people["opd.disdukcapil"],
        day=dt.date(2026, 7, 15),
        reason="Ruang lingkup bertambah: modul pelaporan",
        at=at,
    )

    moved = dt.datetime(2026, 7, 15, 16, 0, tzinfo=WIB)
    assert (change.kind, change.previous_due, change.due_at) == (
        DueChange.Kind.SCHEDULE,
        PLANNED,
        moved,
    )
    assert Task.objects.get(pk=task.pk).due_at == PLANNED
    assert Task.objects.get(pk=task.pk).due == moved
    event = Event.objects.filter(case=case).order_by("-seq").first()
    assert event is not None
    assert (event.kind, event.actor, event.step, event.note, event.data) == (
        "deadlines.schedule.changed",
        demo.people["opd.disdukcapil"],
        4,
        "Ruang lingkup bertambah: modul pelaporan",
        {
            "field": "jadwal_selesai_pengembangan",
            "date": "2026-07-15",
            "from": "2026-06-30T09:00:00+00:00",
            "to": "2026-07-15T09:00:00+00:00",
            "target": "2026-06-30T09:00:00+00:00",
        },
    )


def test_the_head_of_the_developers_may_move_the_plan_too(demo: SimpleNamespace) -> None:
    _case, task = _development(demo)

    change = services.schedule_change(
        task=task,
        actor=demo.people["subkoor.pa"],
        day=dt.date(2026, 7, 1),
        reason="Server pengujian baru tersedia Juli",
        at=START,
    )

    assert change.changed_by == demo.people["subkoor.pa"]


def test_the_developers_themselves_may_not_move_their_own_plan(demo: SimpleNamespace) -> None:
    _case, task = _development(demo)

    with pytest.raises(NotAllowed) as raised:
        services.schedule_change(
            task=task,
            actor=demo.people["dev.batam"],
            day=dt.date(2026, 9, 1),
            reason="Butuh waktu",
            at=START,
        )

    assert str(raised.value) == (
        "Jadwal langkah 4 hanya dapat diubah oleh penyusun rencana atau atasan pelaksananya."
    )
    assert DueChange.objects.count() == 0


def test_a_step_with_a_fixed_time_has_no_plan_to_move(demo: SimpleNamespace) -> None:
    case, _task = _development(demo)
    case_services.task_act(
        case=case,
        step=4,
        actor=demo.people["dev.batam"],
        uploads=uploads(
            (
                "Source Code",
                "User Manual",
                "Dokumentasi Pengembangan",
                "Dokumentasi Instalasi",
                "Bukti Pengujian",
                "Laporan hasil pengujian keamanan",
            )
        ),
        at=START + dt.timedelta(hours=3),
    )
    step_5 = Task.objects.get(case=case, step=5)

    with pytest.raises(Invalid) as raised:
        services.schedule_change(
            task=step_5,
            actor=demo.people["subkoor.pa"],
            day=dt.date(2026, 9, 1),
            reason="Pindah",
            at=START,
        )

    assert str(raised.value) == "Langkah 5 tidak 'Sesuai jadwal'; jadwalnya tidak dapat diubah."


def test_the_planner_moves_the_plan_from_the_case_page(demo: SimpleNamespace) -> None:
    from django.test import Client
    from django.urls import reverse

    case, task = _development(demo)
    client = Client()
    client.force_login(demo.people["opd.disdukcapil"])
    url = reverse("due_extend", args=[case.pk, task.pk])

    assert f'href="{url}"' in client.get(reverse("case_detail", args=[case.pk])).content.decode()
    form = client.get(url).content.decode()
    assert "Tanggal jadwal baru" in form
    assert 'name="time"' not in form
    response = client.post(url, {"date": "2026-07-31", "reason": "Anggaran perubahan"})

    assert response.status_code == 302
    assert Task.objects.get(pk=task.pk).due == dt.datetime(2026, 7, 31, 16, 0, tzinfo=WIB)
    developer = Client()
    developer.force_login(demo.people["dev.batam"])
    page = developer.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f'href="{url}"' not in page
