"""Every page and every action of the app, as every persona, against one table of outcomes.
Monitoring (``test_monitoring_matrix``) and the office settings with the first-run link
(``test_settings_matrix``) have tables of their own, on the same world.

The world (``conftest.world``): Bappeda's SOP 5 request waiting at step 2 for Sumbawa's Kadis,
its letter uploaded. The personas:

- anonymous: nobody signed in;
- Sumbawa's officers: kadis.sumbawa (acts at step 2), kabid.ti, kasi.aplikasi, dev.sumbawa;
- plh.sumbawa: Sumbawa's Sekretaris, no role of her own, Plh of the Kadis today;
- opd.bappeda: the requesting OPD; opd.dikbud: another OPD served by the same office;
- kadis.batam and opd.disdukcapil: an officer and an OPD person of another office.

The rules the table follows: an officer sees every case of the office, an OPD person only the
cases of their own OPD, nobody another office's (404, as if it did not exist); a person who may
see a case but holds no lane of the step is refused with 403; SOP 5 starts in the requester's
lane, so only OPD people of Sumbawa may open it. A person who may file no request is refused
the new-request page (403). Only the person who filed the request withdraws it or writes to
the office about it; the office's people are refused with 403.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from alur.cases.models import Case, Document, Event, Task
from tests.authz.world import (
    ANONYMOUS,
    DISPOSITION,
    DISPOSITION_INPUT,
    PERSONAS,
    PLH,
    SOP5,
    client_as,
    pdf_upload,
    snapshot,
)
from tests.conftest import PDF

pytestmark = pytest.mark.django_db


# GET of every URL in alur/web/urls.py and alur/reports/urls.py (bar static and i18n), the
# survey's report (alur/survey/urls.py) and the admin index. The performance report, and the
# survey's, are Sumbawa's: its heads (and the Kadis's Plh) see it, its
# staff and requesting OPDs are refused, for another office's people it does not exist.
# fmt: off
#                         anon kadis kabid kasi  dev   plh   bapp  dikb  kadisB disduk
PAGE_GRID = {
    "login":             (200, 302,  302,  302,  302,  302,  302,  302,  302,  302),
    "logout":            (405, 405,  405,  405,  405,  405,  405,  405,  405,  405),
    "home":              (302, 302,  302,  302,  302,  302,  302,  302,  302,  302),
    "inbox":             (302, 200,  200,  200,  200,  200,  200,  200,  200,  200),
    "case_list":         (302, 200,  200,  200,  200,  200,  200,  200,  200,  200),
    "case_new":          (302, 403,  403,  403,  403,  403,  200,  200,  403,  200),
    "case_new_form":     (302, 404,  404,  404,  404,  404,  200,  200,  404,  404),
    "case_detail":       (302, 200,  200,  200,  200,  200,  200,  404,  404,  404),
    "case_act":          (302, 405,  405,  405,  405,  405,  405,  405,  405,  405),
    "case_start":        (302, 405,  405,  405,  405,  405,  405,  405,  405,  405),
    "case_withdraw":     (302, 405,  405,  405,  405,  405,  405,  405,  405,  405),
    "case_comment":      (302, 405,  405,  405,  405,  405,  405,  405,  405,  405),
    "document_download": (302, 200,  200,  200,  200,  200,  200,  404,  404,  404),
    "registry":          (302, 200,  200,  200,  200,  200,  200,  200,  200,  200),
    "sop_list":          (302, 200,  200,  200,  200,  200,  200,  200,  200,  200),
    "sop_detail":        (302, 200,  200,  200,  200,  200,  200,  200,  404,  404),
    "sop_print":         (302, 200,  200,  200,  200,  200,  200,  200,  404,  404),
    "sop_print_pdf":     (302, 200,  200,  200,  200,  200,  200,  200,  404,  404),
    "sop_bpmn":          (302, 200,  200,  200,  200,  200,  200,  200,  404,  404),
    "admin:index":       (302, 302,  302,  302,  302,  302,  302,  302,  302,  302),
    "reports_home":      (302, 302,  302,  302,  403,  302,  403,  403,  302,  403),
    "reports_dashboard": (302, 200,  200,  200,  403,  200,  403,  403,  404,  404),
    "reports_xlsx":      (302, 200,  200,  200,  403,  200,  403,  403,  404,  404),
    "reports_pdf":       (302, 200,  200,  200,  403,  200,  403,  403,  404,  404),
    "reports_cases":     (302, 200,  200,  200,  403,  200,  403,  403,  404,  404),
    "survey_report":     (302, 200,  200,  200,  403,  200,  403,  403,  404,  404),
    "survey_xlsx":       (302, 200,  200,  200,  403,  200,  403,  403,  404,  404),
    "survey_pdf":        (302, 200,  200,  200,  403,  200,  403,  403,  404,  404),
}

# POST of every action: step 2 with the disposition, a start on step 2, SOP 5's request form
# filled in, signing out.
#                         anon kadis kabid kasi  dev   plh   bapp  dikb  kadisB disduk
ACTION_GRID = {
    "case_act":          (302, 302,  403,  403,  403,  302,  403,  404,  404,  404),
    "case_start":        (302, 302,  403,  403,  403,  302,  403,  404,  404,  404),
    "case_new_form":     (302, 404,  404,  404,  404,  404,  302,  302,  404,  404),
    "case_withdraw":     (302, 403,  403,  403,  403,  403,  302,  404,  404,  404),
    "case_comment":      (302, 403,  403,  403,  403,  403,  302,  404,  404,  404),
    "logout":            (302, 302,  302,  302,  302,  302,  302,  302,  302,  302),
}
# fmt: on

EXPECTED_PAGES: dict[tuple[str, str], int] = {
    (name, persona): status
    for name, row in PAGE_GRID.items()
    for persona, status in zip(PERSONAS, row, strict=True)
}
EXPECTED_ACTIONS: dict[tuple[str, str], int] = {
    (name, persona): status
    for name, row in ACTION_GRID.items()
    for persona, status in zip(PERSONAS, row, strict=True)
}

SUMBAWA_OFFICERS = {"kadis.sumbawa", "kabid.ti", "kasi.aplikasi", "dev.sumbawa", PLH}
SUMBAWA_OPDS = {"opd.bappeda", "opd.dikbud"}
BATAM = {"kadis.batam", "opd.disdukcapil"}
MAY_SEE_THE_CASE = SUMBAWA_OFFICERS | {"opd.bappeda"}
ACTS_AT_STEP_2 = {"kadis.sumbawa", PLH}
NOT_YOUR_LANE = "Langkah 2 dikerjakan oleh Kepala Dinas; Anda tidak memegang peran itu."
NOT_THE_REQUESTER = "Hanya pemohon yang mengajukan permohonan ini yang dapat melakukannya."
REQUESTER_ACTIONS = ("case_withdraw", "case_comment")

CASE_NUMBER = "case number"
SUMBAWA_SOP_LINK = "link to SOP 5"
BATAM_SOP_LINK = "link to a Batam SOP"
SOP5_START_LINK = "link to start SOP 5"

SHOWN_ON_200: dict[str, dict[str, set[str]]] = {
    "inbox": {CASE_NUMBER: ACTS_AT_STEP_2},
    "case_list": {CASE_NUMBER: MAY_SEE_THE_CASE},
    "case_detail": {CASE_NUMBER: MAY_SEE_THE_CASE},
    "registry": {CASE_NUMBER: set()},
    "sop_list": {
        CASE_NUMBER: set(),
        SUMBAWA_SOP_LINK: SUMBAWA_OFFICERS | SUMBAWA_OPDS,
        BATAM_SOP_LINK: BATAM,
    },
    "case_new": {CASE_NUMBER: set(), SOP5_START_LINK: SUMBAWA_OPDS},
    "reports_dashboard": {CASE_NUMBER: set()},
    "reports_cases": {CASE_NUMBER: {"kadis.sumbawa", "kabid.ti", "kasi.aplikasi", PLH}},
}
"""For pages that answer 200: which personas find each marker on the page (the others must not)."""


def _url(world: SimpleNamespace, name: str) -> str:
    pk = world.case_pk
    kwargs: dict[str, dict[str, object]] = {
        "case_new_form": {"code": SOP5},
        "case_detail": {"pk": pk},
        "case_act": {"pk": pk, "step": 2},
        "case_start": {"pk": pk, "step": 2},
        "case_withdraw": {"pk": pk},
        "case_comment": {"pk": pk},
        "document_download": {"pk": pk, "document_pk": world.letter.pk},
        "sop_detail": {"pk": world.sumbawa_sop.pk},
        "sop_print": {"pk": world.sumbawa_sop.pk, "number": 1},
        "sop_print_pdf": {"pk": world.sumbawa_sop.pk, "number": 1},
        "sop_bpmn": {"pk": world.sumbawa_sop.pk, "number": 1},
        "reports_dashboard": {"office": world.sumbawa.code},
        "reports_xlsx": {"office": world.sumbawa.code},
        "reports_pdf": {"office": world.sumbawa.code},
        "reports_cases": {"office": world.sumbawa.code},
        "survey_report": {"office": world.sumbawa.code},
        "survey_xlsx": {"office": world.sumbawa.code},
        "survey_pdf": {"office": world.sumbawa.code},
    }
    return reverse(name, kwargs=kwargs.get(name))


def _marker(world: SimpleNamespace, marker: str) -> str:
    return {
        CASE_NUMBER: world.case_number,
        SUMBAWA_SOP_LINK: f'href="/sop/{world.sumbawa_sop.pk}/"',
        BATAM_SOP_LINK: f'href="/sop/{world.batam_sop.pk}/"',
        SOP5_START_LINK: f'href="/permohonan/baru/{SOP5}/"',
    }[marker]


def _redirect_target(name: str, persona: str, url: str) -> str:
    if name == "admin:index":
        return "/admin/login/?next=/admin/"  # the admin's own sign-in: nobody here is staff
    if name == "home" or (name == "login" and persona != ANONYMOUS):
        return "/tugas/"
    if name == "reports_home" and persona != ANONYMOUS:
        office = "diskominfo-batam" if persona == "kadis.batam" else "dkisp-sumbawa"
        return f"/laporan/{office}/"
    return f"/masuk/?next={url}"


@pytest.mark.parametrize(("name", "persona"), list(EXPECTED_PAGES))
def test_each_page_answers_each_persona_as_the_table_says(
    world: SimpleNamespace, name: str, persona: str
) -> None:
    url = _url(world, name)

    response = client_as(world, persona).get(url)

    expected = EXPECTED_PAGES[name, persona]
    assert response.status_code == expected
    if expected == 302:
        assert response.headers["Location"] == _redirect_target(name, persona, url)
    if expected == 404:
        assert world.case_number not in response.content.decode()
    if expected != 200:
        return
    if name == "document_download":
        assert response.headers["Content-Disposition"] == 'attachment; filename="surat.pdf"'
        assert b"".join(response.streaming_content) == PDF
        return
    if name == "sop_print_pdf":
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        return
    if name == "sop_bpmn":
        disposition = f'attachment; filename="{SOP5}-v1.bpmn"'
        assert response.headers["Content-Disposition"] == disposition
        return
    if name in ("reports_xlsx", "reports_pdf", "survey_xlsx", "survey_pdf"):
        magic = b"PK\x03\x04" if name.endswith("xlsx") else b"%PDF-"
        assert response.content.startswith(magic)
        return
    html = response.content.decode()
    for marker, seen_by in SHOWN_ON_200.get(name, {}).items():
        assert (_marker(world, marker) in html) == (persona in seen_by), marker


def _post(world: SimpleNamespace, case: Case, name: str, persona: str) -> tuple[Client, Any]:
    client = client_as(world, persona)
    url = _url(world, name)
    payloads = {
        "case_act": {"version": case.version, DISPOSITION_INPUT: pdf_upload("disposisi")},
        "case_start": {},
        "case_new_form": {"title": "Aplikasi Dapodik Daerah", "doc-0": pdf_upload("surat")},
        "case_withdraw": {"reason": "Anggaran dialihkan."},
        "case_comment": {"text": "Mohon dipercepat."},
        "logout": {},
    }
    return client, client.post(url, payloads[name])


@pytest.mark.parametrize(("name", "persona"), list(EXPECTED_ACTIONS))
def test_each_action_answers_each_persona_as_the_table_says_and_only_allowed_ones_change_anything(
    world: SimpleNamespace, case: Case, name: str, persona: str
) -> None:
    before = snapshot(case)

    client, response = _post(world, case, name, persona)

    assert response.status_code == EXPECTED_ACTIONS[name, persona]
    after = snapshot(case)
    if name == "logout":
        assert response.headers["Location"] == "/masuk/"
        assert client.get("/tugas/").status_code == 302
        assert after == before
    elif persona == ANONYMOUS:
        assert response.headers["Location"] == f"/masuk/?next={_url(world, name)}"
        assert after == before
    elif name == "case_act" and persona in ACTS_AT_STEP_2:
        assert response.headers["Location"] == f"/permohonan/{case.pk}/"
        assert after["version"] > before["version"]
        assert after["events"] > before["events"]
        assert after["tasks"] == [
            (1, Task.Status.DONE, world.people["opd.bappeda"].pk),
            (2, Task.Status.DONE, world.people[persona].pk),
            (3, Task.Status.OPEN, None),
        ]
        assert after["documents"] == [*before["documents"], (DISPOSITION, 1)]
    elif name == "case_start" and persona in ACTS_AT_STEP_2:
        assert response.headers["Location"] == f"/permohonan/{case.pk}/#aksi-2"
        assert after == {**before, "events": before["events"] + 1}
    elif name == "case_withdraw" and persona == "opd.bappeda":
        assert response.headers["Location"] == f"/permohonan/{case.pk}/"
        assert (after["status"], after["events"]) == (Case.Status.WITHDRAWN, before["events"] + 1)
        assert after["tasks"] == [
            (1, Task.Status.DONE, world.people["opd.bappeda"].pk),
            (2, Task.Status.CLOSED, None),
        ]
    elif name == "case_comment" and persona == "opd.bappeda":
        assert response.headers["Location"] == f"/permohonan/{case.pk}/"
        assert after == {**before, "events": before["events"] + 1}
    elif name == "case_new_form" and persona in SUMBAWA_OPDS:
        opened = Case.objects.exclude(pk=case.pk).get()
        assert response.headers["Location"] == f"/permohonan/{opened.pk}/"
        assert (opened.requester.username, opened.requester_unit) == (
            persona,
            world.people[persona].unit,
        )
        assert after == {**before, "cases": before["cases"] + 1}
    else:
        assert after == before
        body = response.content.decode()
        if response.status_code == 403:
            assert (NOT_THE_REQUESTER if name in REQUESTER_ACTIONS else NOT_YOUR_LANE) in body
        if response.status_code == 404:
            assert case.number not in body


def test_the_plh_completes_step_2_in_the_kadis_lane_under_her_own_name(
    world: SimpleNamespace, case: Case
) -> None:
    plh = world.people[PLH]
    events_before = Event.objects.filter(case=case).count()

    client, response = _post(world, case, "case_act", PLH)

    assert response.status_code == 302
    done = Task.objects.get(case=case, step=2)
    assert (done.status, done.done_by, done.lanes) == (Task.Status.DONE, plh, ["kadis"])
    disposition = Document.objects.get(case=case, name=DISPOSITION)
    assert (disposition.uploaded_by, disposition.step) == (plh, 2)
    recorded = Event.objects.filter(case=case, seq__gt=events_before, step=2, lane="kadis")
    assert set(recorded.values_list("actor__username", flat=True)) == {PLH}
    assert Task.objects.get(case=case, status=Task.Status.OPEN).step == 3
    assert 'id="aksi-2"' not in client.get(response.headers["Location"]).content.decode()
    kabid_inbox = client_as(world, "kabid.ti").get("/tugas/").content.decode()
    assert f'<tr data-case="{case.number}" data-step="3">' in kabid_inbox
