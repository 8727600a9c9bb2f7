"""The lanes of open visits still to act, in columns an index reads, so a person's inbox asks
the database for their own steps; filled in for the visits open before this table existed."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def fill_open_lanes(apps: Any, schema_editor: Any) -> None:
    from alur.sop import check_text

    Task = apps.get_model("cases", "Task")
    OpenLane = apps.get_model("cases", "OpenLane")
    lanes_by_version: dict[int, dict[str, str]] = {}
    open_tasks = (
        Task.objects.filter(status="terbuka", case__status="berjalan")
        .select_related("case__sop_version")
        .order_by("pk")
    )
    batch = []
    for task in open_tasks.iterator(chunk_size=2000):
        case = task.case
        if case.sop_version_id not in lanes_by_version:
            version = case.sop_version
            sop = check_text(version.definition, f"sha256:{version.checksum[:12]}").sop
            lanes_by_version[version.pk] = (
                {}
                if sop is None
                else {lane.id: "" if lane.pemohon else lane.role for lane in sop.pelaksana}
            )
        roles = lanes_by_version[case.sop_version_id]
        for lane in task.lanes:
            if lane in task.confirmed_by or lane not in roles:
                continue
            batch.append(
                OpenLane(
                    task_id=task.pk,
                    office_id=case.office_id,
                    lane=lane,
                    role=roles[lane],
                    requester_unit_id=case.requester_unit_id,
                )
            )
        if len(batch) >= 2000:
            OpenLane.objects.bulk_create(batch)
            batch = []
    OpenLane.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_task_changed_due_at"),
        ("offices", "0003_office_due_soon_percent"),
    ]

    operations = [
        migrations.CreateModel(
            name="OpenLane",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("lane", models.CharField(max_length=64, verbose_name="lajur")),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        help_text="Kode peran yang bertindak; kosong untuk lajur pemohon.",
                        max_length=64,
                        verbose_name="peran",
                    ),
                ),
                (
                    "office",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to="offices.office",
                        verbose_name="kantor",
                    ),
                ),
                (
                    "requester_unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        to="offices.unit",
                        verbose_name="OPD pemohon",
                    ),
                ),
                (
                    "task",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="open_lanes",
                        to="cases.task",
                        verbose_name="langkah",
                    ),
                ),
            ],
            options={
                "verbose_name": "lajur terbuka",
                "verbose_name_plural": "lajur terbuka",
                "indexes": [
                    models.Index(fields=["office", "role"], name="open_lane_role"),
                    models.Index(fields=["requester_unit", "role"], name="open_lane_requester"),
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("task", "lane"), name="open_lane_once")
                ],
            },
        ),
        migrations.RunPython(fill_open_lanes, migrations.RunPython.noop),
    ]
