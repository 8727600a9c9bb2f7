"""The settings home: every section an office administrator has, in the order an office is set
up, each with a line saying what it is for and how it stands."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.test import Client
from django.utils import timezone

from alur.offices.models import Delegation, Role, User

SECTIONS = [
    ("kantor", "/pengaturan/kantor/", "Kantor"),
    ("kop-surat", "/pengaturan/kop-surat/", "Kop surat"),
    ("pegawai", "/pengaturan/pegawai/", "Pegawai"),
    ("unit", "/pengaturan/unit/", "Unit"),
    ("peran", "/pengaturan/peran/", "Peran"),
    ("pelimpahan", "/pengaturan/pelimpahan/", "Pelimpahan (Plh/Plt)"),
    ("token", "/pengaturan/token/", "Token API"),
    ("sop", "/pengaturan/sop/", "SOP"),
    ("webhook", "/pengaturan/webhook/", "Webhook"),
    ("riwayat", "/pengaturan/riwayat/", "Riwayat perubahan"),
]


def _sections(html: str) -> list[tuple[str, str, str]]:
    pattern = r'<li class="card" id="bagian-([a-z-]+)".*?<a href="([^"]+)">([^<]+)</a>'
    return [(key, url, title) for key, url, title in re.findall(pattern, html, re.S)]


def _section(html: str, key: str) -> str:
    start = html.index(f'id="bagian-{key}"')
    return html[start : html.index("</li>", start)]


def test_it_lists_every_section_in_order_with_what_it_is_for(admin_batam: Client) -> None:
    html = admin_batam.get("/pengaturan/").content.decode()

    assert _sections(html) == SECTIONS
    for key, _url, _title in SECTIONS:
        description = re.search(r'<p class="section-description">([^<]+)</p>', _section(html, key))
        assert description is not None, key
        assert len(description.group(1)) > 20, key


def test_each_section_says_how_it_stands(demo: SimpleNamespace, admin_batam: Client) -> None:
    active = User.objects.filter(office=demo.batam, is_active=True).count()
    roles = Role.objects.filter(office=demo.batam).count()
    today = timezone.now().astimezone(ZoneInfo(demo.batam.zone)).date()
    role = Role.objects.filter(office=demo.batam).first()
    assert role is not None
    Delegation.objects.create(
        role=role,
        delegate=demo.people["kasi.pa"],
        kind="plt",
        starts=today + dt.timedelta(days=30),
        ends=today + dt.timedelta(days=40),
    )

    html = admin_batam.get("/pengaturan/").content.decode()

    assert f"{active} pegawai aktif." in _section(html, "pegawai")
    assert f"{roles} peran;" in _section(html, "peran")
    assert "0 berlaku hari ini, 1 akan datang." in _section(html, "pelimpahan")
    assert "0 token berlaku; 0 akun sistem." in _section(html, "token")
    assert "SOP berlaku; 0 draf." in _section(html, "sop")
    assert 'data-complete="ya"' in _section(html, "sop")
    assert "Belum ada perubahan." in _section(html, "riwayat")
