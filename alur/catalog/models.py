"""An office's SOPs and their versions. A running case keeps the version it started on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alur.offices.models import Office


class Sop(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="sops", verbose_name=_("kantor")
    )
    code = models.SlugField(_("kode"), max_length=64)
    name = models.CharField(_("nama SOP"), max_length=300)

    class Meta:
        verbose_name = _("SOP")
        verbose_name_plural = _("SOP")
        constraints = [
            models.UniqueConstraint(fields=["office", "code"], name="sop_code_per_office"),
        ]
        ordering = ["office", "name"]

    def __str__(self) -> str:
        return self.name


class SopVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draf", _("draf")
        PUBLISHED = "terbit", _("terbit")
        RETIRED = "dicabut", _("dicabut")

    sop = models.ForeignKey(
        Sop, on_delete=models.CASCADE, related_name="versions", verbose_name=_("SOP")
    )
    number = models.PositiveIntegerField(_("versi"))
    definition = models.TextField(_("definisi (YAML)"))
    checksum = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    effective = models.DateField(_("tanggal efektif"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("diunggah oleh"),
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("versi SOP")
        verbose_name_plural = _("versi SOP")
        constraints = [
            models.UniqueConstraint(fields=["sop", "number"], name="sop_version_number"),
        ]
        ordering = ["sop", "-number"]

    def __str__(self) -> str:
        return f"{self.sop.name} v{self.number}"
