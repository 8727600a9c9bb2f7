"""An office's webhook subscriptions, the deliveries of its cases' events, and every attempt.

    Subscription ──< Delivery ──< Attempt
    (office, URL,    one event to one URL: its body, fixed when the event was written, and the
     event types,    stable id sent as ``webhook-id`` on every try
     secret)

A delivery is PENDING until a 2xx answer (DELIVERED) or until it has been tried
``MAX_ATTEMPTS`` times (FAILED). A worker takes it by a lease (``locked_until``), never by a
state of its own: a worker that dies while sending leaves a row that is still PENDING and is
taken again once the lease has run out.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from alur.cases.models import Event
from alur.offices.models import Office


class EventType(models.TextChoices):
    """What an integrator subscribes to: the ``type`` of a delivery's payload."""

    CASE_OPENED = "case.opened", _("Permohonan diajukan")
    STEP_OPENED = "step.opened", _("Langkah dibuka")
    STEP_COMPLETED = "step.completed", _("Langkah diselesaikan")
    CASE_RETURNED = "case.returned", _("Permohonan dikembalikan")
    STEP_DUE_CHANGED = "step.due_changed", _("Tenggat langkah berubah")
    CASE_DUE_CHANGED = "case.due_changed", _("Batas waktu layanan berubah")
    CASE_ENDED = "case.ended", _("Permohonan berakhir")
    DOCUMENT_ADDED = "document.added", _("Dokumen ditambahkan")


class Subscription(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("kantor")
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("keterangan"), max_length=200, blank=True)
    event_types = models.JSONField(_("jenis peristiwa"), default=list)
    secret = models.CharField(_("rahasia"), max_length=100)
    """``whsec_<base64>``: the key of the signatures, shown to the administrator once. Kept as
    it is, since signing needs it (unlike a password or an API token, which are only checked)."""
    previous_secret = models.CharField(_("rahasia sebelumnya"), max_length=100, blank=True)
    previous_secret_until = models.DateTimeField(
        _("rahasia sebelumnya berlaku sampai"), null=True, blank=True
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    disabled_at = models.DateTimeField(_("dinonaktifkan"), null=True, blank=True)
    disabled_reason = models.TextField(_("alasan dinonaktifkan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dibuat oleh"),
    )
    created_at = models.DateTimeField(_("dibuat"))

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhook")
        ordering = ["office", "pk"]
        indexes = [models.Index(fields=["office", "is_active"])]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "menunggu", _("menunggu")
        DELIVERED = "terkirim", _("terkirim")
        FAILED = "gagal", _("gagal")

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("webhook"),
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="+", verbose_name=_("peristiwa")
    )
    message_id = models.CharField(_("webhook-id"), max_length=40, unique=True)
    """The idempotency key a receiver de-duplicates on: the same on every try."""
    type = models.CharField(_("jenis"), max_length=30, choices=EventType.choices)
    body = models.TextField(_("isi"))
    """The JSON sent, byte for byte the same on every try (the signature covers it)."""
    state = models.CharField(
        _("keadaan"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveIntegerField(_("percobaan"), default=0)
    """Every try, the manual ones included."""
    tries = models.PositiveIntegerField(_("percobaan sejak dijadwalkan"), default=0)
    """Tries since the delivery was (re)scheduled: what the wait before the next one and the
    giving up follow. A manual redelivery starts it again."""
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"))
    locked_until = models.DateTimeField(_("dipegang pekerja sampai"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("kode status terakhir"), null=True)
    last_error = models.TextField(_("kesalahan terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"))
    delivered_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("kiriman webhook")
        verbose_name_plural = _("kiriman webhook")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="webhook_delivery_due",
                condition=Q(state="menunggu"),
            ),
            models.Index(fields=["subscription", "-created_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event", "type"], name="webhook_delivery_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} → {self.subscription_id}"


class Attempt(models.Model):
    """One try of a delivery: its answer (a status code) or why there was none."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="log", verbose_name=_("kiriman")
    )
    at = models.DateTimeField(_("waktu"))
    status_code = models.PositiveIntegerField(_("kode status"), null=True)
    error = models.TextField(_("kesalahan"), blank=True)
    duration_ms = models.PositiveIntegerField(_("lama (ms)"))

    class Meta:
        verbose_name = _("percobaan kiriman")
        verbose_name_plural = _("percobaan kiriman")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.at:%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
