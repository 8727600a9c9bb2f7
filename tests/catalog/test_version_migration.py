"""catalog/0004: a version that was 'terbit' is 'berlaku' with no start date, so new cases keep
starting on it; drafts and withdrawn versions keep their state."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The offices as they were then too: later migrations of theirs add columns the old model lacks.
BEFORE = [("catalog", "0003_verbose_names"), ("offices", "0002_verbose_names")]
AFTER = [("catalog", "0004_version_lifecycle")]


pytestmark = pytest.mark.usefixtures("migrated_again")


@pytest.mark.django_db(transaction=True)
def test_published_versions_stay_in_force_and_the_others_keep_their_state() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    office = old.get_model("offices", "Office").objects.create(
        code="uji", name="Kantor Uji", government="Pemda", city="Batam", zone="Asia/Jakarta"
    )
    sop = old.get_model("catalog", "Sop").objects.create(office=office, code="s", name="S")
    for number, status in [(1, "dicabut"), (2, "terbit"), (3, "draf")]:
        old.get_model("catalog", "SopVersion").objects.create(
            sop=sop, number=number, definition="x", checksum="0" * 64, status=status
        )

    executor.loader.build_graph()
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps.get_model("catalog", "SopVersion")
    assert sorted(
        new.objects.values_list("number", "status", "in_force_from", "in_force_until", "revision")
    ) == [(1, "dicabut", None, None, 0), (2, "berlaku", None, None, 0), (3, "draf", None, None, 0)]
