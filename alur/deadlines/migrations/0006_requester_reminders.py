"""Reminders of the requester's time limit: each is once per visit, limit and days before,
so the unique claim of an alert counts the days before too (0 for every other alert)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0014_case_lapsed'),
        ('catalog', '0005_lane_roles'),
        ('deadlines', '0005_service_alerts'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='alert',
            name='alert_once_per_task_due',
        ),
        migrations.AddField(
            model_name='alert',
            name='days_before',
            field=models.PositiveSmallIntegerField(default=0, help_text='Untuk pengingat batas pemohon: berapa hari sebelum batas (tiap pengingat dikirim sekali).', verbose_name='hari sebelum batas'),
        ),
        migrations.AddConstraint(
            model_name='alert',
            constraint=models.UniqueConstraint(condition=models.Q(('task__isnull', False)), fields=('task', 'kind', 'due_at', 'days_before'), name='alert_once_per_task_due_and_day'),
        ),
    ]
