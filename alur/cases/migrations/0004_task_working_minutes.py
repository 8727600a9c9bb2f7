"""Each finished visit's working time (office minutes), for the performance reports, filled in
for the visits finished before this column existed; and the indexes the reports read by."""

import datetime as dt
from typing import Any

from django.db import migrations, models


def _calendar(office: Any, days: list[Any]) -> Any:
    from alur.sop import OfficeCalendar

    return OfficeCalendar(
        zone=office.zone,
        opens=office.opens,
        closes=office.closes,
        workdays=tuple(int(p) for p in office.workdays.split(",") if p.strip()),
        national_holidays=office.national_holidays,
        bare_day_unit="calendar" if office.bare_day_unit == "calendar" else "working",
        days_off={d.date: d.name for d in days if d.kind == "libur"},
        extra_working_days=[d.date for d in days if d.kind == "kerja"],
    )


def fill_working_minutes(apps: Any, schema_editor: Any) -> None:
    Office = apps.get_model("offices", "Office")
    OfficeDay = apps.get_model("offices", "OfficeDay")
    Task = apps.get_model("cases", "Task")
    for office in Office.objects.all():
        calendar = _calendar(office, list(OfficeDay.objects.filter(office=office)))
        finished = Task.objects.filter(
            case__office=office, status="selesai", done_at__isnull=False
        ).only("pk", "opened_at", "done_at")
        batch = []
        for task in finished.iterator(chunk_size=2000):
            task.working_minutes = calendar.elapsed_minutes(
                task.opened_at.astimezone(dt.UTC), task.done_at.astimezone(dt.UTC)
            )
            batch.append(task)
            if len(batch) == 2000:
                Task.objects.bulk_update(batch, ["working_minutes"])
                batch = []
        Task.objects.bulk_update(batch, ["working_minutes"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_verbose_names"),
        ("offices", "0002_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="working_minutes",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Menit jam kantor dari dibuka sampai selesai, menurut kalender kantor.",
                null=True,
                verbose_name="waktu kerja (menit)",
            ),
        ),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(fields=["status", "done_at"], name="task_status_done"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["office", "opened_at"], name="case_office_opened"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["office", "closed_at"], name="case_office_closed"),
        ),
        migrations.RunPython(fill_working_minutes, migrations.RunPython.noop),
    ]
