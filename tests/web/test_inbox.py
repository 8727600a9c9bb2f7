import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from alur.offices.models import Delegation, Role

STEP_2_LATE = "2026-08-19T09:00:00+08:00"
"""A moment at which step 2 of ``late_sop5_case`` (due 18 August 2026 10.00 WITA) is late."""


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr data-case="[^"]+" data-step="\d+">', html)


def test_the_kadis_sees_step_2_of_a_request_bappeda_opened(client_for, sop5_case) -> None:
    response = client_for("kadis.sumbawa").get("/tugas/")

    html = response.content.decode()
    assert response.status_code == 200
    assert _rows(html) == [f'<tr data-case="{sop5_case.number}" data-step="2">']
    assert f'href="/permohonan/{sop5_case.pk}/"' in html
    assert "Kepala Dinas mendisposisikan surat ke Kepala Bidang TI." in html
    assert 'data-due-state="tepat">Tepat waktu<' in html


def test_the_kabid_does_not_see_the_kadis_step(client_for, sop5_case) -> None:
    html = client_for("kabid.ti").get("/tugas/").content.decode()

    assert _rows(html) == []
    assert "Tidak ada tugas." in html


def test_a_person_of_another_office_does_not_see_it(client_for, sop5_case) -> None:
    assert _rows(client_for("kadis.batam").get("/tugas/").content.decode()) == []


def test_the_kabid_sees_it_while_standing_in_for_the_kadis(client_for, demo, sop5_case) -> None:
    today = dt.datetime.now(ZoneInfo(demo.sumbawa.zone)).date()
    Delegation.objects.create(
        role=Role.objects.get(office=demo.sumbawa, code="kadis"),
        delegate=demo.people["kabid.ti"],
        kind=Delegation.Kind.PLH,
        starts=today - dt.timedelta(days=1),
        ends=today + dt.timedelta(days=1),
    )

    html = client_for("kabid.ti").get("/tugas/").content.decode()

    assert _rows(html) == [f'<tr data-case="{sop5_case.number}" data-step="2">']


@pytest.mark.not_before(STEP_2_LATE)
def test_a_step_past_its_due_time_is_marked_late(client_for, late_sop5_case) -> None:
    html = client_for("kadis.sumbawa").get("/tugas/").content.decode()

    assert 'data-due-state="terlambat">Terlambat<' in html
    assert "18 Agu 2026 10.00 WITA" in html
    assert "14 Agu 2026 10.00 WITA" in html


@pytest.mark.not_before(STEP_2_LATE)
def test_late_tasks_come_first_though_opened_earlier(client_for, sop5_case, late_sop5_case) -> None:
    html = client_for("kadis.sumbawa").get("/tugas/").content.decode()

    assert _rows(html) == [
        f'<tr data-case="{late_sop5_case.number}" data-step="2">',
        f'<tr data-case="{sop5_case.number}" data-step="2">',
    ]


def test_the_requester_has_no_task_while_the_office_works(client_for, sop5_case) -> None:
    html = client_for("opd.bappeda").get("/tugas/").content.decode()

    assert _rows(html) == []
