"""Waiting in the rollups: a step's day keeps the minutes its visits waited untouched, a
requesting unit's day the visits of its cases finished, their working and waiting minutes.
Refilled from the visits (their waiting filled by ``cases/0020_task_touched``)."""

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from alur.reports.rebuild import office_rebuild


def fill(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for office_id in apps.get_model("offices", "Office")._default_manager.values_list(
        "pk", flat=True
    ):
        office_rebuild(office_id=office_id, registry=apps)


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0007_case_day_withdrawn'),
        ('cases', '0020_task_touched'),
    ]

    operations = [
        migrations.AddField(
            model_name='caseday',
            name='visit_minutes',
            field=models.PositiveBigIntegerField(default=0, verbose_name='jumlah menit kerja kunjungan'),
        ),
        migrations.AddField(
            model_name='caseday',
            name='visits',
            field=models.PositiveIntegerField(default=0, verbose_name='kunjungan langkah selesai'),
        ),
        migrations.AddField(
            model_name='caseday',
            name='waiting',
            field=models.PositiveBigIntegerField(default=0, verbose_name='jumlah menit tunggu kunjungan'),
        ),
        migrations.AddField(
            model_name='stepday',
            name='waiting',
            field=models.PositiveBigIntegerField(default=0, verbose_name='jumlah menit tunggu'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
