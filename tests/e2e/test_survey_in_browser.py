"""A requester, in Chromium, answers the satisfaction survey of their ended request: the case
page asks them, a question left out is named beside it, the answers sent are thanked for, and
the link the e-mail carried no longer opens the questionnaire."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.test_no_csp_violation import watch

SOP = Path(__file__).parents[1] / "letters" / "sops" / "izin-penolakan.yaml"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _finished_case() -> tuple[int, str]:
    """A Bappeda request of the SOP run to its end just before now; its id and mailed link."""
    from django.utils import timezone

    from alur.cases.services import case_open, task_act
    from alur.catalog.services import sop_version_create
    from alur.notifications.models import Mail
    from alur.offices.models import Office, User

    office = Office.objects.get(code="dkisp-sumbawa")
    sop_version_create(office=office, text=SOP.read_text(encoding="utf-8"), publish=True)
    people = {u.username: u for u in User.objects.all()}
    at = timezone.now() - dt.timedelta(hours=3)

    def files(name: str) -> dict[str, tuple[io.BytesIO, str]]:
        return {name: (io.BytesIO(PDF), "berkas.pdf")}

    case = case_open(
        office=office,
        sop_code="izin-penolakan",
        requester=people["opd.bappeda"],
        title="Izin SIMPEG",
        uploads=files("Surat Permohonan"),
        at=at,
    )
    for minutes, (step, who, decision) in enumerate(
        [(2, "dev.sumbawa", "ya"), (3, "kabid.ti", "ya"), (4, "kabid.ti", None)], 1
    ):
        case = task_act(
            case=case,
            step=step,
            actor=people[who],
            decision=decision,
            uploads=files("Izin Penggunaan Aplikasi") if step == 4 else None,
            at=at + dt.timedelta(minutes=10 * minutes),
        )
    body = Mail.objects.filter(body__contains="/skm/").latest("pk").body
    found = re.search(r"/skm/[A-Za-z0-9_-]+/", body)
    assert found is not None, body
    return case.pk, found.group(0)


def test_a_requester_answers_the_survey_once(as_person, browser, site) -> None:
    case_id, link = _finished_case()
    requester = as_person("opd.bappeda")
    seen: list[str] = []
    watch(requester.context, requester.page, seen)
    page = requester.page

    page.goto(f"/permohonan/{case_id}/")
    expect(page.locator("#ajakan-skm")).to_contain_text("Survei kepuasan masyarakat")
    page.locator("#isi-skm").click()
    expect(page.locator("h1")).to_have_text("Survei kepuasan masyarakat")

    for element, value in [
        ("persyaratan", 4),
        ("prosedur", 3),
        ("waktu", 2),
        ("biaya", 4),
        ("produk", 3),
        ("kompetensi", 3),
        ("perilaku", 4),
        ("sarana", 3),
    ]:
        page.locator(f"#bidang-{element} input[value='{value}']").check()
    page.locator("#id_suggestion").fill("Verifikasi bisa lebih cepat.")
    page.locator("#kirim-skm").click()
    expect(page.locator("#bidang-pengaduan .field-message")).to_have_text(
        "Pilih salah satu dari empat jawaban."
    )
    expect(page.locator("#bidang-waktu input[value='2']")).to_be_checked()

    page.locator("#bidang-pengaduan label", has_text="Berfungsi kurang maksimal").click()
    page.locator("#id_gender").select_option("P")
    page.locator("#kirim-skm").click()
    expect(page.locator("#terima-kasih")).to_contain_text("Terima kasih")

    page.goto(f"/permohonan/{case_id}/")
    expect(page.locator("#ajakan-skm")).to_have_count(0)
    stranger = browser.new_context(base_url=site)
    mailed = stranger.new_page()
    mailed.goto(link)
    expect(mailed.locator("#tautan-habis")).to_contain_text("tidak dapat dipakai")
    stranger.close()
    assert seen == []

    from alur.survey.models import Response

    answer = Response.objects.get(case_id=case_id)
    assert (answer.waktu, answer.pengaduan, answer.gender, answer.channel) == (
        2,
        3,
        "P",
        "aplikasi",
    )
