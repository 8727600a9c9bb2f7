"""The refusal letter (surat penolakan) of a case that ended ``ditolak``: made from the record by
the person who refused it or by a head of office, numbered, signed by the head, stored as a new
version each time with its event; refused for anyone else and for any case not refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from casekit import Desk, snapshot_of
from django.test import Client
from letterkit import letter_counts, pdf_text

from alur.cases.models import Case, Event
from alur.cases.services import Invalid, NotAllowed
from alur.catalog.services import sop_version_create
from alur.letters import refusal, selectors, services
from alur.letters.models import Letter, LetterSequence
from alur.offices.models import Office
from alur.public import services as public_services

SOP = Path(__file__).parent / "sops" / "izin-penolakan.yaml"
REASON = "Aplikasi tidak terdaftar dalam katalog aplikasi daerah."
NUMBER = "000.1/001/DKIST/2026"
"""The Sumbawa letterhead's pattern with the reply letter's classification (the default)."""


def _published(office: Office) -> None:
    sop_version_create(office=office, text=SOP.read_text(encoding="utf-8"), publish=True)


def _opened(desk: Desk, office: Office) -> Case:
    _published(office)
    return desk.open(
        office, "izin-penolakan", "opd.bappeda", docs=["Surat Permohonan"], title="Izin SIMPEG"
    )


def _refused_case(desk: Desk, office: Office) -> Case:
    case = _opened(desk, office)
    return desk.act(case, 2, "dev.sumbawa", decision="tidak", note=REASON)


def _make(desk: Desk, case: Case, who: str, **changes: str) -> Letter:
    fields = {**refusal.initial_values(case), **changes}
    return services.refusal_letter_generate(
        case=case, actor=desk.people[who], fields=fields, at=desk.tick(case.office)
    )


@pytest.mark.parametrize("who", ["dev.sumbawa", "kadis.sumbawa"])
def test_the_one_who_refused_and_a_head_make_the_refusal_letter(
    sumbawa_desk, letterheads, who
) -> None:
    case = _refused_case(sumbawa_desk, letterheads.sumbawa)

    letter = _make(sumbawa_desk, case, who)

    case.refresh_from_db()
    assert case.status == Case.Status.REFUSED
    assert (letter.kind, letter.number, letter.step, letter.visit) == ("penolakan", NUMBER, 2, 1)
    assert (letter.document.name, letter.document.version, letter.document.generated) == (
        "Surat Penolakan",
        1,
        True,
    )
    assert letter.made_by == letterheads.people[who]


def test_the_letter_says_who_what_why_and_on_what_basis(sumbawa_desk, letterheads) -> None:
    case = _refused_case(sumbawa_desk, letterheads.sumbawa)

    letter = _make(sumbawa_desk, case, "dev.sumbawa")

    text = pdf_text(letter.document)
    for expected in (
        "PEMERINTAH KABUPATEN SUMBAWA",
        "Sumbawa Besar, 23 November 2026",
        f"Nomor : {NUMBER}",
        "Sifat : Biasa",
        "Lampiran : -",
        "Hal : Penolakan permohonan Izin SIMPEG",
        "Yth. Kepala Badan Perencanaan Pembangunan Daerah Kabupaten Sumbawa di tempat",
        "tidak dapat kami penuhi (ditolak) dengan alasan:",
        f"\u201c{REASON}\u201d",
        "Standar Operasional Prosedur Layanan Izin Penggunaan Aplikasi nomor 000/7/UJI/2026",
        "Kepala Dinas Komunikasi Informatika Statistik dan Persandian Lalu Suharmaji "
        "Pembina Utama Muda (IV/c) NIP 197105052001121002",
    ):
        assert expected in text, (expected, text)
    assert "DRAF" not in text
    # the case number is long and may wrap after a hyphen: compare it without the spaces
    assert f"nomor{case.number}tanggal23November2026".replace(" ", "") in text.replace(" ", "")


def test_a_request_of_the_public_is_answered_to_the_person(sumbawa_desk, letterheads) -> None:
    _published(letterheads.sumbawa)
    filed = public_services.request_file(
        office=letterheads.sumbawa,
        sop_code="izin-penolakan",
        applicant=public_services.Applicant(
            kind="warga",
            name="Siti Rahmawati",
            id_number="5204014506900001",
            email="siti@example.org",
            phone="0812 3456 7890",
        ),
        title="Izin warga",
        uploads=sumbawa_desk.uploads(["Surat Permohonan"]),
        client=public_services.client_digest("203.0.113.7"),
        at=sumbawa_desk.tick(letterheads.sumbawa),
    )
    case = sumbawa_desk.act(filed.case, 2, "dev.sumbawa", decision="tidak", note=REASON)

    letter = _make(sumbawa_desk, case, "dev.sumbawa")

    assert refusal.initial_values(case)["kepada"] == "Siti Rahmawati"
    assert "Yth. Siti Rahmawati di tempat" in pdf_text(letter.document)


def test_the_person_edits_the_body_before_making_it(sumbawa_desk, letterheads) -> None:
    case = _refused_case(sumbawa_desk, letterheads.sumbawa)

    letter = _make(sumbawa_desk, case, "dev.sumbawa", isi="Permohonan Saudara kami tolak.")

    assert "Permohonan Saudara kami tolak." in pdf_text(letter.document)
    assert letter.fields["isi"] == "Permohonan Saudara kami tolak."


def test_made_again_it_is_a_new_version_with_the_same_number(sumbawa_desk, letterheads) -> None:
    case = _refused_case(sumbawa_desk, letterheads.sumbawa)
    first = _make(sumbawa_desk, case, "dev.sumbawa")

    again = _make(sumbawa_desk, case, "kadis.sumbawa", sifat="segera")

    assert (again.document.name, again.document.version) == ("Surat Penolakan", 2)
    assert again.number == first.number == NUMBER
    assert refusal.initial_values(case)["sifat"] == "segera"
    assert list(LetterSequence.objects.values_list("year", "last")) == [(2026, 1)]
    first.document.refresh_from_db()
    assert first.document.version == 1


def test_making_it_records_the_event(sumbawa_desk, letterheads) -> None:
    case = _refused_case(sumbawa_desk, letterheads.sumbawa)

    letter = _make(sumbawa_desk, case, "kadis.sumbawa")

    event = Event.objects.filter(case=case).latest("seq")
    assert (event.kind, event.actor, event.step, event.visit) == (
        "letters.letter.generated",
        letterheads.people["kadis.sumbawa"],
        2,
        1,
    )
    assert event.data == {
        "kind": "penolakan",
        "number": NUMBER,
        "name": "Surat Penolakan",
        "version": 1,
        "sha256": letter.document.sha256,
    }


@pytest.mark.parametrize(
    ("who", "message"),
    [
        (
            "opd.bappeda",
            "Surat penolakan dibuat oleh yang mencatat penolakan pada langkah 2 atau oleh "
            "kepala kantor.",
        ),
        ("opd.dikbud", "Anda tidak dapat melihat permohonan ini."),
        ("kadis.batam", "Anda tidak dapat melihat permohonan ini."),
    ],
)
def test_it_is_refused_for_anyone_else_and_changes_nothing(
    sumbawa_desk, letterheads, who, message
) -> None:
    case = _refused_case(sumbawa_desk, letterheads.sumbawa)
    before = (snapshot_of(case), letter_counts())

    with pytest.raises(NotAllowed) as refused:
        _make(sumbawa_desk, case, who)

    assert refused.value.message == message
    assert (snapshot_of(case), letter_counts()) == before


def _running(desk: Desk, office: Office) -> Case:
    return _opened(desk, office)


def _finished(desk: Desk, office: Office) -> Case:
    case = _opened(desk, office)
    desk.act(case, 2, "dev.sumbawa", decision="ya")
    desk.act(case, 3, "kabid.ti", decision="ya")
    return desk.act(case, 4, "kabid.ti", docs=["Izin Penggunaan Aplikasi"])


def _stopped(desk: Desk, office: Office) -> Case:
    case = _opened(desk, office)
    desk.act(case, 2, "dev.sumbawa", decision="ya")
    return desk.act(case, 3, "kabid.ti", decision="tidak", note="Anggaran tidak tersedia.")


@pytest.mark.parametrize(
    ("drive", "status", "message"),
    [
        (
            _running,
            "berjalan",
            "Permohonan ini masih berjalan; surat penolakan dibuat setelah permohonan ditolak.",
        ),
        (
            _finished,
            "selesai",
            "Permohonan ini berakhir selesai, tidak ditolak; surat penolakan hanya dibuat untuk "
            "permohonan yang ditolak.",
        ),
        (
            _stopped,
            "dihentikan",
            "Permohonan ini berakhir dihentikan, tidak ditolak; surat penolakan hanya dibuat "
            "untuk permohonan yang ditolak.",
        ),
    ],
)
def test_it_is_refused_for_a_case_not_refused_and_changes_nothing(
    sumbawa_desk, letterheads, drive, status, message
) -> None:
    case = drive(sumbawa_desk, letterheads.sumbawa)
    assert case.status == status
    before = (snapshot_of(case), letter_counts())

    with pytest.raises(Invalid) as refused:
        _make(sumbawa_desk, case, "kadis.sumbawa")

    assert refused.value.message == message
    assert (snapshot_of(case), letter_counts()) == before
    assert (
        selectors.refusal_tool(case, letterheads.people["kadis.sumbawa"], now=sumbawa_desk.now)
        is None
    )


def test_the_case_page_offers_the_panel_to_who_may_make_it_and_makes_it(
    sumbawa_desk, letterheads
) -> None:
    case = _refused_case(sumbawa_desk, letterheads.sumbawa)
    refuser, requester = Client(), Client()
    refuser.force_login(letterheads.people["dev.sumbawa"])
    requester.force_login(letterheads.people["opd.bappeda"])

    page = refuser.get(f"/permohonan/{case.pk}/").content.decode()
    assert 'id="surat-penolakan"' in page
    assert "Penolakan permohonan Izin SIMPEG" in page
    assert 'id="surat-penolakan"' not in requester.get(f"/permohonan/{case.pk}/").content.decode()

    fields = {f"penolakan-{key}": value for key, value in refusal.initial_values(case).items()}
    assert requester.post(f"/permohonan/{case.pk}/penolakan/surat/", fields).status_code == 403
    made = refuser.post(f"/permohonan/{case.pk}/penolakan/surat/", fields)

    assert made.status_code == 302
    letter = Letter.objects.get(case=case)
    assert letter.kind == "penolakan"
    page = refuser.get(f"/permohonan/{case.pk}/").content.decode()
    assert f"/permohonan/{case.pk}/dokumen/{letter.document.pk}/" in page


def test_the_page_says_why_for_a_running_case_and_hides_the_case_from_another_office(
    sumbawa_desk, letterheads
) -> None:
    case = _opened(sumbawa_desk, letterheads.sumbawa)
    head, outsider = Client(), Client()
    head.force_login(letterheads.people["kadis.sumbawa"])
    outsider.force_login(letterheads.people["kadis.batam"])
    fields = {"penolakan-hal": "Penolakan", "penolakan-isi": "Ditolak."}

    running = head.post(f"/permohonan/{case.pk}/penolakan/surat/", fields)

    assert running.status_code == 422
    assert "Permohonan ini masih berjalan" in running.content.decode()
    assert outsider.post(f"/permohonan/{case.pk}/penolakan/surat/", fields).status_code == 404
    assert not Letter.objects.exists()
