"""Deadlines that act: an office's deadline policy, agreed due changes, and sent alerts.

    Office ──  DeadlinePolicy   the head for lanes without one, the SOP owner
    Task   ──< DueChange        an agreed extension or a changed plan: ``Task.changed_due_at``
                                holds the latest one; ``Task.due_at`` keeps the original target
    Case   ──< ServiceExtension an agreed extension of the service deadline (``batas_waktu``):
                                ``Case.service_changed_due_at`` holds the latest one
    Task   ──< Alert            a reminder (due soon) or an escalation (late), once per due
    Case   ──< Alert            the same for the service deadline, once per service due
    SopVersion ──< Alert        a review reminder, once per review date
    Sop    ──< ScheduledStart   a slot of a scheduled SOP and the case it opened, once per slot

An ``Alert`` row (a ``ScheduledStart`` row) is the claim: its unique constraint lets exactly one
worker send a message (open a slot's case), however many workers scan at once or however often
they restart.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from alur.cases.models import Case, Task
from alur.catalog.models import Sop, SopVersion
from alur.offices.models import Office, Role


class DeadlinePolicy(models.Model):
    office = models.OneToOneField(
        Office, on_delete=models.CASCADE, related_name="deadline_policy", verbose_name=_("kantor")
    )
    default_head = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("atasan bawaan"),
        help_text=_(
            "Diberi tahu bila langkah terlambat pada lajur yang perannya tidak punya atasan, "
            "termasuk lajur pemohon."
        ),
    )
    review_role = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pemilik SOP"),
        help_text=_(
            "Diingatkan bila tanggal revisi SOP tiba, bersama admin kantor. Kosong: peran "
            "tertinggi kantor (yang tidak punya atasan), mis. Kepala Dinas."
        ),
    )
    review_notice_days = models.PositiveSmallIntegerField(
        _("ingatkan peninjauan SOP (hari sebelumnya)"),
        default=14,
        validators=[MaxValueValidator(366)],
    )

    class Meta:
        verbose_name = _("aturan tenggat kantor")
        verbose_name_plural = _("aturan tenggat kantor")

    def __str__(self) -> str:
        return str(self.office)

    def clean(self) -> None:
        """A role of another office can be neither the head nor the SOP owner here."""
        errors = {
            field: _("Pilih peran dari kantor %(office)s.") % {"office": self.office}
            for field in ("default_head", "review_role")
            if getattr(self, f"{field}_id") is not None
            and getattr(self, field).office_id != self.office_id
        }
        if errors:
            raise ValidationError(errors)


class DueChange(models.Model):
    """A step's due moved by an agreed extension, or by a changed plan ("Sesuai jadwal")."""

    class Kind(models.TextChoices):
        EXTENSION = "perpanjangan", _("perpanjangan tenggat")
        SCHEDULE = "jadwal", _("perubahan jadwal")

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="due_changes", verbose_name=_("langkah")
    )
    kind = models.CharField(_("jenis"), max_length=15, choices=Kind.choices)
    previous_due = models.DateTimeField(_("tenggat sebelumnya"), null=True, blank=True)
    due_at = models.DateTimeField(_("tenggat baru"))
    reason = models.TextField(_("alasan"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )
    changed_at = models.DateTimeField(_("diubah pada"))

    class Meta:
        verbose_name = _("perubahan tenggat")
        verbose_name_plural = _("perubahan tenggat")
        ordering = ["task", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.task} → {self.due_at:%Y-%m-%d %H:%M}"


class ServiceExtension(models.Model):
    """A case's service deadline moved by an agreed extension."""

    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.CASCADE,
        related_name="service_extensions",
        verbose_name=_("permohonan"),
    )
    previous_due = models.DateTimeField(_("batas waktu sebelumnya"))
    due_at = models.DateTimeField(_("batas waktu baru"))
    reason = models.TextField(_("alasan"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("diperpanjang oleh"),
    )
    changed_at = models.DateTimeField(_("diperpanjang pada"))

    class Meta:
        verbose_name = _("perpanjangan batas waktu layanan")
        verbose_name_plural = _("perpanjangan batas waktu layanan")
        ordering = ["case", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} → {self.due_at:%Y-%m-%d %H:%M}"


class Alert(models.Model):
    """One message sent once: the row is written before the message and claims it."""

    class Kind(models.TextChoices):
        REMINDER = "pengingat", _("pengingat")
        ESCALATION = "eskalasi", _("eskalasi")
        REVIEW = "tinjauan", _("tinjauan SOP")
        SERVICE_REMINDER = "pengingat-layanan", _("pengingat batas waktu layanan")
        SERVICE_ESCALATION = "eskalasi-layanan", _("eskalasi batas waktu layanan")
        REQUESTER_REMINDER = "pemohon", _("pengingat batas pemohon")

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    task = models.ForeignKey(
        Task,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("langkah"),
    )
    sop_version = models.ForeignKey(
        SopVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("versi SOP"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="service_alerts",
        verbose_name=_("permohonan"),
        help_text=_("Pengingat atau eskalasi batas waktu layanan permohonan ini."),
    )
    due_at = models.DateTimeField(_("tenggat yang diingatkan"))
    days_before = models.PositiveSmallIntegerField(
        _("hari sebelum batas"),
        default=0,
        help_text=_(
            "Untuk pengingat batas pemohon: berapa hari sebelum batas (tiap pengingat "
            "dikirim sekali)."
        ),
    )
    sent_at = models.DateTimeField(_("dikirim"))
    recipients = models.JSONField(_("penerima"), default=list)
    to_admins = models.BooleanField(
        _("ke admin kantor"),
        default=False,
        help_text=_(
            "Eskalasi yang dikirim ke admin kantor karena lajurnya tidak punya atasan; "
            "ditandai di laporan Kinerja agar atasan perannya ditetapkan."
        ),
    )

    class Meta:
        verbose_name = _("pengingat terkirim")
        verbose_name_plural = _("pengingat terkirim")
        indexes = [models.Index(fields=["kind", "sent_at"], name="alert_kind_sent")]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "kind", "due_at", "days_before"],
                condition=models.Q(task__isnull=False),
                name="alert_once_per_task_due_and_day",
            ),
            models.UniqueConstraint(
                fields=["sop_version", "kind", "due_at"],
                condition=models.Q(sop_version__isnull=False),
                name="alert_once_per_review",
            ),
            models.UniqueConstraint(
                fields=["case", "kind", "due_at"],
                condition=models.Q(case__isnull=False),
                name="alert_once_per_service_due",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(task__isnull=False, sop_version__isnull=True, case__isnull=True)
                    | models.Q(task__isnull=True, sop_version__isnull=False, case__isnull=True)
                    | models.Q(task__isnull=True, sop_version__isnull=True, case__isnull=False)
                ),
                name="alert_about_task_sop_or_case",
            ),
        ]
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_at:%Y-%m-%d %H:%M}"


class ScheduledStart(models.Model):
    """One slot of a scheduled SOP (``jadwal_mulai``), claimed once: the row is inserted in the
    transaction that opens the slot's case, and its unique constraint lets one worker win."""

    sop = models.ForeignKey(
        Sop, on_delete=models.CASCADE, related_name="scheduled_starts", verbose_name=_("SOP")
    )
    slot = models.DateTimeField(_("jadwal"))
    sop_version = models.ForeignKey(
        SopVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("versi SOP")
    )
    case = models.OneToOneField(
        Case,
        on_delete=models.PROTECT,
        null=True,  # only inside the transaction that claims the slot and opens its case
        blank=True,
        related_name="scheduled_start",
        verbose_name=_("permohonan"),
    )
    opened_at = models.DateTimeField(_("dibuka"))

    class Meta:
        verbose_name = _("kasus terjadwal")
        verbose_name_plural = _("kasus terjadwal")
        constraints = [
            models.UniqueConstraint(fields=["sop", "slot"], name="scheduled_start_once_per_slot"),
        ]
        ordering = ["-slot", "-id"]

    def __str__(self) -> str:
        return f"{self.sop.code} {self.slot:%Y-%m-%d %H:%M}"
