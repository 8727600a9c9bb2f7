"""monitoring/0002 makes the forms' records hash chains: the events written before get their
place in the order they were written and their hashes, each form its head, and the chain of
every form then verifies; events written afterwards go on from that head."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from alur.monitoring import chain
from alur.monitoring.models import MonitoringEvent, MonitoringRecord
from alur.offices.models import User

WITA = ZoneInfo("Asia/Makassar")
BEFORE = ("monitoring", "0001_monitoring_records_rows_events")


pytestmark = pytest.mark.usefixtures("migrated_again")


@pytest.mark.django_db(transaction=True)
def test_the_events_written_before_become_a_chain_that_verifies_and_goes_on() -> None:
    executor = MigrationExecutor(connection)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "monitoring"]
    executor.migrate([BEFORE])
    old = executor.loader.project_state([*others, BEFORE]).apps
    office = old.get_model("offices", "Office").objects.create(
        code="uji", name="Uji", government="Pemda", city="Sumbawa Besar"
    )
    user = old.get_model("offices", "User").objects.create(username="kadis.uji", office=office)
    sop = old.get_model("catalog", "Sop").objects.create(office=office, code="s", name="S")
    version = old.get_model("catalog", "SopVersion").objects.create(
        sop=sop, number=1, definition="x", checksum="0" * 64, status="terbit"
    )
    records = old.get_model("monitoring", "MonitoringRecord").objects
    events = old.get_model("monitoring", "MonitoringEvent").objects
    opened = dt.datetime(2026, 7, 6, 9, 0, tzinfo=WITA)
    forms = [
        records.create(
            sop=sop,
            sop_version=version,
            year=2026,
            half=half,
            version=1,
            created_by=user,
            created_at=opened,
        )
        for half in (1, 2)
    ]
    # written out of order of their ids: the chain follows the moments
    later = events.create(
        record=forms[0], kind="monitoring.rows.saved", at=opened + dt.timedelta(hours=1),
        actor=user, data={"changes": [2]},
    )  # fmt: skip
    first = events.create(
        record=forms[0], kind="monitoring.record.opened", at=opened, actor=user,
        data={"year": 2026, "half": 1},
    )  # fmt: skip
    events.create(
        record=forms[1], kind="monitoring.record.opened", at=opened, actor=user,
        data={"year": 2026, "half": 2},
    )  # fmt: skip

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    chained = MonitoringEvent.objects.filter(record_id=forms[0].pk)
    assert list(chained.values_list("pk", "seq")) == [(first.pk, 1), (later.pk, 2)]
    assert list(chain.verify_forms()) == []
    record = MonitoringRecord.objects.get(pk=forms[0].pk)
    assert record.last_event_hash == chained.get(seq=2).hash
    chain.event_append(
        record, "monitoring.rows.saved", User.objects.get(pk=user.pk), opened, {"changes": []}
    )
    assert list(chained.values_list("seq", flat=True)) == [1, 2, 3]
    assert list(chain.verify_forms()) == []
