"""Requests of the public: filed with no account, reached again by the tracking number and an
e-mailed code, the requester's own returned step done from the status page; who else may act
in the requester's lane; the rate limits."""

from __future__ import annotations

import datetime as dt
import io
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail as django_mail

from alur.cases import services as case_services
from alur.cases.models import Case, Event, RequesterKind
from alur.catalog.services import sop_version_create
from alur.common.errors import Invalid, NotAllowed, TooMany
from alur.deadlines.alerts import deadlines_scan
from alur.notifications.models import Mail, Notification
from alur.offices.models import Unit, User
from alur.public import services
from alur.public.models import AccessCode, PublicRequest
from tests.public.conftest import AT, SOP, WITA

pytestmark = pytest.mark.django_db

FORM = {"permohonan": {"lokasi": "Desa Labuhan Badas", "tanggal-bangun": "2026-04-01"}}
CITIZEN = services.Applicant(
    kind="warga",
    name="Siti Rahmawati",
    id_number="5204014506900001",
    email="siti@example.org",
    phone="0812 3456 7890",
)


def _letter(name: str = "Surat Permohonan") -> dict[str, tuple[io.BytesIO, str]]:
    return {name: (io.BytesIO(b"%PDF-1.4\n% " + name.encode() + b"\n%%EOF\n"), "surat.pdf")}


def _file(demo: SimpleNamespace, applicant: services.Applicant = CITIZEN, **kwargs: Any):
    arguments: dict[str, Any] = {
        "office": demo.sumbawa,
        "sop_code": "rekomendasi-publik",
        "applicant": applicant,
        "title": "Rekomendasi menara",
        "data": FORM,
        "uploads": _letter(),
        "client": services.client_digest("203.0.113.7"),
        "at": AT,
    }
    arguments.update(kwargs)
    return services.request_file(**arguments)


def _code_from_outbox(tracking: str) -> str:
    body = Mail.objects.filter(subject__contains=tracking).latest("pk").body
    return re.search(r"Kode akses Anda: (\d{6})", body).group(1)  # type: ignore[union-attr]


def test_a_citizen_files_with_no_account_and_gets_a_tracking_number(demo, version) -> None:
    filed = _file(demo)

    case = filed.case
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}", filed.tracking)
    assert case.requester_kind == RequesterKind.PUBLIC
    assert case.requester_unit.kind == Unit.Kind.PUBLIC
    assert case.requester_unit.name == "Masyarakat"
    person = case.requester
    assert (person.office_id, person.unit_id, person.is_active) == (None, None, False)
    assert not person.has_usable_password()
    assert person.get_full_name() == "Siti Rahmawati"
    # The first step is done by the requester: the case waits on the Kepala Bidang.
    assert [t.step for t in case.tasks.filter(status="terbuka")] == [2]
    opened = Event.objects.get(case=case, kind="case.opened")
    assert opened.actor == person and opened.data["requester_kind"] == "publik"
    # The requester hears of it by e-mail, with the number and the status page's address.
    received = Mail.objects.get(to="siti@example.org")
    assert filed.tracking in received.body and f"/lacak/{filed.tracking}/" in received.body


def test_a_citizens_request_is_news_to_the_officers_of_its_next_step(demo, version) -> None:
    filed = _file(demo)

    told = Notification.objects.values_list("kind", "recipient__username", "title")
    assert list(told) == [
        ("langkah-baru", "kabid.ti", f"Langkah 2 permohonan {filed.case.number} menunggu Anda")
    ]
    # The citizen has no account to be notified in: the filing mail is all they get.
    assert list(Mail.objects.filter(to="siti@example.org").values_list("to", flat=True)) == [
        "siti@example.org"
    ]


def test_bad_identity_is_refused_naming_each_field_and_nothing_is_written(demo, version) -> None:
    wrong = services.Applicant(kind="warga", name=" ", id_number="12345", email="siti@")

    with pytest.raises(Invalid) as refused:
        _file(demo, wrong)

    assert refused.value.details == [
        "Nama wajib diisi.",
        "NIK harus 16 angka; yang diisi: '12345'.",
        "E-mail 'siti@' bukan alamat e-mail; kode untuk melacak dikirim ke sana.",
    ]
    assert not Case.objects.filter(sop_version=version).exists()
    assert not User.objects.filter(username__startswith="publik-").exists()


def test_a_name_with_an_invisible_character_or_a_long_phone_is_refused(demo, version) -> None:
    wrong = services.Applicant(
        kind="warga",
        name="Siti\u200f Rahmawati",
        id_number="5204014506900001",
        email="siti@example.org",
        phone="0" * 31,
    )

    with pytest.raises(Invalid) as refused:
        _file(demo, wrong)
    with pytest.raises(Invalid) as title:
        _file(demo, title="Rekomendasi \u202emenara")

    assert refused.value.details == [
        "Nama memuat karakter tak terlihat (U+200F) pada posisi 5; hapus lalu ulangi.",
        "Telepon paling panjang 30 karakter; yang dikirim 31 karakter.",
    ]
    assert title.value.message == (
        "Perihal memuat karakter tak terlihat (U+202E) pada posisi 13; hapus lalu ulangi."
    )
    assert not Case.objects.filter(sop_version=version).exists()
    assert not User.objects.filter(username__startswith="publik-").exists()


