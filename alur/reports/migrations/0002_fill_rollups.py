"""Fill the report's rollups from the cases and visits written before the rollups existed."""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from alur.reports.rebuild import office_rebuild


def fill(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for office_id in apps.get_model("offices", "Office")._default_manager.values_list(
        "pk", flat=True
    ):
        office_rebuild(office_id=office_id, registry=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_rollups"),
        ("cases", "0004_task_working_minutes"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
