"""The whole service's deadline (``batas_waktu``): set at receipt from the SOP, recorded with the
opening, shown on the case and in the inbox with its due state, and extended only within the
SOP's own ``perpanjangan`` (by whom, how often, how far, with a notice the requester hears of)."""

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
from alur.cases.models import Case, Document, Event
from alur.cases.services import Invalid, NotAllowed
from alur.catalog.services import sop_version_create
from alur.deadlines import services
from alur.deadlines.models import ServiceExtension
from alur.notifications.models import Notification
from tests.cases.casekit import pdf_bytes, snapshot_of

pytestmark = pytest.mark.django_db

SOP = Path(__file__).parent / "sops" / "pengaduan-perpanjangan.yaml"
OPENED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)  # Monday
SERVICE_DUE = dt.datetime(2026, 3, 9, 9, 0, tzinfo=WITA)  # 5 working days on: next Monday
LATEST = dt.datetime(2026, 3, 16, 9, 0, tzinfo=WITA)  # 5 more working days
AT = dt.datetime(2026, 3, 5, 14, 0, tzinfo=WITA)
REASON = "Pemeriksaan log server memerlukan bantuan penyedia jaringan."


@pytest.fixture
def complaint(demo: SimpleNamespace) -> Case:
    sop_version_create(office=demo.sumbawa, text=SOP.read_text(encoding="utf-8"), publish=True)
    return case_services.case_open(
        office=demo.sumbawa,
        sop_code="pengaduan-layanan",
        requester=demo.people["opd.bappeda"],
        title="Aplikasi SIMPEG tidak dapat diakses",
        uploads={"Surat Pengaduan": (io.BytesIO(pdf_bytes("aduan")), "aduan.pdf")},
        at=OPENED,
    )


def _notice() -> tuple[io.BytesIO, str]:
    return io.BytesIO(pdf_bytes("pemberitahuan layanan")), "pemberitahuan.pdf"


def _extend(demo, case, *, who="kadis.sumbawa", due=LATEST, notice=True) -> ServiceExtension:
    return services.service_extend(
        case=case,
        actor=demo.people[who],
        due=due,
        reason=REASON,
        notice=_notice() if notice else None,
        at=AT,
    )


def test_the_service_deadline_is_set_at_receipt_and_recorded_with_the_opening(complaint) -> None:
    case = Case.objects.get(pk=complaint.pk)
    assert (case.service_due_at, case.service_due) == (SERVICE_DUE, SERVICE_DUE)
    opened = Event.objects.get(case=case, kind="case.opened")
    assert opened.data["service_due"] == "2026-03-09T01:00:00+00:00"


def test_a_case_of_an_sop_without_a_service_deadline_has_none(demo, hosting_at_step_3) -> None:
    case, _ = hosting_at_step_3(dt.datetime(2026, 8, 14, 10, 0, tzinfo=WITA))
    row = Case.objects.get(pk=case.pk)
    assert row.service_due is None
    assert "service_due" not in Event.objects.get(case=case, kind="case.opened").data


def test_an_extension_within_the_rule_moves_the_deadline_keeps_the_notice_and_tells_the_requester(
    demo: SimpleNamespace, complaint
) -> None:
    change = _extend(demo, complaint)

    case = Case.objects.get(pk=complaint.pk)
    assert (case.service_due_at, case.service_due) == (SERVICE_DUE, LATEST)
    assert (change.previous_due, change.due_at, change.changed_by.username) == (
        SERVICE_DUE,
        LATEST,
        "kadis.sumbawa",
    )
    event = Event.objects.get(case=case, kind="deadlines.service.extended")
    assert (event.actor, event.note, event.data) == (
        demo.people["kadis.sumbawa"],
        REASON,
        {
            "from": "2026-03-09T01:00:00+00:00",
            "to": "2026-03-16T01:00:00+00:00",
            "target": "2026-03-09T01:00:00+00:00",
            "notice": {"name": "Surat Pemberitahuan Perpanjangan Layanan", "version": 1},
        },
    )
    notice = Document.objects.get(case=case, name="Surat Pemberitahuan Perpanjangan Layanan")
    assert (notice.version, notice.step) == (1, None)
    told = Notification.objects.filter(recipient=demo.people["opd.bappeda"], kind="tenggat")
    assert [n.title for n in told] == [
        f"Batas waktu layanan permohonan {case.number} diperpanjang sampai 16-03-2026 09:00"
    ]
    assert verify_case(case) is None


@pytest.mark.parametrize(
    ("who", "error", "message"),
    [
        (
            "kabid.ti",
            NotAllowed,
            "Menurut SOP, batas waktu layanan hanya dapat diperpanjang oleh Kepala Dinas.",
        ),
        ("opd.bappeda", NotAllowed, None),
    ],
)
def test_only_the_lane_the_rule_names_may_extend_the_service(
    demo: SimpleNamespace, complaint, who, error, message
) -> None:
    before = snapshot_of(complaint)
    with pytest.raises(error) as refused:
        _extend(demo, complaint, who=who)
    if message:
        assert refused.value.message == message
    assert snapshot_of(complaint) == before
    assert Case.objects.get(pk=complaint.pk).service_due == SERVICE_DUE