def test_a_business_files_with_its_nib(demo, version) -> None:
    business = services.Applicant(
        kind="badan_usaha", name="PT Menara Samawa", id_number="9120001234567", email="a@b.id"
    )
    assert _file(demo, business).kind == PublicRequest.Kind.BUSINESS
    with pytest.raises(Invalid) as refused:
        _file(demo, services.Applicant("badan_usaha", "PT X", "5204014506900001", "a@b.id"))
    assert refused.value.details == ["NIB harus 13 angka; yang diisi: '5204014506900001'."]


def test_a_refused_first_step_keeps_no_person_and_no_case(demo, version) -> None:
    with pytest.raises(Invalid):
        _file(demo, uploads={})  # the Surat Permohonan is missing

    assert not Case.objects.filter(sop_version=version).exists()
    assert not User.objects.filter(username__startswith="publik-").exists()
    assert not PublicRequest.objects.exists()


def test_an_sop_that_does_not_take_the_public_refuses(demo) -> None:
    text = SOP.read_text(encoding="utf-8").replace("jenis_pemohon: [publik, opd]", "")
    sop_version_create(office=demo.sumbawa, text=text, publish=True)

    with pytest.raises(NotAllowed) as refused:
        _file(demo)

    assert refused.value.message == "SOP ini tidak menerima permohonan dari masyarakat."


def test_the_code_opens_the_request_once_and_a_wrong_one_does_not(demo, version) -> None:
    filed = _file(demo)
    client = services.client_digest("198.51.100.4")

    assert services.code_send(tracking=filed.tracking.lower(), client=client, at=AT) == filed
    code = _code_from_outbox(filed.tracking)
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(Invalid):
        services.code_check(tracking=filed.tracking, code=wrong, client=client, at=AT)
    opened = services.code_check(tracking=filed.tracking, code=code, client=client, at=AT)

    assert opened == filed
    with pytest.raises(Invalid):  # used
        services.code_check(tracking=filed.tracking, code=code, client=client, at=AT)


def test_a_code_runs_out_after_thirty_minutes_and_after_five_wrong_tries(demo, version) -> None:
    filed = _file(demo)
    client = services.client_digest("198.51.100.4")
    services.code_send(tracking=filed.tracking, client=client, at=AT)
    code = _code_from_outbox(filed.tracking)
    late = AT + dt.timedelta(minutes=31)
    with pytest.raises(Invalid):
        services.code_check(tracking=filed.tracking, code=code, client=client, at=late)

    services.code_send(tracking=filed.tracking, client=client, at=late)
    code = _code_from_outbox(filed.tracking)
    wrong = "000000" if code != "000000" else "111111"
    for _try in range(services.CODE_TRIES):
        with pytest.raises(Invalid):
            services.code_check(tracking=filed.tracking, code=wrong, client=client, at=late)
    with pytest.raises(Invalid):  # spent by the wrong tries
        services.code_check(tracking=filed.tracking, code=code, client=client, at=late)
    assert AccessCode.objects.filter(request=filed, used_at__isnull=True).count() == 0


def test_an_unknown_number_sends_nothing_and_says_nothing(demo, version) -> None:
    before = Mail.objects.count()
    assert services.code_send(tracking="AAAAA-BBBBB", client="c", at=AT) is None
    assert Mail.objects.count() == before


def test_filing_is_limited_per_client_and_the_limit_passes(demo, version) -> None:
    for _filed in range(services.FILE_LIMIT.times):
        _file(demo)
    with pytest.raises(TooMany) as refused:
        _file(demo)
    assert refused.value.message == (
        "Terlalu banyak percobaan dari alamat ini: paling banyak 5 kali dalam 60 menit. "
        "Coba lagi nanti."
    )
    assert PublicRequest.objects.count() == services.FILE_LIMIT.times
    # Another client, or the same one an hour later, may file.
    _file(demo, client=services.client_digest("192.0.2.1"))
    _file(demo, at=AT + dt.timedelta(hours=1, seconds=1))
    assert services.attempts_prune(now=AT + dt.timedelta(hours=3)) == 7


def test_code_checks_are_limited_per_client(demo, version) -> None:
    filed = _file(demo)
    client = services.client_digest("198.51.100.9")
    for _try in range(services.CODE_CHECK_LIMIT.times):
        with pytest.raises(Invalid):
            services.code_check(tracking=filed.tracking, code="123456", client=client, at=AT)
    with pytest.raises(TooMany):
        services.code_check(tracking=filed.tracking, code="123456", client=client, at=AT)


