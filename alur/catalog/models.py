"""An office's SOPs and their versions. A running case keeps the version it started on.

A version moves one way::

    draf ──sahkan──> disahkan ──berlakukan (from a date)──> berlaku
      │                  │                                     │
      └─────cabut────────┴──────────────cabut──────────────────┴──> dicabut

Only a draft's text may change. A version in force holds from ``in_force_from`` (empty: since
before any date) until ``in_force_until`` (empty: open), the date the next one comes into force.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alur.offices.models import Office, Role


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
        APPROVED = "disahkan", _("disahkan")
        IN_FORCE = "berlaku", _("berlaku")
        WITHDRAWN = "dicabut", _("dicabut")

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
    revision = models.PositiveIntegerField(
        _("revisi draf"), default=0, help_text=_("Naik setiap kali teks draf disimpan.")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("disahkan oleh"),
    )
    approved_on = models.DateField(_("tanggal pengesahan"), null=True, blank=True)
    in_force_from = models.DateField(_("berlaku sejak"), null=True, blank=True)
    in_force_until = models.DateField(_("berlaku sampai"), null=True, blank=True)

    class Meta:
        verbose_name = _("versi SOP")
        verbose_name_plural = _("versi SOP")
        constraints = [
            models.UniqueConstraint(fields=["sop", "number"], name="sop_version_number"),
        ]
        ordering = ["sop", "-number"]

    def __str__(self) -> str:
        return f"{self.sop.name} v{self.number}"

    @property
    def log_subject(self) -> str:
        """What the settings log names the version by: its SOP's code, which never changes."""
        return f"SOP {self.sop.code} v{self.number}"

    def in_force_on(self, day: dt.date) -> bool:
        return (
            self.status == self.Status.IN_FORCE
            and (self.in_force_from is None or self.in_force_from <= day)
            and (self.in_force_until is None or day < self.in_force_until)
        )


class LaneRole(models.Model):
    """The office's choice of the role that acts in a lane of one of its SOPs.

    A definition names a lane's role by its code (``peran``, or the lane's id), which holds for
    the office the file was written for. An office whose roles are named otherwise (a copy of
    another office's SOP, a reorganisation) chooses here instead of editing the file: the choice
    holds for every version of the SOP that has the lane, running cases included. A lane with
    no choice keeps the definition's code (``alur.catalog.lanes``).
    """

    sop = models.ForeignKey(
        Sop, on_delete=models.CASCADE, related_name="lane_roles", verbose_name=_("SOP")
    )
    lane = models.SlugField(_("lajur"), max_length=64)
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="+", verbose_name=_("peran")
    )

    class Meta:
        verbose_name = _("peran lajur")
        verbose_name_plural = _("peran lajur")
        constraints = [
            models.UniqueConstraint(fields=["sop", "lane"], name="lane_role_per_sop"),
        ]

    def __str__(self) -> str:
        return f"{self.sop.code}/{self.lane} → {self.role.code}"


def in_force_on(day: dt.date, prefix: str = "") -> Q:
    """The versions in force on ``day``: one per SOP at most. ``prefix`` reaches the version
    through a relation, e.g. ``"sop_version__"``."""
    return (
        Q(**{f"{prefix}status": SopVersion.Status.IN_FORCE})
        & (
            Q(**{f"{prefix}in_force_from__isnull": True})
            | Q(**{f"{prefix}in_force_from__lte": day})
        )
        & (
            Q(**{f"{prefix}in_force_until__isnull": True})
            | Q(**{f"{prefix}in_force_until__gt": day})
        )
    )
