"""On PostgreSQL the table of a monitoring form's record refuses UPDATE and DELETE: rows are
only ever added (docs/operations.md#an-append-only-table). The database's owner can still drop the trigger, as
they can rewrite anything; the keyed chain and the signed checkpoints catch that. SQLite, the
embedded default, has no such trigger: it would vanish with the table rebuilds of its
migrations."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

TABLE = "monitoring_monitoringevent"
FUNCTION = f"{TABLE}_append_only"
CREATE = f"""
CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'catatan formulir monitoring hanya bisa ditambah: % pada % ditolak',
        TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation',
              HINT = 'the record is append-only (docs/operations.md)';
END
$$;
CREATE TRIGGER {FUNCTION} BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}();
"""
DROP = f"DROP TRIGGER IF EXISTS {FUNCTION} ON {TABLE}; DROP FUNCTION IF EXISTS {FUNCTION}();"


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_event_chain")]

    operations = [migrations.RunPython(create, drop)]
