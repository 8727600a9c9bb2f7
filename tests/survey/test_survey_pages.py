"""The questionnaire's pages (by the link, in the app), the banner on the case page, and the
report with its follow-up plan: figures from a fixture, XLSX and PDF read back, refusals."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from alur.offices.models import SettingChange
from alur.survey.elements import CODES
from alur.survey.models import FollowUp, Invitation, Response
from alur.survey.services import Answers, response_submit
from tests.survey.surveykit import finished, link_of, opened

pytestmark = pytest.mark.django_db

REPORT = "/laporan/dkisp-sumbawa/skm/"


def _client(demo: SimpleNamespace, who: str) -> Client:
    client = Client()
    client.force_login(demo.people[who])
    return client


def _filled(**changes: str) -> dict[str, str]:
    return {**dict.fromkeys(CODES, "4"), "gender": "L", "suggestion": "Terima kasih.", **changes}


def test_the_link_opens_the_questionnaire_once_and_keeps_the_answers(demo, desk) -> None:
    case = finished(desk, demo.sumbawa)
    path = link_of(demo.people["opd.bappeda"].email)
    anonymous = Client()

    page = anonymous.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert "kesesuaian persyaratan pelayanan dengan jenis pelayanannya" in html
    assert "Sangat sopan dan ramah" in html and "Dikelola dengan baik" in html

    sent = anonymous.post(path, _filled(waktu="2"))
    assert sent.status_code == 200
    assert "Terima kasih" in sent.content.decode()
    response = Response.objects.get(case=case)
    assert (response.waktu, response.sarana, response.channel) == (2, 4, "tautan")

    again = anonymous.get(path)
    assert again.status_code == 404
    assert "hanya dapat dipakai sekali" in again.content.decode()
    assert anonymous.post(path, _filled()).status_code == 404
    assert Response.objects.count() == 1


def test_a_missing_answer_is_named_next_to_its_question_and_nothing_is_kept(demo, desk) -> None:
    finished(desk, demo.sumbawa)
    path = link_of(demo.people["opd.bappeda"].email)
    data = _filled()
    del data["biaya"]

    sent = Client().post(path, data)

    assert sent.status_code == 422
    html = sent.content.decode()
    field = html[html.index('id="bidang-biaya"') :]
    assert "Pilih salah satu dari empat jawaban." in field[: field.index("</fieldset>")]
    assert not Response.objects.exists()
    assert Invitation.objects.get().used_at is None


def test_the_requester_sees_the_banner_and_answers_in_the_app_which_spends_the_link(
    demo, desk
) -> None:
    case = finished(desk, demo.sumbawa)
    path = link_of(demo.people["opd.bappeda"].email)
    requester = _client(demo, "opd.bappeda")

    assert 'id="ajakan-skm"' in requester.get(f"/permohonan/{case.pk}/").content.decode()
    assert (
        'id="ajakan-skm"'
        not in _client(demo, "kadis.sumbawa").get(f"/permohonan/{case.pk}/").content.decode()
    )

    sent = requester.post(f"/permohonan/{case.pk}/skm/", _filled())

    assert sent.status_code == 200
    assert Response.objects.get(case=case).channel == "aplikasi"
    assert 'id="ajakan-skm"' not in requester.get(f"/permohonan/{case.pk}/").content.decode()
    assert Client().get(path).status_code == 404
    assert "sudah dijawab" in requester.get(f"/permohonan/{case.pk}/skm/").content.decode()


@pytest.mark.parametrize("who", ["opd.dikbud", "kadis.sumbawa", "dev.sumbawa", "kadis.batam"])
def test_the_questionnaire_in_the_app_is_the_requesters_only(demo, desk, who) -> None:
    case = finished(desk, demo.sumbawa)

    assert _client(demo, who).get(f"/permohonan/{case.pk}/skm/").status_code == 404
    assert _client(demo, who).post(f"/permohonan/{case.pk}/skm/", _filled()).status_code == 404
    assert not Response.objects.exists()


@pytest.fixture
def answered(demo, desk) -> SimpleNamespace:
    """Three finished cases of Bappeda answered (all 4; all 3; all 3 but waktu 1) and one
    running case: IKM = 2200/27 = 81,48 (B), waktu the weakest at 2,67."""
    running = opened(desk, demo.sumbawa, title="Izin berjalan")
    scores = [
        dict.fromkeys(CODES, 4),
        dict.fromkeys(CODES, 3),
        {**dict.fromkeys(CODES, 3), "waktu": 1},
    ]
    suggestions = ['=HYPERLINK("http://x","klik")', "", "Percepat verifikasi."]
    cases = []
    for number, (score, suggestion) in enumerate(zip(scores, suggestions, strict=True)):
        case = finished(desk, demo.sumbawa, title=f"Izin {number}")
        response_submit(
            invitation=Invitation.objects.get(case=case),
            answers=Answers(scores=score, education="s1", suggestion=suggestion),
            channel="aplikasi",
            at=timezone.now(),
        )
        cases.append(case)
    return SimpleNamespace(cases=cases, running=running)


def test_the_report_shows_the_index_the_weakest_element_the_sample_and_no_names(
    demo, answered
) -> None:
    page = _client(demo, "kadis.sumbawa").get(REPORT)

    assert page.status_code == 200
    report = page.context["report"]
    assert (str(report.ikm), report.index.grade.letter) == ("81.48", "B")
    assert (report.served, report.respondents, report.minimum) == (3, 3, 3)
    rows = {row.element.code: row for row in report.elements}
    assert str(rows["waktu"].nrr) == "2.67" and rows["waktu"].weakest
    assert str(rows["persyaratan"].nrr) == "3.33" and not rows["persyaratan"].weakest
    assert [text for _at, text in report.suggestions] == [
        '=HYPERLINK("http://x","klik")',
        "Percepat verifikasi.",
    ]
    html = page.content.decode()
    assert 'data-element="waktu" class="weakest"' in html
    for case in answered.cases:
        assert case.number not in html
    assert "Bappeda" not in html and demo.people["opd.bappeda"].get_full_name() not in html


def test_the_workbook_and_the_pdf_hold_the_reports_figures(demo, answered) -> None:
    kadis = _client(demo, "kadis.sumbawa")

    xlsx = kadis.get(REPORT.rstrip("/") + ".xlsx")
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Ringkasan", "Unsur", "Profil responden", "Saran", "Tindak lanjut"]
    summary = dict(book["Ringkasan"].iter_rows(min_row=2, values_only=True))
    assert (summary["IKM"], summary["Mutu pelayanan"], summary["Responden"]) == (81.48, "B", 3)
    assert summary["Sampel minimum (Krejcie-Morgan)"] == 3
    elements = {row[1]: row for row in book["Unsur"].iter_rows(min_row=2, values_only=True)}
    assert elements["Waktu penyelesaian"][2:] == (2.67, 0.3, "ya")
    cell = book["Saran"]["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","klik")', "s")

    pdf = kadis.get(REPORT.rstrip("/") + ".pdf")
    assert pdf["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Hasil survei kepuasan masyarakat" in text
    assert "81,48" in text and "Percepat verifikasi." in text
    assert "Waktu penyelesaian 2,67 0,30 terendah" in text


def test_a_head_records_and_tracks_the_follow_up_plan_and_each_change_is_logged(
    demo, answered
) -> None:
    kadis = _client(demo, "kadis.sumbawa")
    plan = {
        "action": "Sederhanakan verifikasi berkas",
        "responsible": "Kepala Bidang TI",
        "target": "31-12-2026",
        "element": "waktu",
        "sop": "izin-penolakan",
        "status": "direncanakan",
    }

    added = kadis.post(REPORT + "tindak-lanjut/", plan)

    assert added.status_code == 302
    item = FollowUp.objects.get()
    assert (item.element, item.sop.code, item.target.isoformat()) == (
        "waktu",
        "izin-penolakan",
        "2026-12-31",
    )
    changed = kadis.post(
        REPORT + f"tindak-lanjut/{item.pk}/", {**plan, "status": "berjalan", "note": "Mulai."}
    )
    assert changed.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.note) == ("berjalan", "Mulai.")
    log = list(
        SettingChange.objects.filter(subject="Rencana tindak lanjut SKM")
        .order_by("pk")
        .values_list("action", "after")
    )
    assert log[0][0] == "ditambahkan" and log[0][1]["action"] == plan["action"]
    assert log[1] == ("diubah", {"status": "berjalan", "note": "Mulai."})
    assert "Sederhanakan verifikasi berkas" in kadis.get(REPORT).content.decode()


def test_a_follow_up_without_what_or_who_or_with_a_bad_date_is_refused_beside_its_field(
    demo, answered
) -> None:
    sent = _client(demo, "kadis.sumbawa").post(
        REPORT + "tindak-lanjut/", {"action": "", "responsible": "", "target": "besok"}
    )

    assert sent.status_code == 422
    html = sent.content.decode()
    assert 'id="bidang-target"' in html and "Tulis tanggal sebagai hh-bb-tttt" in html
    assert 'class="field field-error" id="bidang-action"' in html
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("dev.sumbawa", 403), ("opd.bappeda", 403), ("kadis.batam", 404)]
)
def test_the_follow_up_plan_is_refused_to_anyone_but_the_offices_heads(
    demo, answered, who, status
) -> None:
    item = FollowUp.objects.create(
        office=demo.sumbawa,
        action="Perbaiki ruang tunggu",
        responsible="Sekretaris",
        target=timezone.now().date(),
        created_by=demo.people["kadis.sumbawa"],
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )
    client = _client(demo, who)
    plan = {"action": "X", "responsible": "Y", "target": "31-12-2026", "status": "selesai"}

    assert client.post(REPORT + "tindak-lanjut/", plan).status_code == status
    assert client.post(REPORT + f"tindak-lanjut/{item.pk}/", plan).status_code == status

    assert list(FollowUp.objects.values_list("action", "status")) == [
        ("Perbaiki ruang tunggu", "direncanakan")
    ]
    assert not SettingChange.objects.filter(subject="Rencana tindak lanjut SKM").exists()


def test_another_offices_item_is_not_found_from_this_office(demo, answered) -> None:
    batam = FollowUp.objects.create(
        office=demo.batam,
        action="Batam",
        responsible="Sekretaris",
        target=timezone.now().date(),
        created_by=demo.people["kadis.batam"],
        created_at=timezone.now(),
        updated_at=timezone.now(),
    )
    plan = {"action": "X", "responsible": "Y", "target": "31-12-2026", "status": "selesai"}

    sent = _client(demo, "kadis.sumbawa").post(REPORT + f"tindak-lanjut/{batam.pk}/", plan)

    assert sent.status_code == 403
    batam.refresh_from_db()
    assert batam.status == "direncanakan"
