"""The report's rollups of an office as plain rows, to compare what the recorder kept with what
a rebuild from the raw rows gives."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from alur.offices.models import Office
from alur.reports.rebuild import TABLES, office_rebuild


def rollup_rows(office: Office) -> dict[str, list[tuple[Any, ...]]]:
    rows = {}
    for name in TABLES:
        model = apps.get_model("reports", name)
        fields = [f.attname for f in model._meta.concrete_fields if f.name != "id"]
        rows[name] = sorted(
            model._default_manager.filter(office=office).values_list(*fields),
            key=repr,
        )
    return rows


def kept_and_rebuilt(office: Office) -> tuple[dict[str, Any], dict[str, Any]]:
    kept = rollup_rows(office)
    office_rebuild(office_id=office.pk)
    return kept, rollup_rows(office)
