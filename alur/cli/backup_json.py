"""The serialization format of ``database.json`` in a backup: Django's JSON, except that times
keep their microseconds (Django's JSON encoder cuts them to milliseconds, and a case's record
hashes its events' times to the microsecond). Registered as ``alurjson`` by alur.cli.backup."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.serializers import json
from django.db import models

Deserializer = json.Deserializer


class Serializer(json.Serializer):
    def get_dump_object(self, obj: models.Model) -> dict[str, Any]:
        dumped = super().get_dump_object(obj)
        dumped["fields"] = {
            name: value.isoformat() if isinstance(value, dt.datetime | dt.time) else value
            for name, value in dumped["fields"].items()
        }
        return dumped
