"""Every page and action of the office settings (/pengaturan/) and the first-run link, as every
persona of the world (``world.py``) and both offices' administrators, against one table of
outcomes.

The world's office is Sumbawa; every row a page names (a person, unit, role, delegation, day,
SOP, version, move report) is Sumbawa's. The rules the tables follow:

- someone not signed in is sent to sign in (302), before a POST-only page says 405;
- Sumbawa's administrator (admin.sumbawa) reaches every page and action;
- Batam's administrator reaches the pages without a row as Batam's own (what they change lands
  in Batam, never in Sumbawa) and finds none of Sumbawa's rows (404). A form naming one of
  Sumbawa's rows (a unit for a new person or system account, a role to delegate, a version to
  copy, the owner of a new API token) is refused beside the field (422). The removal of an
  office day answers every administrator with the office page and a message, having removed
  nothing of another office;
- everyone else signed in, Sumbawa's Kadis and its Plh, a developer, a requesting OPD, Batam's
  Kadis, is refused (403) before any row is looked up;
- the first-run link works only while the installation has no user: here it is "not found"
  (404) for everyone, signed in or not, and creates nothing.

A refused action changes nothing of Sumbawa's; an allowed change changes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from alur.administration.models import FirstRunToken
from alur.cases import moving
from alur.cases.models import Case, Event, VersionMove
from alur.catalog import authoring, lifecycle
from alur.catalog.models import LaneRole, Sop, SopVersion
from alur.letters.models import Letterhead
from alur.offices import throttle
from alur.offices.models import (
    ApiToken,
    Delegation,
    Membership,
    Office,
    OfficeDay,
    Role,
    SettingChange,
    Unit,
    User,
)
from alur.offices.tokens import token_create
from alur.webhooks import services as webhooks
from alur.webhooks.models import Delivery, Subscription
from tests.authz.world import ANONYMOUS, PLH, client_as

pytestmark = pytest.mark.django_db

PERSONAS = [
    ANONYMOUS,
    "admin.sumbawa",
    "admin.batam",
    "kadis.sumbawa",
    PLH,
    "dev.sumbawa",
    "opd.bappeda",
    "kadis.batam",
]
"""Nobody; Sumbawa's administrator; Batam's administrator; Sumbawa's Kadis and the Kadis's Plh
(heads, not administrators); a developer (staff); a requesting OPD; an officer of Batam."""

# GET of every page.
# fmt: off
#                                anon adminS adminB kadis plh  dev  bapp kadisB
PAGE_GRID = {
    "settings_home":            (302, 200,   200,   403,  403, 403, 403, 403),
    "settings_office":          (302, 200,   200,   403,  403, 403, 403, 403),
    "settings_day_add":         (302, 405,   405,   405,  405, 405, 405, 405),
    "settings_day_remove":      (302, 405,   405,   405,  405, 405, 405, 405),
    "settings_letterhead":      (302, 200,   200,   403,  403, 403, 403, 403),
    "settings_letterhead_preview": (302, 200, 200,  403,  403, 403, 403, 403),
    "settings_log":             (302, 200,   200,   403,  403, 403, 403, 403),
    "first_run":                (404, 404,   404,   404,  404, 404, 404, 404),
    "people_list":              (302, 200,   200,   403,  403, 403, 403, 403),
    "person_new":               (302, 200,   200,   403,  403, 403, 403, 403),
    "people_import":            (302, 200,   200,   403,  403, 403, 403, 403),
    "person_detail":            (302, 200,   404,   403,  403, 403, 403, 403),
    "person_edit":              (302, 200,   404,   403,  403, 403, 403, 403),
    "person_active":            (302, 405,   405,   405,  405, 405, 405, 405),
    "person_password":          (302, 405,   405,   405,  405, 405, 405, 405),
    "person_unblock":           (302, 405,   405,   405,  405, 405, 405, 405),
    "person_two_factor_reset":  (302, 405,   405,   405,  405, 405, 405, 405),
    "unit_list":                (302, 200,   200,   403,  403, 403, 403, 403),
    "unit_new":                 (302, 200,   200,   403,  403, 403, 403, 403),
    "unit_edit":                (302, 200,   404,   403,  403, 403, 403, 403),
    "role_list":                (302, 200,   200,   403,  403, 403, 403, 403),
    "role_new":                 (302, 200,   200,   403,  403, 403, 403, 403),
    "role_detail":              (302, 200,   404,   403,  403, 403, 403, 403),
    "role_member_remove":       (302, 405,   405,   405,  405, 405, 405, 405),
    "delegation_list":          (302, 200,   200,   403,  403, 403, 403, 403),
    "delegation_cancel":        (302, 405,   405,   405,  405, 405, 405, 405),
    "delegation_end":           (302, 405,   405,   405,  405, 405, 405, 405),
    "token_list":               (302, 200,   200,   403,  403, 403, 403, 403),
    "token_revoke":             (302, 405,   405,   405,  405, 405, 405, 405),
    "system_account_new":       (302, 200,   200,   403,  403, 403, 403, 403),
    "sop_settings_lanes":       (302, 200,   404,   403,  403, 403, 403, 403),
    "sop_settings":             (302, 200,   200,   403,  403, 403, 403, 403),
    "sop_settings_new":         (302, 200,   200,   403,  403, 403, 403, 403),
    "sop_settings_compare":     (302, 200,   404,   403,  403, 403, 403, 403),
    "sop_settings_version":     (302, 200,   404,   403,  403, 403, 403, 403),
    "sop_settings_edit":        (302, 200,   404,   403,  403, 403, 403, 403),
    "sop_settings_check":       (302, 405,   405,   405,  405, 405, 405, 405),
    "sop_settings_move":        (302, 405,   405,   405,  405, 405, 405, 405),
    "move_cases":               (302, 200,   404,   403,  403, 403, 403, 403),
    "move_report":              (302, 200,   404,   403,  403, 403, 403, 403),
    "webhook_list":             (302, 200,   200,   403,  403, 403, 403, 403),
    "webhook_new":              (302, 200,   200,   403,  403, 403, 403, 403),
    "webhook_detail":           (302, 200,   404,   403,  403, 403, 403, 403),
    "webhook_delivery":         (302, 200,   404,   403,  403, 403, 403, 403),
    "webhook_active":           (302, 405,   405,   405,  405, 405, 405, 405),
    "webhook_rotate":           (302, 405,   405,   405,  405, 405, 405, 405),
    "webhook_delete":           (302, 405,   405,   405,  405, 405, 405, 405),
    "webhook_redeliver":        (302, 405,   405,   405,  405, 405, 405, 405),
}

# POST of every action, with what its form needs to succeed for Sumbawa's administrator.
#                                anon adminS adminB kadis plh  dev  bapp kadisB
ACTION_GRID = {
    "settings_office":          (302, 302,   302,   403,  403, 403, 403, 403),
    "settings_day_add":         (302, 302,   302,   403,  403, 403, 403, 403),
    "settings_day_remove":      (302, 302,   302,   403,  403, 403, 403, 403),
    "settings_letterhead":      (302, 302,   302,   403,  403, 403, 403, 403),
    "first_run":                (404, 404,   404,   404,  404, 404, 404, 404),
    "person_new":               (302, 302,   422,   403,  403, 403, 403, 403),
    "people_import":            (302, 200,   200,   403,  403, 403, 403, 403),
    "people_import_apply":      (302, 302,   302,   403,  403, 403, 403, 403),
    "person_edit":              (302, 302,   404,   403,  403, 403, 403, 403),
    "person_active":            (302, 302,   404,   403,  403, 403, 403, 403),
    "person_password":          (302, 200,   404,   403,  403, 403, 403, 403),
    "person_unblock":           (302, 302,   404,   403,  403, 403, 403, 403),
    "person_two_factor_reset":  (302, 302,   404,   403,  403, 403, 403, 403),
    "unit_new":                 (302, 302,   302,   403,  403, 403, 403, 403),
    "unit_edit":                (302, 302,   404,   403,  403, 403, 403, 403),
    "role_new":                 (302, 302,   302,   403,  403, 403, 403, 403),
    "role_detail":              (302, 302,   404,   403,  403, 403, 403, 403),
    "role_member_add":          (302, 302,   404,   403,  403, 403, 403, 403),
    "role_member_remove":       (302, 302,   404,   403,  403, 403, 403, 403),
    "delegation_list":          (302, 302,   422,   403,  403, 403, 403, 403),
    "delegation_cancel":        (302, 302,   404,   403,  403, 403, 403, 403),
    "delegation_end":           (302, 302,   404,   403,  403, 403, 403, 403),
    "token_list":               (302, 200,   422,   403,  403, 403, 403, 403),
    "token_revoke":             (302, 302,   404,   403,  403, 403, 403, 403),
    "system_account_new":       (302, 302,   422,   403,  403, 403, 403, 403),
    "sop_settings_lanes":       (302, 302,   404,   403,  403, 403, 403, 403),
    "sop_settings_new":         (302, 302,   302,   403,  403, 403, 403, 403),
    "sop_settings_copy":        (302, 302,   422,   403,  403, 403, 403, 403),
    "sop_settings_edit":        (302, 302,   404,   403,  403, 403, 403, 403),
    "sop_settings_check":       (302, 200,   404,   403,  403, 403, 403, 403),
    "sop_settings_approve":     (302, 302,   404,   403,  403, 403, 403, 403),
    "sop_settings_bring_into_force": (302, 302, 404, 403, 403, 403, 403, 403),
    "sop_settings_withdraw":    (302, 302,   404,   403,  403, 403, 403, 403),
    "sop_settings_draft_new":   (302, 302,   404,   403,  403, 403, 403, 403),
    "move_cases":               (302, 302,   404,   403,  403, 403, 403, 403),
    "webhook_new":              (302, 200,   200,   403,  403, 403, 403, 403),
    "webhook_active":           (302, 302,   404,   403,  403, 403, 403, 403),
    "webhook_rotate":           (302, 200,   404,   403,  403, 403, 403, 403),
    "webhook_delete":           (302, 302,   404,   403,  403, 403, 403, 403),
    "webhook_redeliver":        (302, 302,   404,   403,  403, 403, 403, 403),
}
# fmt: on

READS = {"people_import", "sop_settings_check"}
"""Actions that change nothing even when allowed: a dry run, the editor's check."""

