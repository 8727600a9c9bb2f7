"""Reads for the settings pages: each section's status, the next case number, the log."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Field, Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from alur.cases.models import CaseSequence
from alur.cases.numbering import format_number
from alur.catalog.models import SopVersion, in_force_on
from alur.letters.models import Letterhead
from alur.offices.change_labels import subject_kind
from alur.offices.models import (
    ApiToken,
    Delegation,
    Office,
    OfficeDay,
    Role,
    SettingChange,
    Unit,
    User,
)
from alur.webhooks.models import Subscription
from alur.webhooks.selectors import office_counts

LETTERHEAD_NEEDED = ("address", "head_name", "head_position", "head_nip")


@dataclass(frozen=True)
class Section:
    """One section of the settings: what it is for (one line) and how it stands now."""

    key: str
    title: str
    url_name: str
    description: str
    status: str
    complete: bool


def letterhead_missing(office: Office) -> list[str]:
    """What the office's letterhead still lacks for a signed letter (labels, in order)."""
    letterhead = Letterhead.objects.filter(office=office).first()
    if letterhead is None:
        return [_("kop surat belum disimpan")]
    missing = [
        _label(name) for name in LETTERHEAD_NEEDED if not str(getattr(letterhead, name)).strip()
    ]
    if not letterhead.logo:
        missing.append(_("logo"))
    return missing


def office_days(office: Office) -> QuerySet[OfficeDay]:
    return OfficeDay.objects.filter(office=office).order_by("date")


def next_case_number(office: Office, pattern: str, today: dt.date) -> str:
    """The number the office's next case of the year would get under ``pattern`` (the code of
    the SOP shown as ``SOP``)."""
    last = (
        CaseSequence.objects.filter(office=office, year=today.year)
        .values_list("last", flat=True)
        .first()
    )
    try:
        return format_number(pattern, office=office, sop_code="sop", seq=(last or 0) + 1, on=today)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        # A pattern saved elsewhere (the admin) that cannot number: the page says so.
        return _("(pola tersimpan tidak dapat dipakai; perbaiki di bawah)")


def sections(office: Office, today: dt.date) -> list[Section]:
    """Every section of the office's settings, in the order an office is set up."""
    return [
        _office_section(office),
        _letterhead_section(office),
        _people_section(office),
        _units_section(office),
        _roles_section(office),
        _delegations_section(office, today),
        _tokens_section(office),
        _sops_section(office, today),
        _webhooks_section(office),
        _log_section(office),
    ]


def _office_section(office: Office) -> Section:
    days = OfficeDay.objects.filter(office=office).count()
    status = ngettext(
        "%(zone)s, jam %(opens)s–%(closes)s; %(days)s hari khusus kantor.",
        "%(zone)s, jam %(opens)s–%(closes)s; %(days)s hari khusus kantor.",
        days,
    ) % {
        "zone": office.get_zone_display(),
        "opens": office.opens.strftime("%H.%M"),
        "closes": office.closes.strftime("%H.%M"),
        "days": days,
    }
    description = _(
        "Nama, zona waktu, jam dan hari kerja, pola nomor permohonan, dan hari khusus kantor."
    )
    return Section(
        "kantor",
        pgettext("bagian pengaturan", "Kantor"),
        "settings_office",
        description,
        status,
        True,
    )


def _letterhead_section(office: Office) -> Section:
    missing = letterhead_missing(office)
    status = (
        _("Lengkap.")
        if not missing
        else _("Belum lengkap: %(missing)s.") % {"missing": ", ".join(missing)}
    )
    description = _("Kop surat, kepala dinas yang menandatangani, penomoran surat, dan logo.")
    return Section(
        "kop-surat",
        pgettext("bagian pengaturan", "Kop surat"),
        "settings_letterhead",
        description,
        status,
        not missing,
    )


