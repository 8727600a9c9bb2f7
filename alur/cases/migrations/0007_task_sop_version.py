"""Each visit names the SOP version it ran on, so its step number keeps its meaning when the case
moves to another version; the visits before this column were all on their case's version."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_versions(apps: Any, schema_editor: Any) -> None:
    Task = apps.get_model("cases", "Task")
    Case = apps.get_model("cases", "Case")
    Task.objects.update(
        sop_version_id=Subquery(
            Case.objects.filter(pk=OuterRef("case_id")).values("sop_version_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_open_lanes"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="sop_version",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.sopversion",
            ),
        ),
        migrations.RunPython(fill_versions, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="task",
            name="sop_version",
            field=models.ForeignKey(
                help_text=(
                    "Versi yang dijalankan kunjungan ini: nomor langkahnya dibaca menurut versi "
                    "itu, juga setelah permohonan dipindahkan ke versi lain."
                ),
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.sopversion",
                verbose_name="versi SOP",
            ),
        ),
    ]