def test_the_requester_completes_what_was_returned_and_no_one_else_may(demo, version) -> None:
    filed = _file(demo)
    other = _file(demo, services.Applicant("warga", "Orang Lain", "5204014506900002", "o@x.id"))
    kabid = demo.people["kabid.ti"]
    later = AT + dt.timedelta(hours=1)
    case_services.task_act(
        case=filed.case,
        step=2,
        actor=kabid,
        decision="tidak",
        note="Surat belum ditandatangani",
        at=later,
    )

    # Neither another member of the public, nor an OPD, nor the office's staff act for them.
    for stranger in (other.person, demo.people["opd.bappeda"], kabid):
        with pytest.raises(NotAllowed):
            case_services.task_act(
                case=filed.case, step=1, actor=stranger, data=FORM, uploads=_letter(), at=later
            )
    case = services.step_do(
        request=filed, step=1, data=FORM, uploads=_letter(), at=later + dt.timedelta(hours=1)
    )

    assert [t.step for t in case.tasks.filter(status="terbuka")] == [2]
    done = case.tasks.filter(step=1).order_by("-visit").first()
    assert done is not None and done.done_by == filed.person


def test_an_opd_files_the_same_sop_as_before(demo, version) -> None:
    case = case_services.case_open(
        office=demo.sumbawa,
        sop_code="rekomendasi-publik",
        requester=demo.people["opd.bappeda"],
        title="Menara kantor",
        data=FORM,
        uploads=_letter(),
        at=AT,
    )
    assert case.requester_kind == RequesterKind.OPD


def test_the_public_unit_is_made_once_per_office(demo, version) -> None:
    _file(demo)
    _file(demo, client="another")
    assert Unit.objects.filter(office=demo.sumbawa, kind=Unit.Kind.PUBLIC).count() == 1
    assert not django_mail.outbox  # mail goes through the outbox table, not sent inline


def test_the_requester_hears_by_mail_when_returned_and_when_it_ends(demo, version) -> None:
    filed = _file(demo)
    kabid = demo.people["kabid.ti"]
    later = AT + dt.timedelta(hours=1)
    case_services.task_act(
        case=filed.case,
        step=2,
        actor=kabid,
        decision="tidak",
        note="Surat belum bermeterai",
        at=later,
    )

    returned = Mail.objects.filter(to="siti@example.org").latest("pk")
    assert "Catatan petugas: Surat belum bermeterai" in returned.body
    assert returned.subject == f"[Alur] Permohonan {filed.case.number} dikembalikan kepada Anda"
    assert "langkah 1, Pemohon mengisi Formulir Permohonan" in returned.body
    assert returned.body.endswith(f"/lacak/{filed.tracking}/")

    services.step_do(request=filed, step=1, at=later)
    case_services.task_act(case=filed.case, step=2, actor=kabid, decision="ya", at=later)
    case_services.task_act(
        case=filed.case, step=3, actor=kabid, uploads=_letter("Surat Rekomendasi"), at=later
    )
    # The end is told once; the satisfaction survey's invitation follows it (tests/survey).
    subjects = list(
        Mail.objects.filter(to="siti@example.org", pk__gt=returned.pk).values_list(
            "subject", flat=True
        )
    )
    assert subjects.count(f"[Alur] Permohonan {filed.case.number} selesai") == 1
    # No in-app notification is written for someone who cannot sign in.
    assert not Notification.objects.filter(recipient=filed.person).exists()


def test_a_returned_public_requester_is_reminded_and_told_of_the_lapse_by_mail(
    demo, version
) -> None:
    filed = _file(demo)
    returned_at = AT + dt.timedelta(hours=1)  # Monday 2 March: 14 days, to Monday 16 March
    case_services.task_act(
        case=filed.case, step=2, actor=demo.people["kabid.ti"], decision="tidak", at=returned_at
    )
    mails = Mail.objects.filter(to="siti@example.org")
    before = mails.count()

    deadlines_scan(now=dt.datetime(2026, 3, 9, 9, 0, tzinfo=WITA))  # 7 days before
    reminder = mails.latest("pk")
    assert mails.count() == before + 1
    assert "16 Maret 2026" in reminder.subject + reminder.body
    assert reminder.body.endswith(f"/lacak/{filed.tracking}/")

    deadlines_scan(now=dt.datetime(2026, 3, 17, 0, 5, tzinfo=WITA))
    case = Case.objects.get(pk=filed.case_id)
    assert case.status == Case.Status.LAPSED
    lapsed = mails.latest("pk")
    assert mails.count() == before + 2
    assert "gugur" in lapsed.subject
    assert not Notification.objects.filter(recipient=filed.person).exists()
