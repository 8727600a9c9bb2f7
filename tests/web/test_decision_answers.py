"""A decision step says what each answer does in the SOP's words, and an answer that sends the
case back to an earlier step needs its reason: refused next to the note on the page, and the
same through the API, which acts through the same form."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client

from alur.cases.models import Case, Task
from alur.offices.tokens import token_create
from tests.cases.casekit import SOP5_DOCS, WITA, Desk, sop5_at_availability

PLAN = (
    "Tim Pengembang Aplikasi Kominfo menyusun rencana pengembangan aplikasi dengan mengacu pada "
    "standarisasi Pembangunan dan Pengembangan TIK Pemerintah Kabupaten Sumbawa."
)
BUILD = "Proses pengembangan aplikasi oleh Tim Pengembang Aplikasi Kominfo."
WHY = "Jawaban ini mengembalikan permohonan ke langkah 9: tuliskan alasannya di Catatan."


@pytest.fixture
def at_step_11(demo: SimpleNamespace) -> Case:
    """SOP 5 with the plan handed to the OPD: step 11 (does the OPD agree?) is open."""
    desk = Desk(demo.people, dt.datetime(2026, 3, 2, 8, 0, tzinfo=WITA))
    case = sop5_at_availability(desk, demo.sumbawa)
    desk.act(case, 6, "kabid.ti", docs=SOP5_DOCS[6], decision="ya")
    desk.act(case, 8, "kasi.aplikasi")
    desk.act(case, 9, "dev.sumbawa", docs=SOP5_DOCS[9])
    return desk.act(case, 10, "dev.sumbawa", docs=SOP5_DOCS[10])


def _open_steps(case: Case) -> list[int]:
    return list(
        Task.objects.filter(case=case, status=Task.Status.OPEN).values_list("step", flat=True)
    )


def test_each_answer_says_where_it_leads_in_the_sops_words(
    client_for: Callable[[str], Client], at_step_11: Case
) -> None:
    html = client_for("opd.bappeda").get(f"/permohonan/{at_step_11.pk}/").content.decode()

    assert "<legend>Keputusan: Tim Teknis dari OPD terkait memberikan tanggapan" in html
    assert f"<span>Ya — lanjut ke langkah 12: {BUILD}</span>" in html
    assert f"<span>Tidak — dikembalikan ke langkah 9: {PLAN}</span>" in html
    assert 'id="langkah11_decision_tidak" data-needs-note>' in html
    assert 'id="langkah11_decision_ya">' in html


def test_sending_the_case_back_without_a_reason_is_refused_next_to_the_note(
    client_for: Callable[[str], Client], at_step_11: Case
) -> None:
    response = client_for("opd.bappeda").post(
        f"/permohonan/{at_step_11.pk}/langkah/11/",
        {"version": at_step_11.version, "decision": "tidak", "note": "  "},
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert (
        f'<div id="langkah11_note_error"><p class="field-message" role="alert">{WHY}</p></div>'
        in html
    )
    assert 'aria-describedby="langkah11_note_helptext langkah11_note_error"' in html
    assert _open_steps(at_step_11) == [11]


def test_sending_the_case_back_with_a_reason_reopens_the_earlier_step(
    client_for: Callable[[str], Client], at_step_11: Case
) -> None:
    response = client_for("opd.bappeda").post(
        f"/permohonan/{at_step_11.pk}/langkah/11/",
        {"version": at_step_11.version, "decision": "tidak", "note": "Alur bisnis kurang."},
    )

    assert response.status_code == 302
    assert _open_steps(at_step_11) == [9]


def test_going_forward_needs_no_reason(
    client_for: Callable[[str], Client], at_step_11: Case
) -> None:
    response = client_for("opd.bappeda").post(
        f"/permohonan/{at_step_11.pk}/langkah/11/",
        {"version": at_step_11.version, "decision": "ya"},
    )

    assert response.status_code == 302
    assert _open_steps(at_step_11) == [12]


def test_the_api_refuses_sending_the_case_back_without_a_reason_the_same_way(
    demo: SimpleNamespace, at_step_11: Case
) -> None:
    _token, plain = token_create(
        owner=demo.people["opd.bappeda"], name="tes", scope="act", actor=None
    )
    client = Client(headers={"Authorization": f"Bearer {plain}"})

    response = client.post(
        f"/api/v1/cases/{at_step_11.pk}/steps/11/complete",
        json.dumps({"version": at_step_11.version, "decision": "tidak"}),
        content_type="application/json",
    )

    assert response.status_code == 422
    assert [(error["field"], error["detail"]) for error in response.json()["errors"]] == [
        ("body.payload.note", f"Catatan: {WHY}")
    ]
    assert _open_steps(at_step_11) == [11]
