"""On PostgreSQL, a GIN index of the words of a request's number and perihal, for the search of
the request list (``alur.cases.search``). An expression index rather than a generated column:
the expression is the one ``search.case_words`` builds, so the query needs no column of its
own and the model stays the same on SQLite, which has no full text search of this kind and
gets no index (its search reads the fields with ``icontains``)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEX = "case_search_words"
CREATE = f"""
CREATE INDEX {INDEX} ON cases_case USING gin (
    to_tsvector('simple'::regconfig, COALESCE(number, '') || ' ' || COALESCE(title, ''))
)
"""
DROP = f"DROP INDEX IF EXISTS {INDEX}"


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0016_event_append_only")]

    operations = [migrations.RunPython(create, drop)]
