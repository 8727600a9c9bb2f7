"""Messages to a person (in the app and by e-mail) and what each person chooses to get.

A person without a ``Preference`` row for a kind gets it both ways; e-mail needs an address.
A person with a ``Digest`` row gets their e-mails once a day, listed in one message.
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
    SERVICE_REMINDER = "pengingat-layanan", _("Pengingat batas waktu layanan")
    SERVICE_ESCALATION = "eskalasi-layanan", _("Batas waktu layanan terlewati (eskalasi)")
    LAPSED = "gugur", _("Permohonan gugur")
    WEBHOOK = "webhook", _("Webhook dinonaktifkan")
    WITHDRAWN = "ditarik", _("Permohonan ditarik pemohon")
    REQUESTER_COMMENT = "komentar", _("Komentar pemohon")
    STEP_OPENED = "langkah-baru", _("Langkah baru di kotak tugas")
    RETURNED = "dikembalikan", _("Permohonan saya dikembalikan kepada saya")
    STEP_DONE = "langkah-selesai", _("Langkah permohonan saya selesai")
    ENDED = "berakhir", _("Permohonan saya selesai atau berakhir")
    SURVEY = "skm", _("Survei kepuasan masyarakat")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("penerima"),
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
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
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
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


class Digest(models.Model):
    """The person chose one e-mail a day listing their notifications, instead of one e-mail
    for each (``alur.notifications.outbox.digests_compose``); the app's own are unaffected."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_digest",
        verbose_name=_("pegawai"),
    )
    chosen_at = models.DateTimeField(_("dipilih"))

    class Meta:
        verbose_name = _("ringkasan harian")
        verbose_name_plural = _("ringkasan harian")

    def __str__(self) -> str:
        return str(self.user)


class Mail(models.Model):
    """One e-mail to one address, written in the transaction that decided to send it and
    delivered by ``alur worker`` (``alur.notifications.outbox``).

    WAITING ──deliver──▶ SENT
       │ ▲
       └─┘ refused or unreachable: tried again later, each wait twice the one before (capped)
       └────────────▶ FAILED after ``ALUR_MAIL_MAX_ATTEMPTS`` tries, kept for the admin

    DAILY ──digests_compose, at ``next_attempt_at``──▶ BUNDLED, listed in one WAITING mail
      one line of a person's daily digest, held until their office opens the next working day
    """

    class State(models.TextChoices):
        WAITING = "menunggu", _("Menunggu dikirim")
        SENT = "terkirim", _("Terkirim")
        FAILED = "gagal", _("Gagal")
        DAILY = "harian", _("Menunggu ringkasan harian")
        BUNDLED = "digabung", _("Digabung ke ringkasan harian")

    to = models.EmailField(_("kepada"))
    subject = models.CharField(_("subjek"), max_length=400)
    body = models.TextField(_("isi"))
    message_id = models.CharField(_("Message-ID"), max_length=250, unique=True)
    state = models.CharField(
        _("keadaan"), max_length=10, choices=State.choices, default=State.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"))
    last_error = models.TextField(_("kesalahan terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"))
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("surel keluar")
        verbose_name_plural = _("surel keluar")
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