ACTION_URL = {
    "people_import_apply": "people_import",
    "sop_settings_copy": "sop_settings_new",
    "role_member_add": "role_detail",
    "sop_settings_approve": "sop_settings_move",
    "sop_settings_bring_into_force": "sop_settings_move",
    "sop_settings_withdraw": "sop_settings_move",
    "sop_settings_draft_new": "sop_settings_move",
}
"""Actions posted to a page that has more than one: the page they post to."""

MOVES = {
    "sop_settings_approve": "sahkan",
    "sop_settings_bring_into_force": "berlakukan",
    "sop_settings_withdraw": "cabut",
    "sop_settings_draft_new": "draf-baru",
}

TOKEN = "matriks-" + "x" * 40
WEBHOOK_URL = "https://simpeg.contoh.go.id/webhook/alur"

IMPORT_CSV = "NIP;nama;e-mail;unit;peran;jabatan\n199001012020011001;Rina Wati;;sekretariat;;Staf\n"

EXPECTED_PAGES = [
    (name, persona, status)
    for name, row in PAGE_GRID.items()
    for persona, status in zip(PERSONAS, row, strict=True)
]
EXPECTED_ACTIONS = [
    (name, persona, status)
    for name, row in ACTION_GRID.items()
    for persona, status in zip(PERSONAS, row, strict=True)
]


