"""An SOP's limits on extending a step (``perpanjangan``): granted only by the lane it names,
no more often and no further than it says, with the written notice it requires, kept as a case
document, and the requester told. What goes beyond is refused with the rule and changes
nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from deadlinekit import WITA
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from lxml import html

from alur.cases import services as case_services
from alur.cases.audit import verify_case
from alur.cases.models import Case, Document, Event, Task
from alur.cases.services import Invalid, NotAllowed
from alur.catalog.services import sop_version_create
from alur.deadlines import services
from alur.deadlines.models import DueChange
from alur.notifications.models import Notification
from tests.cases.casekit import pdf_bytes, snapshot_of

pytestmark = pytest.mark.django_db

SOP = Path(__file__).parent / "sops" / "pengaduan-perpanjangan.yaml"
OPENED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)  # Monday
STEP_2_DUE = dt.datetime(2026, 3, 5, 9, 0, tzinfo=WITA)  # 3 working days on: Thursday
LATEST = dt.datetime(2026, 3, 10, 9, 0, tzinfo=WITA)  # 3 more: Friday, Monday, Tuesday
AT = dt.datetime(2026, 3, 4, 14, 0, tzinfo=WITA)
REASON = "Menunggu log server dari OPD pengadu."


@pytest.fixture
def complaint(demo: SimpleNamespace) -> tuple[Case, Task]:
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)
    case = case_services.case_open(
        office=demo.sumbawa,
        sop_code="pengaduan-layanan",
        requester=demo.people["opd.bappeda"],
        title="Aplikasi SIMPEG tidak dapat diakses",
        uploads={"Surat Pengaduan": (io.BytesIO(pdf_bytes("aduan")), "aduan.pdf")},
        at=OPENED,
    )
    return case, Task.objects.get(case=case, step=2)


def _notice() -> tuple[io.BytesIO, str]:
    return io.BytesIO(pdf_bytes("pemberitahuan")), "pemberitahuan.pdf"


def _extend(demo, task, *, who="kadis.sumbawa", due=LATEST, notice=True, at=AT) -> DueChange:
    return services.due_extend(
        task=task,
        actor=demo.people[who],
        due=due,
        reason=REASON,
        notice=_notice() if notice else None,
        at=at,
    )


def test_the_step_is_due_three_working_days_after_it_opened(complaint) -> None:
    _, task = complaint
    assert task.due == STEP_2_DUE


def test_an_extension_within_the_rule_is_granted_with_its_notice_and_the_requester_told(
    demo: SimpleNamespace, complaint
) -> None:
    case, task = complaint

    change = _extend(demo, task)

    assert (change.previous_due, change.due_at, change.changed_by.username) == (
        STEP_2_DUE,
        LATEST,
        "kadis.sumbawa",
    )
    notice = Document.objects.get(case=case, name="Surat Pemberitahuan Perpanjangan Langkah 2")
    assert (notice.version, notice.step, notice.uploaded_by.username) == (1, 2, "kadis.sumbawa")
    with notice.file.open("rb") as stored:
        assert stored.read() == pdf_bytes("pemberitahuan")
    extended = Event.objects.get(case=case, kind="deadlines.due.extended")
    assert extended.data["notice"] == {
        "name": "Surat Pemberitahuan Perpanjangan Langkah 2",
        "version": 1,
    }
    assert Event.objects.filter(case=case, kind="document.added", step=2).count() == 1
    told = Notification.objects.filter(recipient=demo.people["opd.bappeda"], kind="tenggat")
    assert [n.title for n in told] == [
        f"Penyelesaian langkah 2 permohonan {case.number} diperpanjang sampai 10-03-2026 09:00"
    ]
    assert verify_case(Case.objects.get(pk=case.pk)) is None


def test_only_the_lane_the_rule_names_may_grant_it(demo: SimpleNamespace, complaint) -> None:
    case, task = complaint
    before = snapshot_of(case)

    # The Kabid TI acts in the step's lane but the SOP gives the extension to the Kepala Dinas.
    with pytest.raises(NotAllowed) as refused:
        _extend(demo, task, who="kabid.ti")

    assert refused.value.message == (
        "Menurut SOP, tenggat langkah 2 hanya dapat diperpanjang oleh Kepala Dinas."
    )
    assert snapshot_of(case) == before
    assert not DueChange.objects.filter(task=task).exists()


def test_an_extension_without_the_required_notice_is_refused_and_changes_nothing(
    demo: SimpleNamespace, complaint
) -> None:
    case, task = complaint
    before = snapshot_of(case)

    with pytest.raises(Invalid) as refused:
        _extend(demo, task, notice=False)

    assert refused.value.message == (
        "SOP mewajibkan surat pemberitahuan perpanjangan pada langkah 2; lampirkan berkasnya."
    )
    assert snapshot_of(case) == before
    assert not DueChange.objects.filter(task=task).exists()


def test_an_extension_further_than_the_rule_allows_is_refused_naming_the_latest_due(
    demo: SimpleNamespace, complaint
) -> None:
    case, task = complaint
    before = snapshot_of(case)

    with pytest.raises(Invalid) as refused:
        _extend(demo, task, due=LATEST + dt.timedelta(days=1))

    assert refused.value.message == (
        "Menurut SOP, satu perpanjangan paling lama 3 hari kerja: tenggat baru paling lambat "
        "Selasa, 10 Maret 2026 pukul 09.00."
    )
    assert snapshot_of(case) == before


def test_a_second_extension_beyond_the_number_allowed_is_refused(
    demo: SimpleNamespace, complaint
) -> None:
    case, task = complaint
    _extend(demo, task, due=dt.datetime(2026, 3, 6, 9, 0, tzinfo=WITA))
    before = snapshot_of(case)

    with pytest.raises(Invalid) as refused:
        _extend(demo, task, due=dt.datetime(2026, 3, 9, 9, 0, tzinfo=WITA))

    assert refused.value.message == (
        "Tenggat langkah 2 sudah diperpanjang 1 kali; SOP membolehkan paling banyak 1 kali."
    )
    assert snapshot_of(case) == before
    assert Task.objects.get(pk=task.pk).due == dt.datetime(2026, 3, 6, 9, 0, tzinfo=WITA)


def test_a_step_the_sop_allows_no_extension_cannot_be_extended(
    demo: SimpleNamespace, complaint
) -> None:
    case, _ = complaint
    case_services.task_act(
        case=case,
        step=2,
        actor=demo.people["kabid.ti"],
        uploads={"Telaahan Pengaduan": (io.BytesIO(pdf_bytes("telaah")), "telaah.pdf")},
        at=AT,
    )
    step_3 = Task.objects.get(case=case, step=3)

    with pytest.raises(Invalid) as refused:
        _extend(demo, step_3, due=dt.datetime(2026, 3, 9, 9, 0, tzinfo=WITA))

    assert refused.value.message == "Menurut SOP, tenggat langkah 3 tidak dapat diperpanjang."


# --- the due page ---------------------------------------------------------------------------


def _page_client(demo: SimpleNamespace, username: str) -> Client:
    client = Client()
    client.force_login(demo.people[username])
    return client


def test_the_due_page_states_the_rule_asks_for_the_notice_and_refuses_beyond_it(
    demo: SimpleNamespace, complaint, time_machine
) -> None:
    case, task = complaint
    kadis = _page_client(demo, "kadis.sumbawa")
    url = reverse("due_extend", args=[case.pk, task.pk])

    time_machine.move_to(AT, tick=False)
    page = html.fromstring(kadis.get(url).content)
    rule = [li.text_content() for li in page.xpath('//*[@id="aturan-perpanjangan"]//li')]
    assert rule == [
        "Paling banyak 1 kali; sudah 0 kali.",
        "Tiap perpanjangan paling lama 3 hari kerja.",
        "Diberikan oleh Kepala Dinas.",
        "Wajib surat pemberitahuan; pemohon diberi tahu.",
    ]
    assert page.get_element_by_id("ubah-tenggat").get("enctype") == "multipart/form-data"
    assert page.xpath("//input[@type='file'][@name='notice'][@required]")

    without = kadis.post(url, {"days": "1", "reason": REASON})
    assert without.status_code == 422
    assert "Surat pemberitahuan perpanjangan" in without.content.decode()

    beyond = kadis.post(url, {"days": "4", "reason": REASON, "notice": _upload()})
    errors = html.fromstring(beyond.content).xpath('//*[@id="galat"]//li')
    assert (beyond.status_code, [e.text_content() for e in errors]) == (
        422,
        [
            "Menurut SOP, satu perpanjangan paling lama 3 hari kerja: tenggat baru paling "
            "lambat Selasa, 10 Maret 2026 pukul 09.00."
        ],
    )
    assert not DueChange.objects.exists()

    within = kadis.post(url, {"days": "3", "reason": REASON, "notice": _upload()})
    assert (within.status_code, within["Location"]) == (
        302,
        reverse("case_detail", args=[case.pk]),
    )
    assert Task.objects.get(pk=task.pk).due == LATEST
    assert Document.objects.filter(
        case=case, name="Surat Pemberitahuan Perpanjangan Langkah 2"
    ).exists()


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("pemberitahuan.pdf", pdf_bytes("pemberitahuan"), "application/pdf")


def test_the_case_page_offers_the_extension_to_the_granter_until_it_is_used_up(
    demo: SimpleNamespace, complaint, time_machine
) -> None:
    case, task = complaint
    time_machine.move_to(AT, tick=False)
    link = f'href="{reverse("due_extend", args=[case.pk, task.pk])}"'

    def offered(username: str) -> bool:
        page = _page_client(demo, username).get(reverse("case_detail", args=[case.pk]))
        return link in page.content.decode()

    assert (offered("kadis.sumbawa"), offered("kabid.ti")) == (True, False)
    _extend(demo, task)
    assert offered("kadis.sumbawa") is False
