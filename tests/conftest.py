"""Shared fixtures: the demo installation and its people, as personas.

Batam (WIB): kadis.batam, kabid.pe, kasi.pa, kasi.infratek, tatakelola.batam, subkoor.pa,
sandiman.batam, dev.batam, analis.batam; requesters opd.disdukcapil, opd.dinkes.
Sumbawa (WITA): kadis.sumbawa, kabid.ti, kasi.aplikasi, dev.sumbawa; requesters opd.bappeda,
opd.dikbud.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is what offices get; tests need no strong hash, only a fast one."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db: None) -> SimpleNamespace:
    """The demo offices, SOPs and people; ``demo.people['kabid.ti']`` and ``demo.batam``."""
    from alur.demo import demo_load
    from alur.offices.models import Office, User

    demo_load()
    people = {u.username: u for u in User.objects.select_related("office", "unit")}
    return SimpleNamespace(
        batam=Office.objects.get(code="diskominfo-batam"),
        sumbawa=Office.objects.get(code="dkisp-sumbawa"),
        people=people,
    )


@pytest.fixture
def pdf() -> Callable[[str], tuple[io.BytesIO, str]]:
    """A small real PDF to upload: ``pdf("surat")`` -> (file, "surat.pdf")."""

    def make(name: str) -> tuple[io.BytesIO, str]:
        return io.BytesIO(PDF), f"{name}.pdf"

    return make