def _people_section(office: Office) -> Section:
    active = User.objects.filter(office=office, is_active=True).count()
    status = ngettext("%(n)s pegawai aktif.", "%(n)s pegawai aktif.", active) % {"n": active}
    description = _(
        "Pegawai kantor dan OPD pemohon: tambah, ubah, impor dari CSV atau XLSX, undang, "
        "dan atur kata sandi."
    )
    return Section(
        "pegawai",
        pgettext("bagian pengaturan", "Pegawai"),
        "people_list",
        description,
        status,
        active > 0,
    )


def _units_section(office: Office) -> Section:
    kinds = Counter(Unit.objects.filter(office=office).values_list("kind", flat=True))
    status = _("%(divisions)s bidang/seksi, %(agencies)s OPD pemohon.") % {
        "divisions": kinds[Unit.Kind.DIVISION],
        "agencies": kinds[Unit.Kind.AGENCY],
    }
    description = _("Bidang dan seksi kantor, dan OPD pemohon yang dilayaninya.")
    return Section(
        "unit", pgettext("bagian pengaturan", "Unit"), "unit_list", description, status, bool(kinds)
    )


def _roles_section(office: Office) -> Section:
    roles = Role.objects.filter(office=office).annotate(
        active=Count("members", filter=Q(members__is_active=True))
    )
    total = len(roles)
    empty = sum(1 for role in roles if not role.active)
    status = ngettext(
        "%(n)s peran; %(empty)s tanpa pegawai aktif.",
        "%(n)s peran; %(empty)s tanpa pegawai aktif.",
        total,
    ) % {"n": total, "empty": empty}
    description = _("Peran yang dipakai lajur SOP, anggotanya, dan atasan yang diberi tahu.")
    return Section(
        "peran",
        pgettext("bagian pengaturan", "Peran"),
        "role_list",
        description,
        status,
        total > 0 and not empty,
    )


def _delegations_section(office: Office, today: dt.date) -> Section:
    delegations = Delegation.objects.filter(role__office=office, ends__gte=today)
    now = delegations.filter(starts__lte=today).count()
    later = delegations.filter(starts__gt=today).count()
    status = _("%(now)s berlaku hari ini, %(later)s akan datang.") % {"now": now, "later": later}
    description = _("Plh dan Plt yang menjalankan peran orang lain untuk sementara.")
    return Section(
        "pelimpahan",
        pgettext("bagian pengaturan", "Pelimpahan (Plh/Plt)"),
        "delegation_list",
        description,
        status,
        True,
    )


def _tokens_section(office: Office) -> Section:
    """The office's API tokens: how many can still be used (revoked and expired ones not)."""
    now = timezone.now()
    usable = (
        ApiToken.objects.filter(
            owner__office=office, owner__is_active=True, revoked_at__isnull=True
        )
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .count()
    )
    systems = User.objects.filter(office=office, is_system_account=True, is_active=True).count()
    status = _("%(tokens)s token berlaku; %(systems)s akun sistem.") % {
        "tokens": usable,
        "systems": systems,
    }
    description = _(
        "Token API JSON untuk sistem lain, milik pegawai atau akun sistem kantor: buat dan cabut."
    )
    return Section(
        "token",
        pgettext("bagian pengaturan", "Token API"),
        "token_list",
        description,
        status,
        True,
    )


def _sops_section(office: Office, today: dt.date) -> Section:
    versions = SopVersion.objects.filter(sop__office=office)
    in_force = versions.filter(in_force_on(today)).values("sop").distinct().count()
    drafts = versions.filter(status=SopVersion.Status.DRAFT).count()
    status = _("%(in_force)s SOP berlaku; %(drafts)s draf.") % {
        "in_force": in_force,
        "drafts": drafts,
    }
    description = _(
        "Menulis SOP, memeriksa kesiapannya, mengesahkan, memberlakukan, dan memindahkan "
        "permohonan yang berjalan ke versi lain."
    )
    return Section(
        "sop",
        pgettext("bagian pengaturan", "SOP"),
        "sop_settings",
        description,
        status,
        in_force > 0,
    )


