"""The six-monthly SOP monitoring form of the SOP-AP guideline (Permenpan RB 35/2012).

    MonitoringRecord ──< MonitoringRow     No | Prosedur | Penilaian | Catatan | Tindakan | Paraf
                     ──< MonitoringEvent   append-only: opened, rows saved, signed, revised
                     ──  document          the signed PDF, stored under its SHA-256

A record is one version of the form of one SOP for one half-year. Once signed it is never
changed: a correction is a new version (``revises`` points at the signed one). Nothing here
changes a record: ``alur.monitoring.services`` is the one door for that.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alur.catalog.models import Sop, SopVersion


class MonitoringRecord(models.Model):
    class Half(models.IntegerChoices):
        FIRST = 1, _("Semester I (Januari–Juni)")
        SECOND = 2, _("Semester II (Juli–Desember)")

    sop = models.ForeignKey(
        Sop, on_delete=models.PROTECT, related_name="monitoring_records", verbose_name=_("SOP")
    )
    sop_version = models.ForeignKey(
        SopVersion,
        on_delete=models.PROTECT,
        related_name="monitoring_records",
        verbose_name=_("versi SOP"),
    )
    year = models.PositiveIntegerField(_("tahun"))
    half = models.PositiveSmallIntegerField(_("semester"), choices=Half.choices)
    version = models.PositiveIntegerField(_("versi formulir"))
    revises = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revised_by",
        verbose_name=_("merevisi"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penilai"),
    )
    assessor_name = models.CharField(_("nama penilai"), max_length=200, blank=True)
    assessor_nip = models.CharField(_("NIP penilai"), max_length=30, blank=True)
    assessor_position = models.CharField(_("jabatan penilai"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("ditandatangani"), null=True, blank=True)
    document = models.FileField(_("berkas PDF"), max_length=300, blank=True)
    document_sha256 = models.CharField(_("SHA-256 berkas"), max_length=64, blank=True)
    document_size = models.PositiveBigIntegerField(_("ukuran berkas"), null=True, blank=True)
    last_event_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("formulir monitoring SOP")
        verbose_name_plural = _("formulir monitoring SOP")
        constraints = [
            models.UniqueConstraint(
                fields=["sop", "year", "half", "version"], name="monitoring_version_once"
            ),
        ]
        ordering = ["sop", "-year", "-half", "-version"]

    def __str__(self) -> str:
        return f"{self.sop} {self.year}/{self.half} v{self.version}"

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


class MonitoringRow(models.Model):
    """One procedure (step) of the form, as Alur proposed it and as the assessor left it."""

    class Assessment(models.TextChoices):
        GOOD = "baik", _("Berjalan dengan baik")
        NOT_GOOD = "tidak_baik", _("Tidak berjalan dengan baik")

    record = models.ForeignKey(
        MonitoringRecord, on_delete=models.CASCADE, related_name="rows", verbose_name=_("formulir")
    )
    no = models.PositiveIntegerField(_("no"))
    step = models.PositiveIntegerField(_("langkah"))
    procedure = models.TextField(_("prosedur"))
    assessment = models.CharField(
        _("penilaian"), max_length=10, choices=Assessment.choices, blank=True
    )
    note = models.TextField(_("catatan hasil penilaian"), blank=True)
    action = models.TextField(_("tindakan yang harus diambil"), blank=True)
    proposed_assessment = models.CharField(
        _("penilaian usulan Alur"), max_length=10, choices=Assessment.choices, blank=True
    )
    proposed_note = models.TextField(_("catatan usulan Alur"), blank=True)

    class Meta:
        verbose_name = _("baris formulir monitoring")
        verbose_name_plural = _("baris formulir monitoring")
        constraints = [
            models.UniqueConstraint(fields=["record", "no"], name="monitoring_row_once"),
        ]
        ordering = ["record", "no"]

    def __str__(self) -> str:
        return f"{self.record_id}#{self.no}"

    @property
    def corrected(self) -> bool:
        """The assessor changed what Alur proposed."""
        return (self.assessment, self.note) != (self.proposed_assessment, self.proposed_note)


class MonitoringEvent(models.Model):
    """One line of a form's record, written in the transaction of the change it records."""

    record = models.ForeignKey(
        MonitoringRecord,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("formulir"),
    )
    seq = models.PositiveIntegerField(_("urutan"))
    kind = models.CharField(_("jenis"), max_length=64)
    at = models.DateTimeField(_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("pelaku")
    )
    data = models.JSONField(_("data"), default=dict)
    # The form's own hash chain, keyed as a case's (alur.cases.audit.keyed_hash)
    key_id = models.CharField(_("kunci"), max_length=32, blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("catatan formulir monitoring")
        verbose_name_plural = _("catatan formulir monitoring")
        ordering = ["record", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["record", "seq"], name="monitoring_event_seq_once"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} {self.kind}"
