"""Rollups of the performance report: daily counts kept by the service layer's recorder.

    StepDay       per office, SOP, step and office-local day of completion: visits done, with a
                  due and on time, working minutes (sum, max), of them waiting (untouched)
                  minutes, repeat visits, "tidak" answers, visits whose completion returned
                  the case to the requester
    StepMinutes   the same key and a log-scaled bucket of working minutes: how many visits
    StepMinutesMonth  the same per calendar month, so a long period reads few rows
    PersonDay     per office, SOP, person who finished the visit and day: the person's workload
    CaseDay       per office, SOP, requesting unit and day: cases opened, closed by outcome;
                  visits of its cases finished, their working and waiting minutes

A key (office, SOP, step, day, ...) may have several rows: each change inserts its own
contribution (``alur.reports.rollups``, from ``alur.cases.recording``, in the transaction of the
change), readers add them up (``SUM``; ``MAX`` for ``longest``), and ``alur.reports.compaction``
folds the rows of a key into one. No unique constraint: an insert never waits on another
change's insert of the same key. Rebuilt from the raw rows by ``alur.reports.rebuild``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alur.catalog.models import Sop
from alur.offices.models import Office, Unit


class _Keyed(models.Model):
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, verbose_name=_("kantor"), related_name="+"
    )
    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, verbose_name=_("SOP"), related_name="+")
    # False on a change's own row; True on a row compaction or a rebuild wrote: compaction
    # looks at the keys that have rows not yet folded (a partial index finds them).
    folded = models.BooleanField(_("sudah digabung"), default=False, db_default=False)

    class Meta:
        abstract = True


class StepDay(_Keyed):
    step = models.PositiveIntegerField(_("langkah"))
    day = models.DateField(_("hari"))
    done = models.PositiveIntegerField(_("kunjungan selesai"), default=0)
    with_due = models.PositiveIntegerField(_("bertenggat"), default=0)
    on_time = models.PositiveIntegerField(_("tepat waktu"), default=0)
    minutes = models.PositiveBigIntegerField(_("jumlah menit kerja"), default=0)
    longest = models.PositiveIntegerField(_("menit kerja terlama"), default=0)
    repeats = models.PositiveIntegerField(_("kunjungan ulang"), default=0)
    declined = models.PositiveIntegerField(_("jawaban tidak"), default=0)
    returned = models.PositiveIntegerField(_("dikembalikan kepada pemohon"), default=0)
    waiting = models.PositiveBigIntegerField(_("jumlah menit tunggu"), default=0)

    class Meta:
        verbose_name = _("rekap langkah per hari")
        verbose_name_plural = _("rekap langkah per hari")
        indexes = [
            models.Index(fields=["office", "day"], name="rollup_step_day_office"),
            models.Index(
                fields=["id"], condition=models.Q(folded=False), name="rollup_step_day_new"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sop_id}/{self.step} {self.day}: {self.done}"


class StepMinutes(_Keyed):
    step = models.PositiveIntegerField(_("langkah"))
    day = models.DateField(_("hari"))
    bucket = models.PositiveSmallIntegerField(_("kelompok menit"))
    visits = models.PositiveIntegerField(_("kunjungan"), default=0)

    class Meta:
        verbose_name = _("sebaran menit kerja per hari")
        verbose_name_plural = _("sebaran menit kerja per hari")
        indexes = [
            models.Index(fields=["office", "day"], name="rollup_minutes_day_office"),
            models.Index(
                fields=["id"], condition=models.Q(folded=False), name="rollup_minutes_day_new"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sop_id}/{self.step} {self.day} [{self.bucket}]: {self.visits}"


class StepMinutesMonth(_Keyed):
    step = models.PositiveIntegerField(_("langkah"))
    month = models.DateField(_("bulan"), help_text=_("Hari pertama bulannya."))
    bucket = models.PositiveSmallIntegerField(_("kelompok menit"))
    visits = models.PositiveIntegerField(_("kunjungan"), default=0)

    class Meta:
        verbose_name = _("sebaran menit kerja per bulan")
        verbose_name_plural = _("sebaran menit kerja per bulan")
        indexes = [
            models.Index(fields=["office", "month"], name="rollup_minutes_month_office"),
            models.Index(
                fields=["id"], condition=models.Q(folded=False), name="rollup_minutes_month_new"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sop_id}/{self.step} {self.month:%Y-%m} [{self.bucket}]: {self.visits}"


class PersonDay(_Keyed):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dikerjakan oleh"),
    )
    day = models.DateField(_("hari"))
    done = models.PositiveIntegerField(_("kunjungan selesai"), default=0)
    with_due = models.PositiveIntegerField(_("bertenggat"), default=0)
    on_time = models.PositiveIntegerField(_("tepat waktu"), default=0)
    minutes = models.PositiveBigIntegerField(_("jumlah menit kerja"), default=0)

    class Meta:
        verbose_name = _("rekap petugas per hari")
        verbose_name_plural = _("rekap petugas per hari")
        indexes = [
            models.Index(fields=["office", "day"], name="rollup_person_day_office"),
            models.Index(
                fields=["id"], condition=models.Q(folded=False), name="rollup_person_day_new"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.day}: {self.done}"


class CaseDay(_Keyed):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("OPD pemohon")
    )
    day = models.DateField(_("hari"))
    opened = models.PositiveIntegerField(_("dibuka"), default=0)
    finished = models.PositiveIntegerField(_("selesai"), default=0)
    returned = models.PositiveIntegerField(_("dikembalikan"), default=0)
    stopped = models.PositiveIntegerField(_("dihentikan"), default=0)
    refused = models.PositiveIntegerField(_("ditolak"), default=0)
    lapsed = models.PositiveIntegerField(_("gugur"), default=0)
    withdrawn = models.PositiveIntegerField(_("ditarik pemohon"), default=0)
    service_met = models.PositiveIntegerField(_("ditutup dalam batas waktu layanan"), default=0)
    service_missed = models.PositiveIntegerField(
        _("ditutup melewati batas waktu layanan"), default=0
    )
    visits = models.PositiveIntegerField(_("kunjungan langkah selesai"), default=0)
    visit_minutes = models.PositiveBigIntegerField(_("jumlah menit kerja kunjungan"), default=0)
    waiting = models.PositiveBigIntegerField(_("jumlah menit tunggu kunjungan"), default=0)

    class Meta:
        verbose_name = _("rekap permohonan per hari")
        verbose_name_plural = _("rekap permohonan per hari")
        indexes = [
            models.Index(fields=["office", "day"], name="rollup_case_day_office"),
            models.Index(
                fields=["id"], condition=models.Q(folded=False), name="rollup_case_day_new"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sop_id}/{self.unit_id} {self.day}: +{self.opened}"
