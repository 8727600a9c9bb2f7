"""The survey's rows: the invitation of each ended case, its one response, and the office's
follow-up plan.

    Case ended ──▶ Invitation (one per case: a one-time link, only its keyed digest kept)
                      └─▶ Response (one per case; nine answers 1..4, an optional profile and a
                                    suggestion; no person: reports never say who answered)
    Office ──< FollowUp (rencana tindak lanjut: what, who is responsible, by when, status)
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alur.cases.models import Case
from alur.catalog.models import Sop
from alur.offices.models import Office
from alur.survey.elements import AGES, CODES, EDUCATIONS, GENDERS, OCCUPATIONS


class Invitation(models.Model):
    """The questionnaire offered to the requester of an ended case. The e-mailed link carries
    a token of which only the keyed digest is kept; answering (in the app or by the link)
    spends it."""

    case = models.OneToOneField(
        Case,
        on_delete=models.CASCADE,
        related_name="survey_invitation",
        verbose_name=_("permohonan"),
    )
    digest = models.CharField(max_length=64, unique=True)
    offered_at = models.DateTimeField(_("ditawarkan"))
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)

    class Meta:
        verbose_name = _("undangan SKM")
        verbose_name_plural = _("undangan SKM")

    def __str__(self) -> str:
        return str(self.case)


def _score(code: str, number: int) -> models.PositiveSmallIntegerField[int, int]:
    return models.PositiveSmallIntegerField(f"U{number} {code}")


class Response(models.Model):
    """One requester's answers about one case. ``office`` and ``sop`` are the case's, kept so
    a report reads its rows alone; no field names who answered."""

    class Channel(models.TextChoices):
        APP = "aplikasi", _("di aplikasi")
        LINK = "tautan", _("tautan surel")

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="survey_response", verbose_name=_("permohonan")
    )
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, related_name="+")
    answered_at = models.DateTimeField(_("dijawab"))
    channel = models.CharField(_("lewat"), max_length=10, choices=Channel.choices)
    persyaratan = _score("persyaratan", 1)
    prosedur = _score("prosedur", 2)
    waktu = _score("waktu", 3)
    biaya = _score("biaya", 4)
    produk = _score("produk", 5)
    kompetensi = _score("kompetensi", 6)
    perilaku = _score("perilaku", 7)
    pengaduan = _score("pengaduan", 8)
    sarana = _score("sarana", 9)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=GENDERS, blank=True)
    education = models.CharField(_("pendidikan"), max_length=10, choices=EDUCATIONS, blank=True)
    occupation = models.CharField(_("pekerjaan"), max_length=10, choices=OCCUPATIONS, blank=True)
    age = models.CharField(_("usia"), max_length=5, choices=AGES, blank=True)
    suggestion = models.TextField(_("saran"), blank=True)

    class Meta:
        verbose_name = _("jawaban SKM")
        verbose_name_plural = _("jawaban SKM")
        indexes = [models.Index(fields=["office", "answered_at"], name="survey_office_answered")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{code}__gte": 1, f"{code}__lte": 4}),
                name=f"survey_{code}_1_to_4",
            )
            for code in CODES
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.answered_at:%Y-%m-%d}"


class FollowUp(models.Model):
    """One item of the office's follow-up plan (rencana tindak lanjut) of its survey: what will
    be done, about which element and SOP, who is responsible, by when, and how far it is."""

    class Status(models.TextChoices):
        PLANNED = "direncanakan", _("direncanakan")
        RUNNING = "berjalan", _("berjalan")
        DONE = "selesai", _("selesai")

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="survey_follow_ups", verbose_name=_("kantor")
    )
    sop = models.ForeignKey(
        Sop,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("SOP"),
    )
    element = models.CharField(_("unsur"), max_length=20, blank=True)
    action = models.CharField(_("tindak lanjut"), max_length=500)
    responsible = models.CharField(_("penanggung jawab"), max_length=200)
    target = models.DateField(_("target selesai"))
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PLANNED
    )
    note = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dicatat"))
    updated_at = models.DateTimeField(_("diubah"))

    class Meta:
        verbose_name = _("rencana tindak lanjut SKM")
        verbose_name_plural = _("rencana tindak lanjut SKM")
        ordering = ["target", "pk"]

    def __str__(self) -> str:
        return self.action
