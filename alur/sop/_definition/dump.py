"""Write an SOP back as definition YAML: the inverse of ``loads``.

Only values that differ from the format's defaults are written, in the model's key order (the
order of the printed form), so the file reads like one written by hand. Booleans follow YAML
1.2 (only ``true``/``false``), as the loader reads them, so ``no:`` is written unquoted.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from alur.sop._definition.model import Sop

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/sop.schema.json\n"


class _Dumper(yaml.SafeDumper):
    """SafeDumper that quotes only what YAML 1.2 would read as a boolean."""


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
_Dumper.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)

_DATES = ("tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif")


def dumps(sop: Sop, *, header: str = "") -> str:
    """The SOP as definition YAML; ``header`` (comment lines) is written after the schema line."""
    data: dict[str, Any] = sop.model_dump(mode="json", exclude_defaults=True)
    identity = data["identitas"]
    for key in _DATES:
        if isinstance(identity.get(key), str):
            identity[key] = dt.date.fromisoformat(identity[key])
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100, indent=2)
    return SCHEMA_LINE + header + body
