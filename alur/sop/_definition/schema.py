"""The JSON Schema of the definition format, generated from the model.

The shipped copy (``schema/sop.schema.json``) lets an editor complete and check a file; a test
keeps it equal to what the model generates.
"""

from __future__ import annotations

import json

from alur.sop._definition.model import Sop


def schema() -> dict[str, object]:
    document = Sop.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **document}


def schema_json() -> str:
    return json.dumps(schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
