"""A day's cases withdrawn by their requesters (ditarik) are counted on their own, as lapsed
ones are. No case was withdrawn before, so every existing row keeps 0."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0006_case_day_lapsed'),
    ]

    operations = [
        migrations.AddField(
            model_name='caseday',
            name='withdrawn',
            field=models.PositiveIntegerField(default=0, verbose_name='ditarik pemohon'),
        ),
    ]
