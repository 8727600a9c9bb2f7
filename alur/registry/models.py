"""The office's application inventory and electronic-system records.

SOP steps write here when they complete (``registri`` in the definition): SOP 2 step 8 updates
the list of all applications; SOP 1 step 9 registers an electronic system (Pendataan Sistem
Elektronik). Each record remembers the case that last wrote it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from alur.cases.models import Case
from alur.offices.models import Office, Unit


class Application(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "umum", _("Aplikasi Umum")
        SPECIFIC = "khusus", _("Aplikasi Khusus")

    class Status(models.TextChoices):
        ACTIVE = "aktif", _("aktif")
        INACTIVE = "nonaktif", _("tidak aktif")

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="applications", verbose_name=_("kantor")
    )
    name = models.CharField(_("nama aplikasi"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, blank=True)
    owner = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("OPD pemilik")
    )
    url = models.CharField(_("URL/domain"), max_length=300, blank=True)
    server = models.CharField(_("server"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("permohonan")
    )
    updated_at = models.DateTimeField(_("diperbarui"))

    class Meta:
        verbose_name = _("aplikasi")
        verbose_name_plural = _("daftar aplikasi")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="application_name_per_office"),
        ]
        ordering = ["office", "name"]

    def __str__(self) -> str:
        return self.name


class ElectronicSystem(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="systems", verbose_name=_("kantor")
    )
    name = models.CharField(_("nama sistem elektronik"), max_length=200)
    owner = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("OPD pemilik")
    )
    registration_number = models.CharField(_("nomor TDPSE"), max_length=100, blank=True)
    registered_on = models.DateField(_("tanggal pendataan"), null=True, blank=True)
    url = models.CharField(_("URL"), max_length=300, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("permohonan")
    )
    updated_at = models.DateTimeField(_("diperbarui"))

    class Meta:
        verbose_name = _("sistem elektronik")
        verbose_name_plural = _("sistem elektronik")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="system_name_per_office"),
        ]
        ordering = ["office", "name"]

    def __str__(self) -> str:
        return self.name
