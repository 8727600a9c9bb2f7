"""A day's cases closed lapsed (gugur) are counted on their own, as refused ones are. No case
lapsed before, so every existing row keeps 0."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0005_case_day_service'),
    ]

    operations = [
        migrations.AddField(
            model_name='caseday',
            name='lapsed',
            field=models.PositiveIntegerField(default=0, verbose_name='gugur'),
        ),
    ]
