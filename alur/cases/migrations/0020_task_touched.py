"""Each visit's first touch (the first event about it by a person, other than its opening) and,
for a finished visit, its waiting: the office minutes from its opening to that touch. Filled in
from the record for the visits before these columns existed."""

import datetime as dt
from typing import Any

from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery


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


def fill_touched(apps: Any, schema_editor: Any) -> None:
    Office = apps.get_model("offices", "Office")
    OfficeDay = apps.get_model("offices", "OfficeDay")
    Task = apps.get_model("cases", "Task")
    Event = apps.get_model("cases", "Event")
    first = (
        Event.objects.filter(
            case=OuterRef("case"),
            step=OuterRef("step"),
            visit=OuterRef("visit"),
            actor__isnull=False,
        )
        .exclude(kind="step.opened")
        .values("case")
        .annotate(first=Min("at"))
        .values("first")
    )
    for office in Office.objects.all():
        calendar = _calendar(office, list(OfficeDay.objects.filter(office=office)))
        tasks = (
            Task.objects.filter(case__office=office)
            .annotate(first=Subquery(first))
            .filter(first__isnull=False)
            .only("pk", "opened_at", "done_at", "working_minutes")
        )
        batch = []
        for task in tasks.iterator(chunk_size=2000):
            task.touched_at = task.first
            if task.done_at is not None:
                waited = calendar.elapsed_minutes(
                    task.opened_at.astimezone(dt.UTC), task.first.astimezone(dt.UTC)
                )
                task.waiting_minutes = min(waited, task.working_minutes or 0)
            batch.append(task)
            if len(batch) == 2000:
                Task.objects.bulk_update(batch, ["touched_at", "waiting_minutes"])
                batch = []
        Task.objects.bulk_update(batch, ["touched_at", "waiting_minutes"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0019_step_draft"),
        ("offices", "0008_api_tokens"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="touched_at",
            field=models.DateTimeField(
                blank=True,
                help_text=(
                    "Peristiwa pertama kunjungan ini oleh seseorang (konfirmasi, penyelesaian, "
                    "surat, permintaan perubahan tenggat); kosong selama belum disentuh."
                ),
                null=True,
                verbose_name="pertama ditangani",
            ),
        ),
        migrations.AddField(
            model_name="task",
            name="waiting_minutes",
            field=models.PositiveIntegerField(
                blank=True,
                help_text=(
                    "Menit jam kantor dari dibuka sampai pertama ditangani: bagian waktu kerja "
                    "ketika langkah terbuka tanpa disentuh."
                ),
                null=True,
                verbose_name="waktu tunggu (menit)",
            ),
        ),
        migrations.RunPython(fill_touched, migrations.RunPython.noop),
    ]