def _webhooks_section(office: Office) -> Section:
    active, disabled = office_counts(office)
    status = _("%(active)s aktif, %(disabled)s nonaktif.") % {
        "active": active,
        "disabled": disabled,
    }
    description = _(
        "Mengabarkan setiap perubahan permohonan ke sistem lain lewat URL bertanda tangan, "
        "dengan log kiriman dan kirim ulang."
    )
    return Section(
        "webhook",
        pgettext("bagian pengaturan", "Webhook"),
        "webhook_list",
        description,
        status,
        not disabled,
    )


def _log_section(office: Office) -> Section:
    latest = SettingChange.objects.filter(office=office).order_by("-at", "-pk").first()
    status = (
        _("Belum ada perubahan.")
        if latest is None
        else _("Terakhir: %(subject)s.") % {"subject": latest.get_subject_display()}
    )
    description = _("Setiap perubahan pengaturan: siapa, kapan, dan nilainya sebelum dan sesudah.")
    return Section(
        "riwayat",
        pgettext("bagian pengaturan", "Riwayat perubahan"),
        "settings_log",
        description,
        status,
        True,
    )


def setting_changes(office: Office) -> QuerySet[SettingChange]:
    return (
        SettingChange.objects.filter(office=office).select_related("actor").order_by("-at", "-pk")
    )


@dataclass(frozen=True)
class ChangeRow:
    change: SettingChange
    lines: list[tuple[str, str, str]]


MODELS_BY_SUBJECT: dict[str | None, tuple[type[Model], ...]] = {
    "Kantor": (Office,),
    "Kop surat": (Letterhead,),
    "Hari khusus": (OfficeDay,),
    "Pegawai": (User,),
    "Unit": (Unit,),
    "Peran": (Role,),
    "Pelimpahan": (Delegation,),
    "SOP": (SopVersion,),
    "Webhook": (Subscription,),
}
"""Whose fields a change's values are, by the kind its subject starts with."""

OTHER_LABELS = {
    "peran": gettext_lazy("peran"),
    "anggota": gettext_lazy("anggota"),
    "baru": gettext_lazy("baru"),
    "diubah": gettext_lazy("diubah"),
    "source": gettext_lazy("sumber"),
    "checksum": gettext_lazy("checksum"),
    "peran lajur": gettext_lazy("peran lajur"),
    "webhook-id": "webhook-id",
    "type": gettext_lazy("jenis"),
}
"""Values a change keeps that are no field of its row."""

TEMPLATE_SOURCE = "template"
"""What an SOP made from the empty template keeps as its source."""


def _field(models: tuple[type[Model], ...], name: str) -> Field[Any, Any] | None:
    for model in models:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, Field):
            return field
    return None


def _label(name: str, models: tuple[type[Model], ...] = (Office, Letterhead, OfficeDay)) -> str:
    """The value's name as the forms of its row show it."""
    field = _field(models, name)
    if field is not None:
        return str(field.verbose_name)
    return str(OTHER_LABELS.get(name, name))


def _shown(value: object, field: Field[Any, Any] | None = None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dict) and "nama" in value:
        return str(value["nama"])
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value)
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if value == TEMPLATE_SOURCE:
        return _("templat kosong")
    return str(value)


def change_rows(changes: Iterable[SettingChange]) -> list[ChangeRow]:
    """Each change with one line per value: its label, before and after."""
    rows = []
    for change in changes:
        models = MODELS_BY_SUBJECT.get(subject_kind(change.subject), ())
        names = list(dict.fromkeys([*change.before, *change.after]))
        lines = []
        for name in names:
            field = _field(models, name)
            lines.append(
                (
                    _label(name, models),
                    _shown(change.before.get(name), field),
                    _shown(change.after.get(name), field),
                )
            )
        rows.append(ChangeRow(change, lines))
    return rows
