"""Kinerja over the API: target against realisation per SOP and per step over a period, for the
office's heads only (as the report's page), the period and SOP judged by the page's form and
refused field by field."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from alur.cases import services
from alur.cases.models import Case
from alur.catalog.services import definition_of
from tests.api.conftest import api_client
from tests.authz.world import DISPOSITION, PLH, SOP5, pdf_upload

URL = "/api/v1/kinerja/dkisp-sumbawa"


def _today(world: SimpleNamespace) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(world.sumbawa.zone)).date()


@pytest.mark.parametrize("persona", ["kadis.sumbawa", "kabid.ti", "kasi.aplikasi", PLH])
def test_the_heads_read_target_against_realisation(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    services.task_act(
        case=case,
        step=2,
        actor=world.people["kadis.sumbawa"],
        uploads={DISPOSITION: (pdf_upload("disposisi"), "disposisi.pdf")},
    )

    response = api_client(world, persona, scope="read").get(URL)

    assert response.status_code == 200
    body = response.json()
    assert (body["office"], body["last"]) == ("dkisp-sumbawa", _today(world).isoformat())
    assert [sop["code"] for sop in body["sops"]] == [SOP5]
    assert (body["counts"]["opened"], body["counts"]["open"]) == (1, 1)
    steps = {row["step"]: row for row in body["sops"][0]["steps"]}
    assert sorted(steps) == [step.no for step in definition_of(case.sop_version).langkah]
    disposition = steps[2]
    assert (disposition["target"], disposition["lanes"]) == ("1 Hari Kerja", "Kepala Dinas")
    assert disposition["target_minutes"] == body["minutes_per_day"]
    assert (disposition["finished"], disposition["with_target"], disposition["on_time"]) == (
        1,
        1,
        1,
    )
    assert disposition["on_time_rate"] == 1.0
    assert disposition["median_minutes"] is not None
    assert (steps[3]["open_now"], steps[3]["finished"]) == (1, 0)


@pytest.mark.parametrize("persona", ["dev.sumbawa", "opd.bappeda", "opd.dikbud"])
def test_the_offices_staff_and_opds_are_refused(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    response = api_client(world, persona).get(URL)

    assert response.status_code == 403
    assert response.json()["detail"] == "Laporan kinerja hanya untuk pimpinan kantor."


@pytest.mark.parametrize("persona", ["kadis.batam", "opd.disdukcapil"])
def test_another_offices_report_does_not_exist(
    world: SimpleNamespace, case: Case, persona: str
) -> None:
    response = api_client(world, persona).get(URL)

    assert response.status_code == 404
    assert SOP5 not in response.content.decode()


def test_a_period_before_the_request_counts_nothing(world: SimpleNamespace, case: Case) -> None:
    today = _today(world)
    first, last = today - dt.timedelta(days=800), today - dt.timedelta(days=400)

    body = (
        api_client(world, "kadis.sumbawa")
        .get(URL, {"dari": f"{first:%d-%m-%Y}", "sampai": last.isoformat(), "sop": SOP5})
        .json()
    )

    assert (body["first"], body["last"]) == (first.isoformat(), last.isoformat())
    assert body["counts"]["opened"] == 0
    assert body["sops"][0]["steps"][1]["finished"] == 0


def test_a_wrong_period_or_sop_is_refused_beside_its_field(
    world: SimpleNamespace, case: Case
) -> None:
    client = api_client(world, "kadis.sumbawa")

    date = client.get(URL, {"dari": "32-13-2026"})
    backwards = client.get(URL, {"dari": "02-01-2026", "sampai": "01-01-2026"})
    sop = client.get(URL, {"sop": "layanan-hosting-aplikasi"})

    assert {date.status_code, backwards.status_code, sop.status_code} == {422}
    assert date.json()["errors"] == [
        {"field": "query.dari", "detail": "Tulis tanggal sebagai hh-bb-tttt, mis. 01-01-2026."}
    ]
    assert [e["field"] for e in backwards.json()["errors"]] == ["query"]
    assert sop.json()["errors"] == [
        {
            "field": "query.sop",
            "detail": "SOP 'layanan-hosting-aplikasi' tidak dijalankan kantor ini.",
        }
    ]


def test_the_report_answers_304_to_its_own_etag(world: SimpleNamespace, case: Case) -> None:
    client = api_client(world, "kabid.ti")
    first = client.get(URL)

    assert client.get(URL, headers={"If-None-Match": first["ETag"]}).status_code == 304
