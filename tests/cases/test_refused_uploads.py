"""Documents sent with an action are kept only with it: a refused action (wrong lane, stale
page, a wrong value) and the losers of a race keep no version; an action refused only because
another document is still missing keeps what it brought, so the person adds only the rest."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from casekit import SOP5_DOCS, WITA, Desk, all_at_once, pdf_bytes, sop5_opened
from django.db import connection

from alur.cases import services
from alur.cases.models import Case, Document, Event
from alur.catalog.services import sop_version_create

DISPOSITION = "Disposisi Dinas"
AT = dt.datetime(2026, 3, 2, 11, 0, tzinfo=WITA)


def _upload(label: str, name: str = DISPOSITION) -> dict[str, tuple[io.BytesIO, str]]:
    return {name: (io.BytesIO(pdf_bytes(label)), f"{label}.pdf")}


def _kept(case: Case) -> list[tuple[str, int]]:
    return list(Document.objects.filter(case=case).values_list("name", "version").order_by("id"))


def _document_events(case: Case) -> int:
    return Event.objects.filter(case=case, kind="document.added").count()


@pytest.mark.django_db
def test_an_action_of_someone_outside_the_lane_keeps_no_document(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    before = (_kept(case), _document_events(case))

    with pytest.raises(services.NotAllowed):
        services.task_act(
            case=case, step=2, actor=demo.people["kabid.ti"], uploads=_upload("luar"), at=AT
        )

    assert (_kept(case), _document_events(case)) == before


@pytest.mark.django_db
def test_an_action_from_a_stale_page_keeps_no_document(demo: SimpleNamespace, desk: Desk) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    seen = case.version
    services.document_add(
        case=case,
        name="Catatan",
        upload=io.BytesIO(pdf_bytes("catatan")),
        filename="catatan.pdf",
        actor=demo.people["kadis.sumbawa"],
        at=AT,
    )
    before = (_kept(case), _document_events(case))

    with pytest.raises(services.Conflict):
        services.task_act(
            case=Case.objects.get(pk=case.pk),
            step=2,
            actor=demo.people["kadis.sumbawa"],
            uploads=_upload("basi"),
            expected_version=seen,
            at=AT + dt.timedelta(minutes=5),
        )

    assert (_kept(case), _document_events(case)) == before


@pytest.mark.django_db
def test_an_action_with_a_wrong_value_keeps_no_document(demo: SimpleNamespace) -> None:
    sop = Path(__file__).parent / "sops" / "formulir-pemohon.yaml"
    sop_version_create(office=demo.sumbawa, text=sop.read_text(encoding="utf-8"), publish=True)
    opd = demo.people["opd.bappeda"]
    good = {"nama-aplikasi": "SIMPEG", "tanggal-operasi": "2026-04-01"}
    case = services.case_open(
        office=demo.sumbawa,
        sop_code="data-aplikasi",
        requester=opd,
        title="Pendataan SIMPEG",
        data={"data-aplikasi": good},
        uploads=_upload("surat", "Surat Permohonan"),
        at=AT,
    )
    case = services.task_act(
        case=case, step=2, actor=demo.people["kabid.ti"], decision="tidak", at=AT
    )
    before = (_kept(case), _document_events(case))

    with pytest.raises(services.Invalid):
        services.task_act(
            case=case,
            step=1,
            actor=opd,
            data={"data-aplikasi": {"tanggal-operasi": "besok"}},
            uploads=_upload("surat-baru", "Surat Permohonan"),
            at=AT + dt.timedelta(hours=1),
        )

    assert (_kept(case), _document_events(case)) == before


@pytest.mark.django_db
def test_an_action_refused_only_for_a_missing_document_keeps_what_it_brought(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])
    desk.act(case, 3, "kabid.ti", docs=SOP5_DOCS[3])
    desk.act(case, 4, "kasi.aplikasi")
    first, *rest = SOP5_DOCS[5]

    with pytest.raises(services.Invalid):
        desk.act(case, 5, "kasi.aplikasi", docs=[first])

    assert (first, 1) in _kept(case)
    assert case.tasks.get(step=5).status == "terbuka"
    desk.act(case, 5, "kasi.aplikasi", docs=rest)
    assert case.tasks.get(step=5).status == "selesai"
    assert [name for name, _version in _kept(case)].count(first) == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite cannot hold row locks for concurrent connections",
)
def test_racing_completions_with_uploads_keep_one_new_version_the_winners(
    transactional_db: None, demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    kadis = demo.people["kadis.sumbawa"]
    before = Document.objects.filter(case=case).count()

    def complete(index: int) -> object:
        return services.task_act(
            case=Case(pk=case.pk),
            step=2,
            actor=kadis,
            uploads=_upload(f"disposisi-{index}"),
            at=AT + dt.timedelta(minutes=index),
        )

    results = all_at_once([lambda i=i: complete(i) for i in range(20)])

    winners = [i for i, result in enumerate(results) if isinstance(result, Case)]
    assert len(winners) == 1
    assert all(isinstance(r, services.Conflict) for r in results if not isinstance(r, Case))
    added = Document.objects.filter(case=case).order_by("id")[before:]
    assert [(d.name, d.version) for d in added] == [(DISPOSITION, 1)]
    expected = hashlib.sha256(pdf_bytes(f"disposisi-{winners[0]}")).hexdigest()
    assert added[0].sha256 == expected
    assert Event.objects.filter(case=case, kind="document.added", step=2).count() == 1
