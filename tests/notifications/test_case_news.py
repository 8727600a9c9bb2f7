"""People hear of a case as it moves: the people of a step's lanes when it opens for them, the
requester when a step of their request is done, when it comes back to them and when it ends
(a changed due: tests/deadlines/test_due_extend.py); never the person who acted, nor anyone
of another office, nor someone who chose not to hear of that kind."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from alur.cases.models import Case, Task
from alur.notifications.models import Kind, Mail, Notification
from alur.notifications.services import Choice, preferences_save, quietly
from alur.offices.models import Delegation, Role
from tests.cases.casekit import SOP5_DOCS, WITA, Desk, sop5_at_availability, sop5_opened
from tests.conftest import PDF

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA)
"""A Monday in Sumbawa (WITA)."""


@pytest.fixture
def desk(demo: SimpleNamespace, settings: Any, tmp_path: Any) -> Desk:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Desk(demo.people, START)


def _told(kind: Kind) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(kind=kind)
        .order_by("id")
        .values_list("recipient__username", "title")
    )


def _mailed(kind_title: str) -> list[str]:
    return sorted(Mail.objects.filter(subject__contains=kind_title).values_list("to", flat=True))


def test_a_new_step_reaches_the_people_of_its_lane_and_not_the_one_who_acted(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_opened(desk, demo.sumbawa)

    assert _told(Kind.STEP_OPENED) == [
        ("kadis.sumbawa", f"Langkah 2 permohonan {case.number} menunggu Anda")
    ]
    assert _mailed(f"Langkah 2 permohonan {case.number}") == ["kadis.sumbawa@demo.invalid"]
    # Filing the request did its first step: the requester is told nothing of their own act.
    assert not Notification.objects.filter(recipient=demo.people["opd.bappeda"]).exists()

    desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])

    assert _told(Kind.STEP_OPENED)[1:] == [
        ("kabid.ti", f"Langkah 3 permohonan {case.number} menunggu Anda")
    ]
    # Nobody of another office hears of it.
    batam = [name for name, user in demo.people.items() if user.office_id == demo.batam.pk]
    assert not Notification.objects.filter(recipient__username__in=batam).exists()


def test_a_plh_of_the_lanes_role_hears_of_the_step_while_the_delegation_runs(
    demo: SimpleNamespace, desk: Desk
) -> None:
    role = Role.objects.get(office=demo.sumbawa, code="kabid-ti")
    Delegation.objects.create(
        role=role,
        delegate=demo.people["kasi.aplikasi"],
        starts=dt.date(2026, 3, 2),
        ends=dt.date(2026, 3, 2),
        kind=Delegation.Kind.PLH,
    )
    first = sop5_opened(desk, demo.sumbawa)
    desk.act(first, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])
    desk.now = dt.datetime(2026, 3, 3, 8, 0, tzinfo=WITA)  # the next day: the delegation ended
    second = sop5_opened(desk, demo.sumbawa)
    desk.act(second, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])

    step_3 = [told for told in _told(Kind.STEP_OPENED) if told[1].startswith("Langkah 3 ")]
    assert sorted(step_3) == [
        ("kabid.ti", f"Langkah 3 permohonan {first.number} menunggu Anda"),
        ("kabid.ti", f"Langkah 3 permohonan {second.number} menunggu Anda"),
        ("kasi.aplikasi", f"Langkah 3 permohonan {first.number} menunggu Anda"),
    ]


def test_the_requester_hears_of_each_step_done_but_not_of_their_own(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2], note="Segera ditindaklanjuti")

    [done] = Notification.objects.filter(kind=Kind.STEP_DONE)
    assert (done.recipient.username, done.title, done.url) == (
        "opd.bappeda",
        f"Langkah 2 permohonan {case.number} selesai",
        reverse("case_detail", args=[case.pk]),
    )
    assert done.body.splitlines()[0] == "Aplikasi e-Perencanaan"
    assert done.body.splitlines()[-1] == "Catatan: Segera ditindaklanjuti"
    assert not Notification.objects.filter(
        recipient=demo.people["kadis.sumbawa"], kind=Kind.STEP_DONE
    ).exists()


def test_a_request_sent_back_to_its_requester_is_news_to_them(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_at_availability(desk, demo.sumbawa)
    desk.act(case, 6, "kabid.ti", docs=SOP5_DOCS[6], decision="ya")
    desk.act(case, 8, "kasi.aplikasi")
    for _ in range(2):
        desk.act(case, 9, "dev.sumbawa", docs=SOP5_DOCS[9])
        desk.act(case, 10, "dev.sumbawa", docs=SOP5_DOCS[10], note="Rencana diperbaiki")
        if Task.objects.filter(case=case, step=11).count() == 1:
            desk.act(case, 11, "opd.bappeda", decision="tidak", note="Ulang")

    # The first time step 11 waited for the OPD it was a new step; the second, a return.
    assert _told(Kind.STEP_OPENED)[-1][0] == "dev.sumbawa"
    assert ("opd.bappeda", f"Langkah 11 permohonan {case.number} menunggu Anda") in _told(
        Kind.STEP_OPENED
    )
    [returned] = Notification.objects.filter(kind=Kind.RETURNED)
    assert (returned.recipient.username, returned.title) == (
        "opd.bappeda",
        f"Permohonan {case.number} dikembalikan kepada Anda",
    )
    assert returned.body.splitlines()[-1] == "Catatan petugas: Rencana diperbaiki"


def test_the_requester_hears_how_their_request_ended_and_why(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_at_availability(desk, demo.sumbawa)
    desk.act(case, 6, "kabid.ti", docs=SOP5_DOCS[6], decision="tidak", note="Tidak tersedia")
    case = desk.act(
        case,
        7,
        "kabid.ti",
        docs=(
            "Laporan ketidaktersediaan infrastruktur dan/atau SDM dan/atau anggaran",
            "Surat kepada OPD terkait",
        ),
    )
    assert case.status != Case.Status.RUNNING

    [ended] = Notification.objects.filter(kind=Kind.ENDED)
    status = case.get_status_display()
    assert (ended.recipient.username, ended.title) == (
        "opd.bappeda",
        f"Permohonan {case.number} {status}",
    )
    assert ended.body.splitlines()[0] == f"Permohonan 'Aplikasi e-Perencanaan' berakhir: {status}."
    if case.end_reason:
        assert ended.body.splitlines()[1] == f"Alasan: {case.end_reason}"
    # The step that ended it is told as the end, not as a step done besides.
    steps_done = Notification.objects.filter(kind=Kind.STEP_DONE).values_list("title", flat=True)
    assert f"Langkah 7 permohonan {case.number} selesai" not in steps_done


@pytest.mark.parametrize(("in_app", "email"), [(False, True), (True, False), (False, False)])
def test_a_person_who_chose_otherwise_is_told_their_way(
    demo: SimpleNamespace, desk: Desk, in_app: bool, email: bool
) -> None:
    preferences_save(
        user=demo.people["kadis.sumbawa"], choices={"langkah-baru": Choice(in_app, email)}
    )

    case = sop5_opened(desk, demo.sumbawa)

    title = f"Langkah 2 permohonan {case.number} menunggu Anda"
    assert Notification.objects.filter(title=title).count() == int(in_app)
    assert Mail.objects.filter(subject=f"[Alur] {title}").count() == int(email)


def test_nothing_done_quietly_is_news(demo: SimpleNamespace, desk: Desk) -> None:
    with quietly():
        case = sop5_opened(desk, demo.sumbawa)
        desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])

    assert not Notification.objects.exists()
    assert not Mail.objects.exists()


def test_the_next_persons_bell_shows_the_step_another_person_completed(
    demo: SimpleNamespace, desk: Desk, client_for: Callable[[str], Client]
) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    upload = io.BytesIO(PDF)
    upload.name = "disposisi.pdf"
    # Step 2's inputs: 0 the request letter, 1 its output Disposisi Dinas.
    response = client_for("kadis.sumbawa").post(
        f"/permohonan/{case.pk}/langkah/2/", {"version": case.version, "doc-1": upload}
    )
    assert response.status_code == 302

    bell = client_for("kabid.ti").get(reverse("notification_bell")).content.decode()

    assert '<svg class="bell-icon" aria-hidden="true"' in bell
    assert 'aria-label="Pemberitahuan, 1 belum dibaca"' in bell
    assert 'data-unread="1">1</span>' in bell
    listed = client_for("kabid.ti").get(reverse("notification_list")).content.decode()
    assert f"Langkah 3 permohonan {case.number} menunggu Anda" in listed
