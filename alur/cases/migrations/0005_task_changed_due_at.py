"""A visit keeps the due of its latest agreed change beside its original target, so the pages
read a step's due from its own row (``deadlines`` 0002 fills it for earlier changes)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_task_working_minutes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="task",
            name="due_at",
            field=models.DateTimeField(
                blank=True,
                help_text="Target yang ditetapkan saat langkah dibuka; tidak pernah diubah.",
                null=True,
                verbose_name="tenggat",
            ),
        ),
        migrations.AddField(
            model_name="task",
            name="changed_due_at",
            field=models.DateTimeField(
                blank=True,
                help_text=(
                    "Tenggat menurut perubahan terakhir yang disetujui (perpanjangan, jadwal)."
                ),
                null=True,
                verbose_name="tenggat setelah perubahan",
            ),
        ),
    ]
