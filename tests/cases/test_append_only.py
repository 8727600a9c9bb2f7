"""On PostgreSQL the record's tables refuse UPDATE and DELETE, whoever sends them: the ORM, raw
SQL, a cascade. Alur only ever adds rows; the database's owner can still disable the trigger,
which the keyed chain and the signed checkpoints are there for (test_audit.py)."""

from __future__ import annotations

import pytest
from casekit import SOP2_DOCS, Desk, sop2_opened
from django.db import IntegrityError, connection, transaction

from alur.cases import audit
from alur.cases.models import Case, Event

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the trigger is PostgreSQL's; SQLite, the embedded default, has none",
)

REFUSED = "catatan permohonan hanya bisa ditambah: {op} pada cases_event ditolak"


@pytest.fixture
def case(demo, desk: Desk) -> Case:
    return sop2_opened(desk, demo.batam)


def _refused(change) -> str:
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        change()
    return str(refused.value).splitlines()[0]


def test_an_event_cannot_be_changed_through_the_orm(case: Case) -> None:
    first = Event.objects.filter(case=case).order_by("seq").first()
    assert first is not None

    message = _refused(lambda: Event.objects.filter(pk=first.pk).update(note="diubah"))

    assert message == REFUSED.format(op="UPDATE")
    first.note = "diubah lagi"
    assert _refused(first.save) == REFUSED.format(op="UPDATE")


def test_an_event_cannot_be_deleted_nor_changed_in_raw_sql(case: Case) -> None:
    def raw(sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [case.pk])

    assert _refused(lambda: raw("DELETE FROM cases_event WHERE case_id = %s")) == (
        REFUSED.format(op="DELETE")
    )
    assert _refused(lambda: raw("UPDATE cases_event SET at = now() WHERE case_id = %s")) == (
        REFUSED.format(op="UPDATE")
    )


def test_the_record_is_whole_after_the_refusals_and_alur_still_adds_to_it(
    case: Case, desk: Desk
) -> None:
    before = list(Event.objects.filter(case=case).values_list("seq", "hash"))
    _refused(lambda: Event.objects.filter(case=case).delete())

    assert list(Event.objects.filter(case=case).values_list("seq", "hash")) == before

    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])

    after = list(Event.objects.filter(case=case).values_list("seq", "hash"))
    assert after[: len(before)] == before and len(after) > len(before)
    assert audit.verify_case(Case.objects.get(pk=case.pk)) is None
