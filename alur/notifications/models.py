"""Messages to a person (in the app and by e-mail) and what each person chooses to get.

A person without a ``Preference`` row for a kind gets it both ways; e-mail needs an address.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    REMINDER = "pengingat", _("Pengingat tenggat")
    ESCALATION = "eskalasi", _("Langkah terlambat (eskalasi)")
    DUE_CHANGED = "tenggat", _("Perubahan tenggat")
    REVIEW = "tinjauan", _("Peninjauan SOP")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("penerima"),
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("judul"), max_length=300)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(_("tautan"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dibuat"))
    read_at = models.DateTimeField(_("dibaca"), null=True, blank=True)

    class Meta:
        verbose_name = _("pemberitahuan")
        verbose_name_plural = _("pemberitahuan")
        indexes = [models.Index(fields=["recipient", "read_at"])]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("pegawai"),
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    in_app = models.BooleanField(_("di aplikasi"), default=True)
    email = models.BooleanField(_("lewat surel"), default=True)

    class Meta:
        verbose_name = _("pilihan pemberitahuan")
        verbose_name_plural = _("pilihan pemberitahuan")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}"
