"""For the tests of a data migration: rows written through the models of an earlier state of
the project (``executor.loader.project_state(...).apps``), as the database held them then."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


def old_request_world(old: Any, *, city: str, zone: str, definition: str = "x") -> SimpleNamespace:
    """An office with an OPD unit, a requester of that unit, and an SOP with one published
    version (``definition``, the SOP's text where the migration reads it): ``office``,
    ``unit``, ``user``, ``sop``, ``version``."""
    office = old.get_model("offices", "Office").objects.create(
        code="uji", name="Kantor Uji", government="Pemda", city=city, zone=zone
    )
    unit = old.get_model("offices", "Unit").objects.create(
        office=office, code="opd", name="OPD", kind="opd"
    )
    user = old.get_model("offices", "User").objects.create(
        username="pemohon", office=office, unit=unit
    )
    sop = old.get_model("catalog", "Sop").objects.create(office=office, code="s", name="S")
    version = old.get_model("catalog", "SopVersion").objects.create(
        sop=sop, number=1, definition=definition, checksum="0" * 64, status="terbit"
    )
    return SimpleNamespace(office=office, unit=unit, user=user, sop=sop, version=version)
