"""Many people acting at the same moment, each on their own database connection: the case row
lock lets exactly one complete a step, a joint step takes every lane's confirmation, and
requests sent together each get their own number.

These need a database that locks rows between connections (PostgreSQL); CI runs on it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from casekit import (
    LETTER,
    SOP4,
    SOP4_DOCS,
    SOP5,
    WITA,
    Desk,
    all_at_once,
    pdf_bytes,
    sop5_opened,
)
from django.db import connection

from alur.cases import services
from alur.cases.models import Case, CaseSequence, Event, Task
from alur.offices.models import User

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite cannot hold row locks for concurrent connections",
)

THREADS = 32


def test_32_people_completing_the_same_step_at_once_complete_it_once(
    transactional_db, demo, desk: Desk
) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    kadis: User = demo.people["kadis.sumbawa"]
    services.document_add(
        case=case,
        name="Disposisi Dinas",
        upload=io.BytesIO(pdf_bytes("disposisi")),
        filename="disposisi.pdf",
        actor=kadis,
        at=dt.datetime(2026, 3, 2, 10, 0, tzinfo=WITA),
    )
    case.refresh_from_db()
    seen = case.version

    def complete(minute: int) -> Callable[[], object]:
        return lambda: services.task_act(
            case=Case(pk=case.pk),
            step=2,
            actor=kadis,
            expected_version=seen,
            at=dt.datetime(2026, 3, 2, 11, minute, tzinfo=WITA),
        )

    results = all_at_once([complete(minute) for minute in range(THREADS)])

    done = [r for r in results if isinstance(r, Case)]
    conflicts = [r for r in results if isinstance(r, services.Conflict)]
    assert (len(done), len(conflicts)) == (1, THREADS - 1)
    assert {c.message.split(" pada ")[0] for c in conflicts} == {
        "Langkah 2 sudah dikerjakan oleh Kepala DKISP Sumbawa"
    }
    assert [
        (t.visit, t.status, t.done_by)
        for t in Task.objects.filter(case=case, step=2).select_related("done_by")
    ] == [(1, "selesai", kadis)]
    assert Event.objects.filter(case=case, kind="step.completed", step=2, visit=1).count() == 1
    assert Task.objects.filter(case=case, step=3).count() == 1


def test_both_lanes_of_a_joint_review_confirming_at_once_both_count(
    transactional_db, demo, desk: Desk
) -> None:
    case = desk.open(demo.batam, SOP4, "opd.disdukcapil", docs=SOP4_DOCS[1], title="SIAK")
    desk.act(case, 2, "analis.batam", docs=SOP4_DOCS[2])
    at = desk.tick(demo.batam)

    def confirm(who: str) -> Callable[[], object]:
        return lambda: services.task_act(
            case=Case(pk=case.pk),
            step=3,
            actor=demo.people[who],
            uploads=desk.uploads(SOP4_DOCS[3]),
            at=at,
        )

    results = all_at_once([confirm("kasi.pa"), confirm("opd.disdukcapil")])

    assert [type(r) for r in results] == [Case, Case]
    step3 = Task.objects.select_related("done_by").get(case=case, step=3)
    assert step3.status == Task.Status.DONE
    assert sorted(step3.confirmed_by) == ["instansi-pemilik", "kasi"]
    assert list(
        Event.objects.filter(case=case, step=3, kind__startswith="step.c")
        .order_by("seq")
        .values_list("kind", flat=True)
    ) == ["step.confirmed", "step.completed"]
    assert [(t.step, t.status) for t in Task.objects.filter(case=case, step=4)] == [(4, "terbuka")]


def test_requests_sent_at_once_take_distinct_consecutive_numbers(transactional_db, demo) -> None:
    """The first requests of a year race to create the year's counter; none loses its number."""
    at = dt.datetime(2026, 1, 5, 9, 0, tzinfo=WITA)

    def send(index: int) -> Callable[[], object]:
        who = "opd.bappeda" if index % 2 else "opd.dikbud"
        return lambda: services.case_open(
            office=demo.sumbawa,
            sop_code=SOP5,
            requester=demo.people[who],
            title=f"Aplikasi {index}",
            uploads={LETTER: (io.BytesIO(pdf_bytes(f"surat {index}")), "surat.pdf")},
            at=at,
        )

    results = all_at_once([send(index) for index in range(8)])

    assert [type(r) for r in results] == [Case] * 8
    assert sorted(Case.objects.values_list("number", flat=True)) == [
        f"555/{n:03d}/DKIST/2026" for n in range(1, 9)
    ]
    assert CaseSequence.objects.get(office=demo.sumbawa, year=2026).last == 8


def test_two_versions_of_one_sop_published_at_once_leave_exactly_one_published(
    transactional_db, demo
) -> None:
    from alur.catalog.models import SopVersion
    from alur.catalog.services import sop_version_create, sop_version_publish

    text = (
        Path(__file__).resolve().parents[2] / "sops" / "05-permohonan-pembuatan-aplikasi.yaml"
    ).read_text(encoding="utf-8")
    drafts = [
        sop_version_create(office=demo.sumbawa, text=f"{text}\n# revisi {n}\n") for n in (2, 3)
    ]

    results = all_at_once(
        [lambda version=version: sop_version_publish(version=version) for version in drafts]
    )

    assert not [r for r in results if isinstance(r, Exception)]
    statuses = SopVersion.objects.filter(sop=drafts[0].sop).values_list("status", flat=True)
    assert sorted(statuses) == ["berlaku", "dicabut", "dicabut"]
