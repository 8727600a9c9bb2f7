"""A version's moves: draf → disahkan → berlaku (from a date) → dicabut, each one logged, and
the version new cases start on as of a moment."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from alur.catalog.authoring import sop_draft_new, sop_draft_save
from alur.catalog.lifecycle import (
    MoveRefused,
    NotReady,
    readiness,
    sop_version_approve,
    sop_version_bring_into_force,
    sop_version_withdraw,
)
from alur.catalog.models import Sop, SopVersion
from alur.catalog.services import published_version
from alur.offices.models import Role, SettingChange
from tests.catalog.conftest import SOP5_TEXT

WITA = ZoneInfo("Asia/Makassar")
AT = dt.datetime(2026, 11, 2, 9, 0, tzinfo=WITA)
TODAY = dt.date(2026, 11, 2)


def _draft(demo: SimpleNamespace, sop5: Sop, text: str = SOP5_TEXT + "\n# revisi\n") -> SopVersion:
    admin = demo.people["admin.sumbawa"]
    draft = sop_draft_new(source=sop5.versions.get(number=1), actor=admin)
    return sop_draft_save(version=draft, text=text, revision=draft.revision, actor=admin)


def _statuses(sop: Sop) -> list[tuple[int, str]]:
    return list(sop.versions.order_by("number").values_list("number", "status"))


def test_a_draft_is_approved_then_brought_into_force_and_each_move_is_logged(
    demo: SimpleNamespace, sop5: Sop
) -> None:
    admin = demo.people["admin.sumbawa"]
    draft = _draft(demo, sop5)

    approved = sop_version_approve(version=draft, actor=admin, on=TODAY)
    in_force = sop_version_bring_into_force(version=approved, actor=admin, start=TODAY, at=AT)

    assert (approved.approved_by, approved.approved_on) == (admin, TODAY)
    assert (in_force.status, in_force.in_force_from) == ("berlaku", TODAY)
    assert _statuses(sop5) == [(1, "berlaku"), (2, "berlaku")]
    assert published_version(demo.sumbawa, sop5.code, AT) == in_force
    actions = list(
        SettingChange.objects.filter(office=demo.sumbawa, actor=admin)
        .order_by("pk")
        .values_list("subject", "action", "after")
    )
    assert [(subject, action) for subject, action, _after in actions] == [
        ("SOP permohonan-pembuatan-aplikasi v2", "sop.version.created"),
        ("SOP permohonan-pembuatan-aplikasi v2", "sop.draft.saved"),
        ("SOP permohonan-pembuatan-aplikasi v2", "sop.version.approved"),
        ("SOP permohonan-pembuatan-aplikasi v1", "sop.version.superseded"),
        ("SOP permohonan-pembuatan-aplikasi v2", "sop.version.in_force"),
    ]
    assert actions[3][2] == {"in_force_until": "2026-11-02"}


@pytest.mark.parametrize("move", ["berlakukan", "sahkan lagi"])
def test_moves_out_of_order_are_refused_and_change_nothing(
    demo: SimpleNamespace, sop5: Sop, move: str
) -> None:
    admin = demo.people["admin.sumbawa"]
    draft = _draft(demo, sop5)
    if move == "sahkan lagi":
        draft = sop_version_approve(version=draft, actor=admin, on=TODAY)
    logged = SettingChange.objects.count()

    with pytest.raises(MoveRefused):
        if move == "berlakukan":
            sop_version_bring_into_force(version=draft, actor=admin, start=TODAY, at=AT)
        else:
            sop_version_approve(version=draft, actor=admin, on=TODAY)

    assert SettingChange.objects.count() == logged
    assert published_version(demo.sumbawa, sop5.code, AT) == sop5.versions.get(number=1)


def test_a_withdrawn_version_moves_no_more(demo: SimpleNamespace, sop5: Sop) -> None:
    admin = demo.people["admin.sumbawa"]
    draft = _draft(demo, sop5)
    withdrawn = sop_version_withdraw(version=draft, actor=admin, at=AT)

    with pytest.raises(MoveRefused):
        sop_version_approve(version=withdrawn, actor=admin, on=TODAY)
    assert _statuses(sop5) == [(1, "berlaku"), (2, "dicabut")]


def test_a_draft_that_does_not_check_cannot_be_approved(demo: SimpleNamespace, sop5: Sop) -> None:
    draft = _draft(demo, sop5, SOP5_TEXT.replace("waktu: 1 Hari Kerja", "waktu: sebentar", 1))

    with pytest.raises(NotReady) as refused:
        sop_version_approve(version=draft, actor=demo.people["admin.sumbawa"], on=TODAY)

    assert any("sebentar" in line for line in refused.value.details)
    assert SopVersion.objects.get(pk=draft.pk).status == "draf"


def test_a_start_in_the_past_is_refused(demo: SimpleNamespace, sop5: Sop) -> None:
    admin = demo.people["admin.sumbawa"]
    approved = sop_version_approve(version=_draft(demo, sop5), actor=admin, on=TODAY)

    with pytest.raises(MoveRefused):
        sop_version_bring_into_force(
            version=approved, actor=admin, start=TODAY - dt.timedelta(days=1), at=AT
        )


def test_a_version_in_force_from_a_future_date_is_used_only_from_that_date(
    demo: SimpleNamespace, sop5: Sop
) -> None:
    admin = demo.people["admin.sumbawa"]
    first = sop5.versions.get(number=1)
    start = dt.date(2026, 12, 1)
    approved = sop_version_approve(version=_draft(demo, sop5), actor=admin, on=TODAY)
    later = sop_version_bring_into_force(version=approved, actor=admin, start=start, at=AT)

    # Midnight in Sumbawa is 16.00 UTC the day before: the office's own date decides.
    eve = dt.datetime(2026, 11, 30, 23, 59, tzinfo=WITA)
    morning = dt.datetime(2026, 12, 1, 0, 0, tzinfo=WITA)
    assert published_version(demo.sumbawa, sop5.code, AT) == first
    assert published_version(demo.sumbawa, sop5.code, eve) == first
    assert published_version(demo.sumbawa, sop5.code, morning) == later
    assert published_version(demo.sumbawa, sop5.code, morning + dt.timedelta(days=400)) == later


def test_withdrawing_a_scheduled_version_keeps_the_one_in_force(
    demo: SimpleNamespace, sop5: Sop
) -> None:
    admin = demo.people["admin.sumbawa"]
    first = sop5.versions.get(number=1)
    approved = sop_version_approve(version=_draft(demo, sop5), actor=admin, on=TODAY)
    later = sop_version_bring_into_force(
        version=approved, actor=admin, start=dt.date(2026, 12, 1), at=AT
    )

    sop_version_withdraw(version=later, actor=admin, at=AT)

    december = dt.datetime(2026, 12, 15, 9, 0, tzinfo=WITA)
    assert published_version(demo.sumbawa, sop5.code, december) == first
    first.refresh_from_db()
    assert first.in_force_until is None


def test_a_version_that_came_into_force_today_is_replaced_from_today(
    demo: SimpleNamespace, sop5: Sop
) -> None:
    admin = demo.people["admin.sumbawa"]
    v2 = sop_version_approve(version=_draft(demo, sop5), actor=admin, on=TODAY)
    sop_version_bring_into_force(version=v2, actor=admin, start=TODAY, at=AT)
    v3 = sop_version_approve(
        version=_draft(demo, sop5, SOP5_TEXT + "\n# v3\n"), actor=admin, on=TODAY
    )

    sop_version_bring_into_force(version=v3, actor=admin, start=TODAY, at=AT)

    v2.refresh_from_db()
    assert (v2.status, v2.in_force_from, v2.in_force_until) == ("berlaku", TODAY, TODAY)
    assert published_version(demo.sumbawa, sop5.code, AT) == v3


def test_two_versions_cannot_be_scheduled_from_the_same_day_to_come(
    demo: SimpleNamespace, sop5: Sop
) -> None:
    admin = demo.people["admin.sumbawa"]
    start = dt.date(2026, 12, 1)
    v2 = sop_version_approve(version=_draft(demo, sop5), actor=admin, on=TODAY)
    sop_version_bring_into_force(version=v2, actor=admin, start=start, at=AT)
    v3 = sop_version_approve(
        version=_draft(demo, sop5, SOP5_TEXT + "\n# v3\n"), actor=admin, on=TODAY
    )

    with pytest.raises(MoveRefused):
        sop_version_bring_into_force(version=v3, actor=admin, start=start, at=AT)
    assert SopVersion.objects.get(pk=v3.pk).status == "disahkan"


def test_a_second_version_cannot_be_scheduled_before_one_already_scheduled(
    demo: SimpleNamespace, sop5: Sop
) -> None:
    admin = demo.people["admin.sumbawa"]
    v2 = sop_version_approve(version=_draft(demo, sop5), actor=admin, on=TODAY)
    sop_version_bring_into_force(version=v2, actor=admin, start=dt.date(2026, 12, 1), at=AT)
    v3 = sop_version_approve(
        version=_draft(demo, sop5, SOP5_TEXT + "\n# v3\n"), actor=admin, on=TODAY
    )

    with pytest.raises(MoveRefused) as refused:
        sop_version_bring_into_force(version=v3, actor=admin, start=dt.date(2026, 11, 20), at=AT)
    assert "Versi 2 sudah dijadwalkan berlaku sejak 1 Desember 2026" in str(refused.value.message)
    assert SopVersion.objects.get(pk=v3.pk).status == "disahkan"


def test_readiness_names_a_lane_without_a_role_and_a_role_without_an_active_person(
    demo: SimpleNamespace, sop5: Sop
) -> None:
    admin = demo.people["admin.sumbawa"]
    text = SOP5_TEXT.replace(
        "  - id: tim-pengembang\n", "  - id: tim-pengembang\n    peran: tim-yang-tidak-ada\n"
    )
    approved = sop_version_approve(version=_draft(demo, sop5, text), actor=admin, on=TODAY)
    for person in Role.objects.get(office=demo.sumbawa, code="kasi-aplikasi").members.all():
        person.is_active = False
        person.save(update_fields=["is_active"])

    with pytest.raises(NotReady) as refused:
        sop_version_bring_into_force(version=approved, actor=admin, start=TODAY, at=AT)

    assert refused.value.details == [
        "Lajur 'kasi-aplikasi' (Kepala Seksi Aplikasi & E-Government): peran 'Kepala Seksi "
        "Aplikasi dan E-Government' belum punya pegawai aktif.",
        "Lajur 'tim-pengembang' (Tim Pengembang Aplikasi): kantor tidak punya peran berkode "
        "'tim-yang-tidak-ada'; pilih perannya di Peran lajur.",
    ]
    assert readiness(approved) == refused.value.details
    assert SopVersion.objects.get(pk=approved.pk).status == "disahkan"
    assert published_version(demo.sumbawa, sop5.code, AT) == sop5.versions.get(number=1)


def test_readiness_names_a_numbered_letter_whose_signer_the_letterhead_lacks(
    demo: SimpleNamespace, sop5: Sop
) -> None:
    from alur.letters.models import Letterhead

    admin = demo.people["admin.sumbawa"]
    approved = sop_version_approve(version=_draft(demo, sop5), actor=admin, on=TODAY)
    assert readiness(approved) == []
    Letterhead.objects.filter(office=demo.sumbawa).update(head_name="  ")

    with pytest.raises(NotReady) as refused:
        sop_version_bring_into_force(version=approved, actor=admin, start=TODAY, at=AT)

    assert refused.value.details == [
        "Langkah 17 menyusun surat bernomor yang ditandatangani Kepala Dinas, tetapi nama Kepala "
        "Dinas belum diisi pada Kop surat kantor (Pengaturan › Kop surat)."
    ]