def _settings_routes() -> set[str]:
    """The name of every URL whose address starts with pengaturan/ or mulai/."""
    names = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith(("pengaturan/", "mulai/")):
                names.add(pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def test_every_settings_page_is_in_the_tables() -> None:
    assert _settings_routes() == set(PAGE_GRID)
    assert {ACTION_URL.get(name, name) for name in ACTION_GRID} <= set(PAGE_GRID)


@pytest.fixture
def rows(world: SimpleNamespace, db: None, settings: Any) -> SimpleNamespace:
    """Sumbawa's rows the pages name: a person, a unit, a role with a member, a future
    delegation and a running one, an office day, the SOP's version 1 (in force) and a draft
    version 2, a kept move report, an API token of the person, a webhook with a delivery of
    the world's request; and a first-run token left from before the installation had people."""
    settings.ALUR_WEBHOOK_ALLOWED_HOSTS = [".contoh.go.id"]
    office = world.sumbawa
    admin = world.people["admin.sumbawa"]
    today = timezone.now().astimezone(ZoneInfo(office.zone)).date()
    person = world.people["kasi.aplikasi"]
    role = Role.objects.get(office=office, code="kasi-aplikasi")
    sop = world.sumbawa_sop
    v1 = sop.versions.get(number=1)
    digest = hashlib.sha256(TOKEN.encode("utf-8")).hexdigest()
    FirstRunToken.objects.create(digest=digest, created_at=timezone.now())
    webhook, _secret = webhooks.subscription_create(
        office=office, actor=admin, url=WEBHOOK_URL, event_types=["case.opened"]
    )
    opened = Event.objects.get(case_id=world.case_pk, kind="case.opened")
    delivery = Delivery.objects.create(
        subscription=webhook,
        event=opened,
        message_id="msg_matriks",
        type="case.opened",
        body="{}",
        state=Delivery.State.FAILED,
        next_attempt_at=timezone.now(),
        created_at=timezone.now(),
    )
    return SimpleNamespace(
        office=office,
        today=today,
        person=person,
        unit=Unit.objects.get(office=office, code="sekretariat"),
        role=role,
        delegation=Delegation.objects.create(
            role=role,
            delegate=world.people["dev.sumbawa"],
            kind=Delegation.Kind.PLT,
            starts=today + dt.timedelta(days=30),
            ends=today + dt.timedelta(days=40),
        ),
        running=Delegation.objects.create(
            role=role,
            delegate=world.people["dev.sumbawa"],
            kind=Delegation.Kind.PLH,
            starts=today - dt.timedelta(days=3),
            ends=today + dt.timedelta(days=3),
        ),
        day=OfficeDay.objects.create(
            office=office, date=today + dt.timedelta(days=60), kind="libur", name="Hari jadi"
        ),
        sop=sop,
        v1=v1,
        draft=authoring.sop_draft_new(source=v1, actor=admin),
        report=moving.cases_move(target=v1, steps=None, actor=admin, at=timezone.now()),
        token=TOKEN,
        api_token=token_create(owner=person, name="Portal", actor=None)[0],
        webhook=webhook,
        delivery=delivery,
    )


def _url(rows: SimpleNamespace, name: str) -> str:
    draft = {"pk": rows.sop.pk, "number": rows.draft.number}
    kwargs: dict[str, dict[str, object]] = {
        "settings_day_remove": {"pk": rows.day.pk},
        "first_run": {"token": rows.token},
        "person_detail": {"pk": rows.person.pk},
        "person_edit": {"pk": rows.person.pk},
        "person_active": {"pk": rows.person.pk},
        "person_password": {"pk": rows.person.pk},
        "person_unblock": {"pk": rows.person.pk},
        "person_two_factor_reset": {"pk": rows.person.pk},
        "unit_edit": {"pk": rows.unit.pk},
        "role_detail": {"pk": rows.role.pk},
        "role_member_remove": {"pk": rows.role.pk, "person_pk": rows.person.pk},
        "delegation_cancel": {"pk": rows.delegation.pk},
        "token_revoke": {"pk": rows.api_token.pk},
        "delegation_end": {"pk": rows.running.pk},
        "sop_settings_lanes": {"pk": rows.sop.pk},
        "sop_settings_compare": {"pk": rows.sop.pk},
        "sop_settings_version": draft,
        "sop_settings_edit": draft,
        "sop_settings_check": draft,
        "sop_settings_move": {**draft, "move": "sahkan"},
        "move_cases": {"sop_pk": rows.sop.pk},
        "move_report": {"sop_pk": rows.sop.pk, "pk": rows.report.pk},
        "webhook_detail": {"pk": rows.webhook.pk},
        "webhook_delivery": {"pk": rows.webhook.pk, "delivery_pk": rows.delivery.pk},
        "webhook_active": {"pk": rows.webhook.pk},
        "webhook_rotate": {"pk": rows.webhook.pk},
        "webhook_delete": {"pk": rows.webhook.pk},
        "webhook_redeliver": {"pk": rows.webhook.pk, "delivery_pk": rows.delivery.pk},
    }
    return reverse(name, kwargs=kwargs.get(name))


def _action_url(rows: SimpleNamespace, name: str) -> str:
    if name in MOVES:
        version = rows.v1 if name == "sop_settings_draft_new" else rows.draft
        kwargs = {"pk": rows.sop.pk, "number": version.number, "move": MOVES[name]}
        return reverse("sop_settings_move", kwargs=kwargs)
    return _url(rows, ACTION_URL.get(name, name))


def snapshot(office: Office) -> dict[str, object]:
    """Everything of ``office`` a settings page can change, and what the first run would add."""

    def rows_of(queryset: Any, *fields: str) -> list[tuple[object, ...]]:
        return list(queryset.order_by("pk").values_list("pk", *fields))

    return {
        "office": rows_of(Office.objects.filter(pk=office.pk), "name", "city", "opens", "closes"),
        "offices": Office.objects.count(),
        "superusers": User.objects.filter(is_superuser=True).count(),
        "days": rows_of(OfficeDay.objects.filter(office=office), "date", "name"),
        "letterhead": rows_of(Letterhead.objects.filter(office=office), "head_name", "address"),
        "people": rows_of(
            User.objects.filter(office=office), "first_name", "is_active", "password", "email"
        ),
        "units": rows_of(Unit.objects.filter(office=office), "code", "name", "parent"),
        "roles": rows_of(Role.objects.filter(office=office), "code", "name", "head"),
        "members": rows_of(Membership.objects.filter(role__office=office), "user", "role"),
        "delegations": rows_of(Delegation.objects.filter(role__office=office), "ends"),
        "sops": rows_of(Sop.objects.filter(office=office), "code"),
        "lane_roles": rows_of(LaneRole.objects.filter(sop__office=office), "lane", "role"),
        "versions": rows_of(
            SopVersion.objects.filter(sop__office=office), "status", "revision", "in_force_from"
        ),
        "cases": rows_of(Case.objects.filter(office=office), "sop_version", "version"),
        "moves": VersionMove.objects.filter(sop__office=office).count(),
        "log": SettingChange.objects.filter(office=office).count(),
        "authenticators": rows_of(TOTPDevice.objects.filter(user__office=office), "user"),
        "tokens": rows_of(ApiToken.objects.filter(owner__office=office), "name", "revoked_at"),
        "webhooks": rows_of(
            Subscription.objects.filter(office=office), "url", "is_active", "secret"
        ),
        "deliveries": rows_of(
            Delivery.objects.filter(subscription__office=office), "state", "tries"
        ),
    }


def _csv() -> io.BytesIO:
    upload = io.BytesIO(IMPORT_CSV.encode("utf-8"))
    upload.name = "pegawai.csv"
    return upload


def _payload(world: SimpleNamespace, rows: SimpleNamespace, name: str) -> dict[str, Any]:
    today = rows.today.isoformat()
    office = {
        "name": "DKISP Kabupaten Sumbawa (diubah)",
        "government": "Pemerintah Kabupaten Sumbawa",
        "city": "Sumbawa Besar",
        "zone": "Asia/Makassar",
        "opens": "07:30",
        "closes": "16:00",
        "workdays": ["0", "1", "2", "3", "4"],
        "case_number_pattern": "{seq:03d}/{sop}/{year}",
    }
    letterhead = {
        field: getattr(Letterhead.objects.get(office=rows.office), field)
        for field in (
            "government",
            "name",
            "address",
            "contact",
            "head_position",
            "head_rank",
            "head_nip",
            "number_pattern",
            "unit_code",
            "reply_classification",
            "minutes_classification",
        )
    }
    person = {"username": "rina.wati", "name": "Rina Wati", "unit": rows.unit.pk}
    return {
        "settings_office": office,
        "settings_day_add": {"hari-date": "2031-03-02", "hari-kind": "libur", "hari-name": "Libur"},
        "settings_day_remove": {},
        "settings_letterhead": {**letterhead, "head_name": "Nama Baru, S.Kom."},
        "first_run": {
            "office_name": "Kantor Baru",
            "government": "Pemerintah Kota Baru",
            "city": "Baru",
            "zone": "Asia/Jakarta",
            "full_name": "Admin Baru",
            "username": "admin.baru",
            "password1": "sandi-yang-cukup-panjang-2027",
            "password2": "sandi-yang-cukup-panjang-2027",
        },
        "person_new": person,
        "people_import": {"file": _csv()},
        "person_edit": {"name": "Kasi Aplikasi Diubah", "unit": rows.unit.pk},
        "person_active": {"aktif": "0"},
        "person_password": {"cara": "sandi"},
        "person_unblock": {},
        "person_two_factor_reset": {},
        "unit_new": {"code": "bidang-baru", "name": "Bidang Baru", "kind": "bidang"},
        "unit_edit": {"code": rows.unit.code, "name": "Sekretariat (diubah)", "kind": "bidang"},
        "role_new": {"code": "peran-baru", "name": "Peran Baru"},
        "role_detail": {"bagian": "peran", "code": rows.role.code, "name": "Kasi (diubah)"},
        "role_member_add": {"bagian": "anggota", "person": world.people["dev.sumbawa"].pk},
        "role_member_remove": {},
        "delegation_list": {
            "role": rows.role.pk,
            "delegate": world.people["dev.sumbawa"].pk,
            "kind": "plh",
            "starts": today,
            "ends": today,
        },
        "delegation_cancel": {},
        "delegation_end": {},
        "token_list": {
            "owner": rows.person.pk,
            "name": "Portal Pemda",
            "scope": "act",
            "expires_days": "90",
        },
        "token_revoke": {},
        "system_account_new": {
            "username": "sistem.portal",
            "name": "Portal Pemda",
            "unit": rows.unit.pk,
            "roles": [rows.role.pk],
        },
        "sop_settings_lanes": {"kadis": Role.objects.get(office=rows.office, code="kabid-ti").pk},
        "sop_settings_new": {"sumber": "templat", "kode": "sop-baru", "nama": "SOP Baru"},
        "sop_settings_copy": {
            "sumber": "salin",
            "versi_sumber": rows.v1.pk,
            "kode": "sop-salinan",
            "nama": "SOP Salinan",
        },
        "sop_settings_edit": {
            "teks": rows.draft.definition + "# diubah\n",
            "revisi": rows.draft.revision,
        },
        "sop_settings_check": {"teks": rows.draft.definition},
        "sop_settings_approve": {"tanggal": today},
        "sop_settings_bring_into_force": {"tanggal": today},
        "sop_settings_withdraw": {},
        "sop_settings_draft_new": {},
        "move_cases": {"versi": rows.draft.pk, "terapkan": ""},
        "webhook_new": {
            "url": WEBHOOK_URL,
            "event_types": ["case.opened", "step.completed"],
            "description": "SIMPEG",
        },
        "webhook_active": {"aktif": "0"},
        "webhook_rotate": {},
        "webhook_delete": {},
        "webhook_redeliver": {},
    }[name]


def _prepare(world: SimpleNamespace, rows: SimpleNamespace, name: str) -> None:
    """What an action needs before it: a version approved to bring into force or to move to,
    failed sign-ins to forget."""
    if name in ("sop_settings_bring_into_force", "move_cases"):
        admin = world.people["admin.sumbawa"]
        lifecycle.sop_version_approve(version=rows.draft, actor=admin, on=rows.today)
    if name == "person_unblock":
        throttle.signin_failed(username=rows.person.username, address="203.0.113.9")
    if name == "person_two_factor_reset":
        TOTPDevice.objects.create(user=rows.person, name="aplikasi autentikator")


def _apply_import(client: Any) -> Any:
    """The import's second step: the dry run first (as the same person), then apply it."""
    url = reverse("people_import")
    dry = client.post(url, {"file": _csv()})
    key = dry.context["key"] if dry.status_code == 200 else "tanpa-laporan"
    return client.post(url, {"terapkan": key})


@pytest.mark.parametrize(("name", "persona", "expected"), EXPECTED_PAGES)
def test_each_settings_page_answers_each_persona_as_the_table_says(
    world: SimpleNamespace, rows: SimpleNamespace, name: str, persona: str, expected: int
) -> None:
    url = _url(rows, name)
    before = snapshot(rows.office)

    response = client_as(world, persona).get(url)

    assert response.status_code == expected
    assert snapshot(rows.office) == before
    if expected == 302:
        assert response.headers["Location"] == f"/masuk/?next={url}"
    if expected == 200 and name == "settings_letterhead_preview":
        assert response.content.startswith(b"%PDF-")
    elif expected == 200:
        html = response.content.decode()
        office = world.sumbawa if persona == "admin.sumbawa" else world.batam
        other = world.batam if persona == "admin.sumbawa" else world.sumbawa
        if name in ("settings_home", "settings_office"):
            assert office.name in html
            assert other.name not in html
    if expected == 404:
        assert rows.person.get_full_name() not in response.content.decode()


@pytest.mark.parametrize(("name", "persona", "expected"), EXPECTED_ACTIONS)
def test_each_settings_action_answers_each_persona_and_only_the_office_admin_changes_the_office(
    world: SimpleNamespace, rows: SimpleNamespace, name: str, persona: str, expected: int
) -> None:
    _prepare(world, rows, name)
    before = snapshot(rows.office)
    client = client_as(world, persona)

    if name == "people_import_apply":
        response = _apply_import(client)
    else:
        response = client.post(_action_url(rows, name), _payload(world, rows, name))

    assert response.status_code == expected
    after = snapshot(rows.office)
    if persona == "admin.sumbawa" and name not in READS and name != "first_run":
        assert after != before
    else:
        assert after == before
    if persona == ANONYMOUS and expected == 302:
        assert response.headers["Location"] == f"/masuk/?next={_action_url(rows, name)}"
