"""The office's letterhead, the letters Alur drafted for a case, and SRIKANDI references.

    Letterhead ── Office          kop surat, the number pattern and the head of office
    LetterSequence                the last letter number of an office in a year
    Letter ── Case, Document      one PDF drafted at a step, or the refusal letter of a case
                                  ended ``ditolak`` (at the step that refused it); the file
                                  is a case document
    SrikandiReference ── Case     a letter sent through SRIKANDI, with its signed PDF

Nothing here changes a case: ``alur.letters.services`` is the door for that.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alur.cases.models import Case, Document
from alur.offices.models import Office


class Letterhead(models.Model):
    """Kop surat and numbering of an office's letters."""

    office = models.OneToOneField(
        Office, on_delete=models.CASCADE, related_name="letterhead", verbose_name=_("kantor")
    )
    government = models.CharField(_("baris pemerintah daerah"), max_length=200)
    name = models.CharField(_("nama dinas"), max_length=200)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    contact = models.CharField(
        _("telepon, surel, laman"),
        max_length=300,
        blank=True,
        help_text=_("Satu baris di bawah alamat, mis. 'Telp. (0778) 123456, Laman batam.go.id'."),
    )
    number_pattern = models.CharField(
        _("pola nomor surat"),
        max_length=100,
        default="{klasifikasi}/{seq:03d}/{unit}/{month_roman}/{year}",
        help_text=_(
            "Bagian: {klasifikasi} kode klasifikasi, {seq} urutan per tahun, {unit} kode unit "
            "pengolah, {month} bulan, {month_roman} bulan dalam angka Romawi, {year} tahun."
        ),
    )
    unit_code = models.CharField(_("kode unit pengolah"), max_length=50, blank=True)
    reply_classification = models.CharField(
        _("kode klasifikasi surat balasan"), max_length=50, default="000.1"
    )
    minutes_classification = models.CharField(
        _("kode klasifikasi berita acara"), max_length=50, default="000.1"
    )
    head_name = models.CharField(_("nama kepala dinas"), max_length=200, blank=True)
    head_position = models.CharField(_("jabatan kepala dinas"), max_length=200, blank=True)
    head_rank = models.CharField(_("pangkat/golongan kepala dinas"), max_length=100, blank=True)
    head_nip = models.CharField(_("NIP kepala dinas"), max_length=30, blank=True)
    logo = models.FileField(
        _("logo"),
        max_length=200,
        blank=True,
        help_text=_("PNG atau SVG yang sudah diperiksa, disimpan di bawah SHA-256-nya."),
    )
    logo_sha256 = models.CharField(_("SHA-256 logo"), max_length=64, blank=True)
    logo_type = models.CharField(_("jenis logo"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("kop surat")
        verbose_name_plural = _("kop surat")

    def __str__(self) -> str:
        return self.name


class LetterSequence(models.Model):
    """The last letter number an office gave in a year; incremented under the transaction."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, verbose_name=_("kantor"))
    year = models.PositiveIntegerField(_("tahun"))
    last = models.PositiveIntegerField(_("nomor terakhir"), default=0)

    class Meta:
        verbose_name = _("urutan nomor surat")
        verbose_name_plural = _("urutan nomor surat")
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="letter_sequence_once"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}: {self.last}"


class Letter(models.Model):
    """A PDF Alur drafted at a step of a case; regenerating makes a new document version."""

    class Kind(models.TextChoices):
        DISPOSITION = "disposisi", _("lembar disposisi")
        REPLY_DRAFT = "balasan-draf", _("draf surat balasan")
        REPLY = "balasan", _("surat balasan")
        MINUTES = "berita-acara", _("berita acara pekerjaan")
        REFUSAL = "penolakan", _("surat penolakan")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="letters", verbose_name=_("permohonan")
    )
    step = models.PositiveIntegerField(_("langkah"))
    visit = models.PositiveIntegerField(_("kunjungan"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    year = models.PositiveIntegerField(_("tahun"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("urutan"), null=True, blank=True)
    dated = models.DateField(_("tanggal surat"))
    fields = models.JSONField(_("isian"), default=dict)
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="letter", verbose_name=_("dokumen")
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("dibuat oleh")
    )
    made_at = models.DateTimeField(_("dibuat"))

    class Meta:
        verbose_name = _("surat")
        verbose_name_plural = _("surat")
        ordering = ["case", "-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()


class SrikandiReference(models.Model):
    """A letter of a step sent through SRIKANDI: its number, date, sender and identifier, with
    the signed PDF stored as a case document."""

    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="srikandi_references",
        verbose_name=_("permohonan"),
    )
    step = models.PositiveIntegerField(_("langkah"))
    visit = models.PositiveIntegerField(_("kunjungan"))
    number = models.CharField(_("nomor surat"), max_length=100)
    dated = models.DateField(_("tanggal surat"))
    sender = models.CharField(_("pengirim"), max_length=200)
    link = models.CharField(_("tautan atau ID SRIKANDI"), max_length=500)
    document = models.OneToOneField(
        Document,
        on_delete=models.PROTECT,
        related_name="srikandi_reference",
        verbose_name=_("surat bertanda tangan"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("dicatat oleh")
    )
    recorded_at = models.DateTimeField(_("dicatat"))

    class Meta:
        verbose_name = _("rujukan SRIKANDI")
        verbose_name_plural = _("rujukan SRIKANDI")
        ordering = ["case", "-recorded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} ({self.link})"