def test_what_goes_beyond_the_rule_is_refused_and_changes_nothing(
    demo: SimpleNamespace, complaint
) -> None:
    before = snapshot_of(complaint)
    with pytest.raises(Invalid) as too_far:
        _extend(demo, complaint, due=LATEST + dt.timedelta(days=1))
    assert too_far.value.message == (
        "Menurut SOP, satu perpanjangan paling lama 5 hari kerja: tenggat baru paling lambat "
        "Senin, 16 Maret 2026 pukul 09.00."
    )
    with pytest.raises(Invalid) as unannounced:
        _extend(demo, complaint, notice=False)
    assert unannounced.value.message == (
        "SOP mewajibkan surat pemberitahuan perpanjangan layanan; lampirkan berkasnya."
    )
    assert snapshot_of(complaint) == before
    assert not ServiceExtension.objects.exists()

    _extend(demo, complaint)
    with pytest.raises(Invalid) as again:
        _extend(demo, complaint, due=LATEST + dt.timedelta(days=1))
    assert again.value.message == (
        "Batas waktu layanan sudah diperpanjang 1 kali; SOP membolehkan paling banyak 1 kali."
    )


def _client(demo: SimpleNamespace, username: str) -> Client:
    client = Client()
    client.force_login(demo.people[username])
    return client


def test_the_case_page_and_the_inbox_show_the_service_deadline_and_its_state(
    demo: SimpleNamespace, complaint, time_machine
) -> None:
    time_machine.move_to(dt.datetime(2026, 3, 9, 10, 0, tzinfo=WITA), tick=False)  # past it
    kabid = _client(demo, "kabid.ti")

    page = html.fromstring(kabid.get(reverse("case_detail", args=[complaint.pk])).content)
    [service] = page.xpath('//*[@id="batas-waktu-layanan"]')
    assert service.text_content().startswith("9 Maret 2026 09.00 WITA")
    assert service.xpath(".//*[@data-due-state]")[0].get("data-due-state") == "terlambat"
    assert not page.xpath('//*[@id="perpanjang-layanan"]')  # the Kabid may not extend it

    inbox = html.fromstring(kabid.get(reverse("inbox")).content)
    [row] = inbox.xpath(f'//tr[@data-case="{complaint.number}"]')
    assert row.xpath(".//*[@data-service-due]")[0].get("data-service-due") == "terlambat"

    kadis = html.fromstring(
        _client(demo, "kadis.sumbawa").get(reverse("case_detail", args=[complaint.pk])).content
    )
    assert kadis.xpath('//a[@id="perpanjang-layanan"]/@href') == [
        reverse("service_extend", args=[complaint.pk])
    ]


def test_the_service_extension_page_refuses_beyond_the_rule_and_grants_within_it(
    demo: SimpleNamespace, complaint, time_machine
) -> None:
    time_machine.move_to(AT, tick=False)
    kadis = _client(demo, "kadis.sumbawa")
    url = reverse("service_extend", args=[complaint.pk])
    page = html.fromstring(kadis.get(url).content)
    assert [li.text_content() for li in page.xpath('//*[@id="aturan-perpanjangan"]//li')] == [
        "Paling banyak 1 kali; sudah 0 kali.",
        "Tiap perpanjangan paling lama 5 hari kerja.",
        "Diberikan oleh Kepala Dinas.",
        "Wajib surat pemberitahuan; pemohon diberi tahu.",
    ]

    beyond = kadis.post(url, {"days": "6", "reason": REASON, "notice": _upload()})
    assert beyond.status_code == 422
    assert [
        li.text_content() for li in html.fromstring(beyond.content).xpath('//*[@id="galat"]//li')
    ] == [
        "Menurut SOP, satu perpanjangan paling lama 5 hari kerja: tenggat baru paling lambat "
        "Senin, 16 Maret 2026 pukul 09.00."
    ]
    within = kadis.post(url, {"days": "5", "reason": REASON, "notice": _upload()})
    assert (within.status_code, within["Location"]) == (
        302,
        reverse("case_detail", args=[complaint.pk]),
    )
    assert Case.objects.get(pk=complaint.pk).service_due == LATEST
    # The one extension allowed is used: the case page offers no more.
    case_page = html.fromstring(kadis.get(reverse("case_detail", args=[complaint.pk])).content)
    assert not case_page.xpath('//*[@id="perpanjang-layanan"]')
    assert "semula" in case_page.get_element_by_id("batas-waktu-layanan").text_content()


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile("pemberitahuan.pdf", pdf_bytes("pemberitahuan"), "application/pdf")
