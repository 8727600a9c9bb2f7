"""Offices (Dinas), their units and requesting agencies (OPD), people, roles and delegations.

Every office has its own calendar (zone, hours, days off) and its own numbering of cases.
A person belongs to one office and one unit; a person of a requesting OPD sees only that OPD's
requests. Roles are the lanes' ``peran`` codes of the office's SOPs.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from alur.offices.change_labels import action_label, subject_label

ZONES = [
    ("Asia/Jakarta", _("WIB (Asia/Jakarta)")),
    ("Asia/Makassar", _("WITA (Asia/Makassar)")),
    ("Asia/Jayapura", _("WIT (Asia/Jayapura)")),
]


class Office(models.Model):
    code = models.SlugField(_("kode"), max_length=64, unique=True)
    name = models.CharField(_("nama dinas"), max_length=200)
    government = models.CharField(_("pemerintah daerah"), max_length=200)
    city = models.CharField(
        _("tempat"), max_length=100, help_text=_("Untuk tanggal surat, mis. 'Batam'.")
    )
    zone = models.CharField(_("zona waktu"), max_length=64, choices=ZONES, default="Asia/Jakarta")
    opens = models.TimeField(_("jam buka"), default=dt.time(8, 0))
    closes = models.TimeField(_("jam tutup"), default=dt.time(16, 0))
    workdays = models.CharField(
        _("hari kerja"),
        max_length=20,
        default="0,1,2,3,4",
        help_text=_("Nomor hari, Senin = 0, dipisah koma."),
    )
    national_holidays = models.BooleanField(_("libur nasional dan cuti bersama"), default=True)
    bare_day_unit = models.CharField(
        _("arti 'hari' tanpa keterangan"),
        max_length=10,
        choices=[("working", _("hari kerja")), ("calendar", _("hari kalender"))],
        default="working",
    )
    due_soon_percent = models.PositiveSmallIntegerField(
        _("segera jatuh tempo (%)"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_(
            "Langkah ditandai segera jatuh tempo, dan pelaksananya diingatkan, bila sisa waktunya "
            "kurang dari bagian ini dari waktu yang diberikan."
        ),
    )
    case_number_pattern = models.CharField(
        _("pola nomor permohonan"),
        max_length=100,
        default="{seq:03d}/{sop}/{month_roman}/{year}",
        help_text=_(
            "Bagian: {seq} urutan per tahun, {sop} kode SOP, {unit} kode kantor, {month}, "
            "{month_roman}, {year}."
        ),
    )

    class Meta:
        verbose_name = _("kantor")
        verbose_name_plural = _("kantor")

    def __str__(self) -> str:
        return self.name

    @property
    def due_soon_fraction(self) -> float:
        """The share of a step's allowed time under which it is due soon."""
        return self.due_soon_percent / 100

    @property
    def workday_numbers(self) -> tuple[int, ...]:
        return tuple(int(p) for p in self.workdays.split(",") if p.strip())


