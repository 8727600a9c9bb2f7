"""A case may end refused (ditolak), besides finished, returned and stopped."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_task_done_as"),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="status",
            field=models.CharField(
                choices=[
                    ("berjalan", "berjalan"),
                    ("selesai", "selesai"),
                    ("dikembalikan", "dikembalikan"),
                    ("dihentikan", "dihentikan"),
                    ("ditolak", "ditolak"),
                ],
                default="berjalan",
                max_length=15,
                verbose_name="status",
            ),
        ),
    ]
