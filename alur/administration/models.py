"""The one-time link that sets up an empty installation (``/mulai/<token>/``).

Only the token's SHA-256 is kept: the link is printed once by ``alur serve`` and cannot be read
back from the database. It is used once: setting up deletes it, and it works only while the
installation has no user at all.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FirstRunToken(models.Model):
    digest = models.CharField(_("SHA-256 token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat"))

    class Meta:
        verbose_name = _("tautan penyiapan pertama")
        verbose_name_plural = _("tautan penyiapan pertama")

    def __str__(self) -> str:
        return f"{self.digest[:8]}… ({self.created_at:%Y-%m-%d %H:%M})"
