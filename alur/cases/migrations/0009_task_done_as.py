"""A completed visit keeps what its completer acted as (a Plh/Plt delegation), as the event of
the completion records it; visits completed before stay empty, as their events say nothing."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_version_moves"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="done_as",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text=(
                    "Pelimpahan (Plh/Plt) yang dipakai orang yang menyelesaikan langkah, seperti "
                    "dicatat pada peristiwanya; kosong bila ia memegang perannya sendiri."
                ),
                verbose_name="dikerjakan sebagai",
            ),
        ),
    ]
