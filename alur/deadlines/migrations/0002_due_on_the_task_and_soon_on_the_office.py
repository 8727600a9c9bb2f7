"""Moves what the case pages read out of the deadline tables: each office's due-soon share onto
the office, and each visit's latest agreed due onto the visit's row. Nothing is lost: the
policy's share is copied before its column goes, and the due changes themselves stay."""

from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery


def forward(apps: Any, schema_editor: Any) -> None:
    Office = apps.get_model("offices", "Office")
    DeadlinePolicy = apps.get_model("deadlines", "DeadlinePolicy")
    Task = apps.get_model("cases", "Task")
    DueChange = apps.get_model("deadlines", "DueChange")
    for policy in DeadlinePolicy.objects.all():
        Office.objects.filter(pk=policy.office_id).update(due_soon_percent=policy.soon_percent)
    latest = DueChange.objects.filter(task=OuterRef("pk")).order_by("-changed_at", "-id")
    Task.objects.filter(due_changes__isnull=False).update(
        changed_due_at=Subquery(latest.values("due_at")[:1])
    )


def backward(apps: Any, schema_editor: Any) -> None:
    Office = apps.get_model("offices", "Office")
    DeadlinePolicy = apps.get_model("deadlines", "DeadlinePolicy")
    for policy in DeadlinePolicy.objects.all():
        office = Office.objects.get(pk=policy.office_id)
        DeadlinePolicy.objects.filter(pk=policy.pk).update(soon_percent=office.due_soon_percent)


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0001_deadline_policy_due_changes_alerts"),
        ("offices", "0003_office_due_soon_percent"),
        ("cases", "0005_task_changed_due_at"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="deadlinepolicy", name="soon_percent"),
    ]
