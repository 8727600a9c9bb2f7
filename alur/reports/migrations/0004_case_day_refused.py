"""A day's cases closed refused (ditolak) are counted on their own, as returned and stopped are.
No case ended refused before, so every existing row keeps 0."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_rollup_rows_insert_only"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseday",
            name="refused",
            field=models.PositiveIntegerField(default=0, verbose_name="ditolak"),
        ),
    ]
