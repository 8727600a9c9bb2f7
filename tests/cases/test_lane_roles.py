"""The office chooses which of its roles acts in a lane of an SOP: the choice decides who may act,
whose inbox shows the step (running cases included), who the readiness check looks for, and
it is logged. The page is the office administrator's alone."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from casekit import SOP5_DOCS, WIB, Desk, sop5_opened
from django.test import Client

from alur.cases import permissions
from alur.cases.models import OpenLane
from alur.cases.selectors import inbox
from alur.cases.services import NotAllowed
from alur.catalog.lanes import lane_roles_save, lane_rows
from alur.catalog.lifecycle import readiness, sop_version_approve
from alur.catalog.models import LaneRole, Sop
from alur.catalog.services import definition_of, sop_version_create
from alur.offices.models import Role, SettingChange
from tests.catalog.conftest import SOP5_TEXT

pytestmark = pytest.mark.django_db

LATER = dt.datetime(2026, 3, 2, 13, 0, tzinfo=WIB)


@pytest.fixture
def sop5(demo: SimpleNamespace) -> Sop:
    return Sop.objects.get(office=demo.sumbawa, code="permohonan-pembuatan-aplikasi")


def _role(demo: SimpleNamespace, code: str) -> Role:
    return Role.objects.get(office=demo.sumbawa, code=code)


def _inbox_cases(demo: SimpleNamespace, username: str) -> list[tuple[int, int]]:
    rows = inbox(demo.people[username], now=LATER).object_list
    return [(row.task.case_id, row.task.step) for row in rows]


def test_a_lane_given_to_another_role_moves_its_open_step_to_that_roles_people(
    demo: SimpleNamespace, desk: Desk, sop5: Sop
) -> None:
    case = sop5_opened(desk, demo.sumbawa)  # step 2 waits in the Kadis's lane
    admin = demo.people["admin.sumbawa"]
    assert _inbox_cases(demo, "kadis.sumbawa") == [(case.pk, 2)]

    moved = lane_roles_save(sop=sop5, chosen={"kadis": _role(demo, "kabid-ti")}, actor=admin)

    assert moved == 1
    assert list(OpenLane.objects.filter(task__case=case).values_list("lane", "role")) == [
        ("kadis", "kabid-ti")
    ]
    assert _inbox_cases(demo, "kadis.sumbawa") == []
    assert _inbox_cases(demo, "kabid.ti") == [(case.pk, 2)]
    definition = definition_of(case.sop_version)
    today = LATER.date()
    kadis, kabid = demo.people["kadis.sumbawa"], demo.people["kabid.ti"]
    assert "kadis" not in permissions.lanes_of(kadis, case, definition, today)
    assert "kadis" in permissions.lanes_of(kabid, case, definition, today)
    with pytest.raises(NotAllowed):
        desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])
    desk.act(case, 2, "kabid.ti", docs=SOP5_DOCS[2])
    # The next step is the Kabid's own lane, which the definition names; nothing changed there.
    assert _inbox_cases(demo, "kabid.ti") == [(case.pk, 3)]
    change = SettingChange.objects.get(office=demo.sumbawa, subject__endswith="peran lajur")
    assert (change.actor, change.before, change.after) == (
        admin,
        {"peran lajur": {}},
        {"peran lajur": {"kadis": "kabid-ti"}},
    )


def test_going_back_to_the_definitions_role_hands_the_step_back(
    demo: SimpleNamespace, desk: Desk, sop5: Sop
) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    admin = demo.people["admin.sumbawa"]
    lane_roles_save(sop=sop5, chosen={"kadis": _role(demo, "kabid-ti")}, actor=admin)

    moved = lane_roles_save(sop=sop5, chosen={"kadis": None}, actor=admin)

    assert moved == 1
    assert not LaneRole.objects.filter(sop=sop5).exists()
    assert _inbox_cases(demo, "kadis.sumbawa") == [(case.pk, 2)]
    assert _inbox_cases(demo, "kabid.ti") == []
    # Saving the same choices again changes nothing and logs nothing.
    logged = SettingChange.objects.count()
    assert lane_roles_save(sop=sop5, chosen={"kadis": None}, actor=admin) == 0
    assert SettingChange.objects.count() == logged


def test_a_role_of_another_office_or_an_unknown_lane_is_refused(
    demo: SimpleNamespace, sop5: Sop
) -> None:
    admin = demo.people["admin.sumbawa"]
    batam_role = Role.objects.filter(office=demo.batam).first()
    assert batam_role is not None

    with pytest.raises(Exception, match="bukan peran kantor ini"):
        lane_roles_save(sop=sop5, chosen={"kadis": batam_role}, actor=admin)
    with pytest.raises(Exception, match="tidak punya lajur 'bendahara'"):
        lane_roles_save(sop=sop5, chosen={"bendahara": _role(demo, "kadis")}, actor=admin)
    assert not LaneRole.objects.exists()


def test_a_copied_sop_whose_roles_the_office_lacks_becomes_ready_once_its_lanes_are_mapped(
    demo: SimpleNamespace,
) -> None:
    admin = demo.people["admin.sumbawa"]
    text = SOP5_TEXT.replace(
        "kode: permohonan-pembuatan-aplikasi", "kode: aplikasi-salinan"
    ).replace("  - id: tim-pengembang\n", "  - id: tim-pengembang\n    peran: tim-teknis-batam\n")
    version = sop_version_create(office=demo.sumbawa, text=text, filename="salinan.yaml")
    version = sop_version_approve(version=version, actor=admin, on=dt.date(2026, 11, 2))
    assert readiness(version) == [
        "Lajur 'tim-pengembang' (Tim Pengembang Aplikasi): kantor tidak punya peran berkode "
        "'tim-teknis-batam'; pilih perannya di Peran lajur."
    ]

    lane_roles_save(
        sop=version.sop, chosen={"tim-pengembang": _role(demo, "tim-pengembang")}, actor=admin
    )

    assert readiness(version) == []
    rows = {row.id: row for row in lane_rows(version.sop)}
    assert (rows["tim-pengembang"].written, rows["tim-pengembang"].acting) == (
        "tim-teknis-batam",
        _role(demo, "tim-pengembang"),
    )
    assert rows["tim-pengembang"].people == 1
    assert "opd" not in rows  # a requester lane is acted on by the requesting OPD, not a role


def test_the_page_shows_each_lane_and_saves_the_choice(
    demo: SimpleNamespace, desk: Desk, sop5: Sop
) -> None:
    sop5_opened(desk, demo.sumbawa)
    client = Client()
    client.force_login(demo.people["admin.sumbawa"])
    url = f"/pengaturan/sop/{sop5.pk}/lajur/"

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for lane in ("kadis", "kabid-ti", "kasi-aplikasi", "tim-pengembang"):
        assert f'data-lajur="{lane}"' in html
    assert 'data-lajur="opd"' not in html

    saved = client.post(url, {"kadis": str(_role(demo, "kabid-ti").pk)}, follow=True)
    assert saved.status_code == 200
    assert "1 langkah terbuka dari permohonan yang berjalan" in saved.content.decode()
    assert LaneRole.objects.get(sop=sop5, lane="kadis").role.code == "kabid-ti"

    batam_role = Role.objects.filter(office=demo.batam).first()
    assert batam_role is not None
    refused = client.post(url, {"kadis": str(batam_role.pk)})
    assert refused.status_code == 422
    assert LaneRole.objects.get(sop=sop5, lane="kadis").role.code == "kabid-ti"


@pytest.mark.parametrize(
    ("username", "status"), [("kadis.sumbawa", 403), ("admin.batam", 404), ("opd.bappeda", 403)]
)
def test_only_the_sops_office_administrator_reaches_the_page(
    demo: SimpleNamespace, sop5: Sop, username: str, status: int
) -> None:
    client = Client()
    client.force_login(demo.people[username])
    url = f"/pengaturan/sop/{sop5.pk}/lajur/"
    assert client.get(url).status_code == status
    assert client.post(url, {"kadis": str(_role(demo, "kabid-ti").pk)}).status_code == status
    assert not LaneRole.objects.exists()


def test_a_renamed_role_keeps_its_lanes_and_its_open_steps(
    demo: SimpleNamespace, desk: Desk, sop5: Sop
) -> None:
    from alur.offices.structure import role_save

    case = sop5_opened(desk, demo.sumbawa)
    kadis = _role(demo, "kadis")

    role_save(
        office=demo.sumbawa,
        actor=demo.people["admin.sumbawa"],
        role=kadis,
        code="kepala-dinas",
        name=kadis.name,
        head=kadis.head,
    )

    assert LaneRole.objects.get(sop=sop5, lane="kadis").role == kadis
    assert _inbox_cases(demo, "kadis.sumbawa") == [(case.pk, 2)]
    assert readiness(sop5.versions.get(number=1)) == []
    desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])
