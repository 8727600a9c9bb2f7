"""A monitoring form's record becomes a hash chain of its own (alur.monitoring.chain): each
event gets its place in the form's record, in the order it was written, and is hashed with the
record key in force; each form keeps its chain's head. What was written before is thereby
vouched for as it stands now, as the events of cases written before their chain was keyed."""

from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from alur.cases.audit import GENESIS, keyed_hash
from alur.monitoring.chain import canonical


def chain(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    record_model = apps.get_model("monitoring", "MonitoringRecord")
    event_model = apps.get_model("monitoring", "MonitoringEvent")
    key_id = settings.RECORD_KEY_ID
    for record in record_model.objects.order_by("pk").iterator():
        prev = GENESIS
        events = event_model.objects.filter(record=record).order_by("at", "pk")
        for seq, event in enumerate(events, start=1):
            event.seq, event.key_id, event.prev_hash = seq, key_id, prev
            event.hash = keyed_hash(prev, canonical(event), key_id)
            event.save(update_fields=["seq", "key_id", "prev_hash", "hash"])
            prev = event.hash
        record.last_event_hash = prev if prev != GENESIS else ""
        record.save(update_fields=["last_event_hash"])


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_monitoring_records_rows_events")]

    operations = [
        migrations.AddField(
            model_name="monitoringrecord",
            name="last_event_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="monitoringevent",
            name="seq",
            field=models.PositiveIntegerField(default=0, verbose_name="urutan"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="monitoringevent",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=32, verbose_name="kunci"),
        ),
        migrations.AddField(
            model_name="monitoringevent",
            name="prev_hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="monitoringevent",
            name="hash",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="monitoringevent",
            options={
                "ordering": ["record", "seq"],
                "verbose_name": "catatan formulir monitoring",
                "verbose_name_plural": "catatan formulir monitoring",
            },
        ),
        migrations.AddConstraint(
            model_name="monitoringevent",
            constraint=models.UniqueConstraint(
                fields=("record", "seq"), name="monitoring_event_seq_once"
            ),
        ),
    ]
