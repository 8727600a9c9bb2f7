"""The share of a step's allowed time under which it is due soon is the office's own setting,
beside its working hours (it was the deadline policy's; ``deadlines`` 0002 moves the values)."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("offices", "0002_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="office",
            name="due_soon_percent",
            field=models.PositiveSmallIntegerField(
                default=25,
                help_text=(
                    "Langkah ditandai segera jatuh tempo, dan pelaksananya diingatkan, bila sisa "
                    "waktunya kurang dari bagian ini dari waktu yang diberikan."
                ),
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(99),
                ],
                verbose_name="segera jatuh tempo (%)",
            ),
        ),
    ]
