"""Inventaris pages each of its two lists on its own: ``halaman`` the applications,
``halaman_sistem`` the electronic systems, each keeping the other's page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from types import SimpleNamespace

from django.test import Client

from alur.registry.models import Application, ElectronicSystem
from alur.registry.selectors import PER_PAGE

AT = dt.datetime(2026, 8, 18, 1, 0, tzinfo=dt.UTC)


def test_each_list_has_its_own_pages(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    for n in range(PER_PAGE + 2):
        Application.objects.create(office=demo.batam, name=f"Aplikasi {n:03d}", updated_at=AT)
    ElectronicSystem.objects.create(office=demo.batam, name="Sistem 1", updated_at=AT)
    client = client_for("kabid.pe")

    first = client.get("/inventaris/").content.decode()
    second = client.get("/inventaris/", {"halaman": 2}).content.decode()

    names = r"Aplikasi \d{3}"
    assert len(set(re.findall(names, first))) == PER_PAGE
    assert sorted(set(re.findall(names, second))) == [
        f"Aplikasi {PER_PAGE:03d}",
        f"Aplikasi {PER_PAGE + 1:03d}",
    ]
    assert 'href="?halaman=2"' in first
    assert "Halaman 2 dari 2" in second
    assert "Sistem 1" in first and "Sistem 1" in second
    assert "halaman_sistem" not in first