class OfficeDay(models.Model):
    """A day the office treats differently from the national calendar."""

    class Kind(models.TextChoices):
        DAY_OFF = "libur", _("libur kantor")
        WORKING = "kerja", _("hari kerja tambahan")

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="days", verbose_name=_("kantor")
    )
    date = models.DateField(_("tanggal"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("hari khusus kantor")
        verbose_name_plural = _("hari khusus kantor")
        constraints = [
            models.UniqueConstraint(fields=["office", "date"], name="office_day_once"),
        ]
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class Unit(models.Model):
    """A division of the office, or a requesting agency (OPD) that the office serves; or the
    one unit of the public (``publik``) under which the requests of people with no account are
    counted."""

    class Kind(models.TextChoices):
        DIVISION = "bidang", _("bidang / seksi")
        AGENCY = "opd", _("OPD pemohon")
        PUBLIC = "publik", _("masyarakat (pemohon tanpa akun)")

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="units", verbose_name=_("kantor")
    )
    code = models.SlugField(_("kode"), max_length=64)
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="unit_code_per_office"),
        ]
        ordering = ["office", "kind", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_agency(self) -> bool:
        return self.kind == self.Kind.AGENCY


class User(AbstractUser):
    """A person who signs in: an officer of the office or of a requesting OPD."""

    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("kantor"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("unit"),
    )
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    nip = models.CharField(_("NIP"), max_length=30, blank=True)
    is_office_admin = models.BooleanField(
        _("admin kantor"),
        default=False,
        help_text=_(
            "Mengelola pengaturan kantornya sendiri: kantor, kop surat, pegawai, peran, "
            "pelimpahan, dan SOP."
        ),
    )
    must_change_password = models.BooleanField(
        _("wajib ganti kata sandi"),
        default=False,
        help_text=_(
            "Kata sandinya sekali pakai (dibuat admin kantor): setelah masuk, ia hanya dapat "
            "membuka halaman ganti kata sandi sampai menggantinya."
        ),
    )
    is_system_account = models.BooleanField(
        _("akun sistem"),
        default=False,
        help_text=_(
            "Akun sistem lain milik kantor (bukan orang): masuk hanya dengan token API, tanpa "
            "kata sandi; perannya diberikan seperti pegawai."
        ),
    )

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_agency_person(self) -> bool:
        return self.unit is not None and self.unit.is_agency


class Role(models.Model):
    """A role of the office, named by the code that SOP lanes use (``peran``)."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="roles", verbose_name=_("kantor")
    )
    code = models.SlugField(_("kode"), max_length=64)
    name = models.CharField(_("nama"), max_length=200)
    head = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subordinates",
        verbose_name=_("atasan"),
        help_text=_("Peran di atasnya, yang diberi tahu bila langkah terlambat."),
    )
    members: models.ManyToManyField[User, Membership] = models.ManyToManyField(
        User, through="Membership", related_name="roles", verbose_name=_("anggota")
    )

    class Meta:
        verbose_name = _("peran")
        verbose_name_plural = _("peran")
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="role_code_per_office"),
        ]
        ordering = ["office", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("pegawai")
    )
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("peran")
    )

    class Meta:
        verbose_name = _("pemegang peran")
        verbose_name_plural = _("pemegang peran")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.role}"


class Delegation(models.Model):
    """Plh/Plt: a person acts in a role for a period (both dates included)."""

    class Kind(models.TextChoices):
        PLH = "plh", _("Plh (pelaksana harian)")
        PLT = "plt", _("Plt (pelaksana tugas)")

    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("peran")
    )
    delegate = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="delegations",
        verbose_name=_("pelaksana (Plh/Plt)"),
    )
    kind = models.CharField(_("jenis"), max_length=5, choices=Kind.choices)
    starts = models.DateField(_("mulai"))
    ends = models.DateField(_("sampai"))
    reason = models.CharField(_("dasar penugasan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pelimpahan (Plh/Plt)")
        verbose_name_plural = _("pelimpahan (Plh/Plt)")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gte=models.F("starts")), name="delegation_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.role}: {self.delegate} ({self.starts}–{self.ends})"


class SettingChange(models.Model):
    """One change to an office's settings: who made it, when, to what, and its values before and
    after. Written by every settings page, shown to the office's administrators, never edited."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="setting_changes", verbose_name=_("kantor")
    )
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="setting_changes",
        verbose_name=_("oleh"),
    )
    at = models.DateTimeField(_("waktu"))
    subject = models.CharField(_("yang diubah"), max_length=300)
    action = models.CharField(_("tindakan"), max_length=40)
    before = models.JSONField(_("sebelum"), default=dict, blank=True)
    after = models.JSONField(_("sesudah"), default=dict, blank=True)

    class Meta:
        verbose_name = _("perubahan pengaturan")
        verbose_name_plural = _("perubahan pengaturan")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["office", "-at"], name="setting_change_office_at")]

    def __str__(self) -> str:
        return f"{self.subject}: {self.action}"

    def get_subject_display(self) -> str:
        return subject_label(self.subject)

    def get_action_display(self) -> str:
        return action_label(self.action)


class SignInFailure(models.Model):
    """One refused sign-in: the user name typed and the address it came from. Counted by
    ``alur.offices.throttle`` to slow down guessing; forgotten after a day."""

    username = models.CharField(_("nama pengguna"), max_length=150)
    address = models.GenericIPAddressField(_("alamat"))
    at = models.DateTimeField(_("waktu"))

    class Meta:
        verbose_name = _("gagal masuk")
        verbose_name_plural = _("gagal masuk")
        indexes = [
            models.Index(fields=["username", "address", "at"], name="signin_failure_pair"),
            models.Index(fields=["address", "at"], name="signin_failure_address"),
            models.Index(fields=["at"], name="signin_failure_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username} @ {self.address}"


class KnownAddress(models.Model):
    """An address a person signed in from: failures elsewhere do not slow them down here."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="known_addresses", verbose_name=_("pegawai")
    )
    address = models.GenericIPAddressField(_("alamat"))
    last_seen = models.DateTimeField(_("terakhir masuk"))

    class Meta:
        verbose_name = _("alamat dikenal")
        verbose_name_plural = _("alamat dikenal")
        constraints = [
            models.UniqueConstraint(fields=["user", "address"], name="known_address_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.address}"


class ApiToken(models.Model):
    """A key to the JSON API (``alur.api``) for a person or a system account of an office.

    The token is shown once when it is made and kept only as its SHA-256 digest: it is a long
    random string, so a slow password hash would add nothing. ``prefix`` (its first characters,
    shown on the settings page) finds the row; the digest is compared in constant time
    (``alur.offices.tokens``)."""

    class Scope(models.TextChoices):
        READ = "read", _("baca")
        ACT = "act", _("baca dan bertindak")

    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("pemilik")
    )
    name = models.CharField(_("nama"), max_length=100)
    scope = models.CharField(_("cakupan"), max_length=8, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField(_("awalan"), max_length=16, unique=True)
    digest = models.CharField(_("sidik SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("dibuat"))
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def usable_at(self, moment: dt.datetime) -> bool:
        """Neither revoked nor expired at ``moment``, and its owner still active."""
        if self.revoked_at is not None or not self.owner.is_active:
            return False
        return self.expires_at is None or moment < self.expires_at
