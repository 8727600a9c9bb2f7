"""Every page and action of ``alur/monitoring/urls.py``, as every persona of the world
(``world.py``), against one table of outcomes.

The rules: the monitoring form and the timeline are for the heads of the office owning the SOP
or the case (a role heading another role, or a Plh/Plt for one today): Sumbawa's Kadis, Kabid
TI, Kasi Aplikasi and the Kadis's Plh. Sumbawa's developer and its OPDs are refused (403); a
person of another office gets 404, as does an OPD that may not see the case at all.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import URLPattern, reverse
from django.utils import timezone

from alur.monitoring import services
from alur.monitoring.models import MonitoringEvent, MonitoringRecord, MonitoringRow
from alur.monitoring.periods import period_of
from alur.monitoring.urls import urlpatterns
from tests.authz.world import PERSONAS, client_as

pytestmark = pytest.mark.django_db

# fmt: off
#                           anon kadis kabid kasi  dev   plh   bapp  dikb  kadisB disduk
PAGE_GRID = {
    "monitoring_sop":      (302, 200,  200,  200,  403,  200,  403,  403,  404,  404),
    "monitoring_record":   (302, 200,  200,  200,  403,  200,  403,  403,  404,  404),
    "monitoring_pdf":      (302, 200,  200,  200,  403,  200,  403,  403,  404,  404),
    "monitoring_xlsx":     (302, 200,  200,  200,  403,  200,  403,  403,  404,  404),
    "case_timeline":       (302, 200,  200,  200,  403,  200,  403,  404,  404,  404),
    "case_timeline_pdf":   (302, 200,  200,  200,  403,  200,  403,  404,  404,  404),
    "case_timeline_xlsx":  (302, 200,  200,  200,  403,  200,  403,  404,  404,  404),
    "monitoring_save":     (302, 405,  405,  405,  405,  405,  405,  405,  405,  405),
    "monitoring_sign":     (302, 405,  405,  405,  405,  405,  405,  405,  405,  405),
    "monitoring_revise":   (302, 405,  405,  405,  405,  405,  405,  405,  405,  405),
}
ACTION_GRID = {
    "monitoring_sop":      (302, 422,  422,  422,  403,  422,  403,  403,  404,  404),
    "monitoring_save":     (302, 302,  302,  302,  403,  302,  403,  403,  404,  404),
    "monitoring_sign":     (302, 302,  302,  302,  403,  302,  403,  403,  404,  404),
    "monitoring_revise":   (302, 302,  302,  302,  403,  302,  403,  403,  404,  404),
}
# fmt: on
HEADS = {"kadis.sumbawa", "kabid.ti", "kasi.aplikasi", "plh.sumbawa"}
REFUSAL = "Halaman ini untuk kepala dinas, kepala bidang dan kepala seksi"
NIP = "197503122000031004"


@pytest.fixture
def record(world: SimpleNamespace, db: None) -> MonitoringRecord:
    """The form of the current half-year of SOP 5, opened by Sumbawa's Kadis."""
    year, half = period_of(timezone.now(), world.sumbawa.zone)
    return services.monitoring_open(
        sop=world.sumbawa_sop, year=year, half=half, actor=world.people["kadis.sumbawa"]
    )


def _url(world: SimpleNamespace, record: MonitoringRecord, name: str) -> str:
    if name == "monitoring_sop":
        return reverse(name, args=[world.sumbawa_sop.pk])
    if name.startswith("case_timeline"):
        return reverse(name, args=[world.case_pk])
    return reverse(name, args=[record.pk])


def _snapshot() -> tuple[object, ...]:
    return (
        list(MonitoringRecord.objects.order_by("pk").values_list("pk", "version", "signed_at")),
        list(MonitoringRow.objects.order_by("pk").values_list("assessment", "note", "action")),
        MonitoringEvent.objects.count(),
    )


def test_every_monitoring_url_is_in_the_tables() -> None:
    names = {p.name for p in urlpatterns if isinstance(p, URLPattern)}

    assert names == set(PAGE_GRID)
    assert set(ACTION_GRID) <= names


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(PAGE_GRID))
def test_each_monitoring_page_answers_each_persona_as_the_table_says(
    world: SimpleNamespace, record: MonitoringRecord, name: str, persona: str
) -> None:
    url = _url(world, record, name)
    before = _snapshot()

    response = client_as(world, persona).get(url)

    expected = PAGE_GRID[name][PERSONAS.index(persona)]
    assert response.status_code == expected
    assert _snapshot() == before
    if expected == 302:
        assert response.headers["Location"] == f"/masuk/?next={url}"
    if expected == 403:
        assert REFUSAL in response.content.decode()
    if expected == 404:
        assert world.case_number not in response.content.decode()


def _payload(record: MonitoringRecord, name: str) -> dict[str, str]:
    if name == "monitoring_sop":
        return {"year": str(record.year), "half": str(record.half)}  # already there: 422
    if name == "monitoring_save":
        return {"penilaian-1": "baik", "catatan-1": "Diperiksa.", "tindakan-1": ""}
    return {"name": "Kepala DKISP Sumbawa", "nip": NIP, "confirmed": "on"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", list(ACTION_GRID))
def test_each_monitoring_action_answers_each_persona_and_only_heads_change_anything(
    world: SimpleNamespace, record: MonitoringRecord, name: str, persona: str
) -> None:
    if name == "monitoring_revise":
        services.monitoring_rows_save(
            record=record,
            actor=world.people["kadis.sumbawa"],
            rows={row.no: services.RowInput("baik", row.note, "") for row in record.rows.all()},
        )
        services.monitoring_sign(
            record=record,
            actor=world.people["kadis.sumbawa"],
            name="Kepala DKISP Sumbawa",
            nip=NIP,
            confirmed=True,
        )
    if name == "monitoring_sign":
        services.monitoring_rows_save(
            record=record,
            actor=world.people["kadis.sumbawa"],
            rows={row.no: services.RowInput("baik", row.note, "") for row in record.rows.all()},
        )
    before = _snapshot()

    response = client_as(world, persona).post(_url(world, record, name), _payload(record, name))

    expected = ACTION_GRID[name][PERSONAS.index(persona)]
    assert response.status_code == expected
    fresh = MonitoringRecord.objects.get(pk=record.pk)
    if persona in HEADS and name == "monitoring_save":
        assert (fresh.rows.get(no=1).assessment, fresh.rows.get(no=1).note) == (
            "baik",
            "Diperiksa.",
        )
    elif persona in HEADS and name == "monitoring_sign":
        assert (fresh.signed_at is not None, fresh.assessor.username) == (True, persona)
    elif persona in HEADS and name == "monitoring_revise":
        revision = MonitoringRecord.objects.get(revises=record)
        assert (revision.version, revision.created_by.username) == (2, persona)
    else:
        assert _snapshot() == before
