"""The heartbeat of each running ``alur worker``: who it is, where, and when it was last seen."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerBeat(models.Model):
    """One row per worker, written every ``ALUR_WORKER_BEAT_SECONDS`` while it runs and removed
    when it stops; a row silent for ``ALUR_WORKER_TIMEOUT_SECONDS`` is a worker that died."""

    worker_id = models.CharField(_("pekerja"), max_length=64, unique=True)
    host = models.CharField(_("mesin"), max_length=255)
    pid = models.PositiveIntegerField(_("PID"))
    started_at = models.DateTimeField(_("mulai"))
    seen_at = models.DateTimeField(_("terakhir terlihat"), db_index=True)

    class Meta:
        verbose_name = _("detak pekerja")
        verbose_name_plural = _("detak pekerja")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}, {self.pid})"
