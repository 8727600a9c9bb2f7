"""Cases (permohonan), the visits of their steps (tasks), their documents and their record.

    Case ──< Task        one row per visit of a step: opened, due, done, by whom, decision
              ──< OpenLane  the lanes of an open visit still to act, so an inbox is one query
         ──< Document    immutable files; a new upload of the same name is a new version
         ──< Event       append-only, hash-chained per case: the record that proves what happened
         ──  state       the engine's small state (JSON), guarded by ``version``

Nothing here changes a case: ``alur.cases.services`` is the one door for that.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from alur.catalog.models import SopVersion
from alur.offices.models import Office, Unit


class RequesterKind(models.TextChoices):
    """Who filed a request (the format's ``jenis_pemohon``); it decides who acts in the
    requester's lane: anyone of the requesting OPD, or only the person who filed."""

    OPD = "opd", _("OPD")
    ASN = "asn", _("pegawai (ASN)")
    PUBLIC = "publik", _("masyarakat")


class Case(models.Model):
    class Status(models.TextChoices):
        RUNNING = "berjalan", _("berjalan")
        FINISHED = "selesai", _("selesai")
        RETURNED = "dikembalikan", _("dikembalikan")
        STOPPED = "dihentikan", _("dihentikan")
        REFUSED = "ditolak", _("ditolak")
        LAPSED = "gugur", _("gugur")
        WITHDRAWN = "ditarik", _("ditarik")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="cases", verbose_name=_("kantor")
    )
    sop_version = models.ForeignKey(
        SopVersion, on_delete=models.PROTECT, related_name="cases", verbose_name=_("versi SOP")
    )
    number = models.CharField(_("nomor"), max_length=100)
    year = models.PositiveIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("urutan"))
    title = models.CharField(_("perihal"), max_length=300)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("pemohon"),
    )
    requester_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="requests", verbose_name=_("OPD pemohon")
    )
    requester_kind = models.CharField(
        _("jenis pemohon"),
        max_length=10,
        choices=RequesterKind.choices,
        blank=True,
        default=RequesterKind.OPD,
        help_text=_(
            "Siapa yang mengajukan: OPD, pegawai (ASN) kantor untuk dirinya, atau masyarakat "
            "tanpa akun; kosong bila kasus dibuka oleh pegawai di lajur perannya sendiri."
        ),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.RUNNING
    )
    state = models.JSONField(_("keadaan mesin"))
    version = models.PositiveIntegerField(_("versi"), default=1)
    opened_at = models.DateTimeField(_("dibuka"))
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)
    service_due_at = models.DateTimeField(
        _("batas waktu layanan"),
        null=True,
        blank=True,
        help_text=_("Dari 'batas_waktu' SOP, dihitung dari permohonan diterima; tidak diubah."),
    )
    service_changed_due_at = models.DateTimeField(
        _("batas waktu layanan sesudah perpanjangan"), null=True, blank=True
    )
    end_reason = models.TextField(_("alasan berakhir"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("dibuka oleh permohonan"),
    )
    parent_step = models.PositiveIntegerField(null=True, blank=True)
    last_event_hash = models.CharField(max_length=64, default="")
    due_fold = models.JSONField(null=True, blank=True, editable=False)
    """The case's first visits added up, once none of them can change
    (``alur.cases.due.Folded``): kept so the case's due and page do not read them again. Only
    a sum of the visits: empty or out of date, the visits are added up from the first."""

    class Meta:
        verbose_name = _("permohonan")
        verbose_name_plural = _("permohonan")
        constraints = [
            models.UniqueConstraint(fields=["office", "number"], name="case_number_per_office"),
            models.UniqueConstraint(
                fields=["office", "year", "sequence"], name="case_sequence_per_office_year"
            ),
        ]
        indexes = [
            models.Index(fields=["office", "status", "-opened_at"]),
            # The performance reports: an office's cases by SOP version and by period.
            models.Index(fields=["office", "opened_at"], name="case_office_opened"),
            models.Index(fields=["office", "closed_at"], name="case_office_closed"),
        ]
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.number

    @property
    def requester_acts_alone(self) -> bool:
        """Whether only the person who filed acts in the requester's lane (an employee's or the
        public's request), rather than anyone of the requesting OPD."""
        return self.requester_kind in (RequesterKind.ASN, RequesterKind.PUBLIC)

    @property
    def service_due(self) -> dt.datetime | None:
        """The service deadline the case is held to now: the latest agreed extension, else the
        one set at receipt."""
        return self.service_changed_due_at or self.service_due_at


class CaseSequence(models.Model):
    """The last case number given by an office in a year; incremented under a row lock."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, verbose_name=_("kantor"))
    year = models.PositiveIntegerField(verbose_name=_("tahun"))
    last = models.PositiveIntegerField(default=0, verbose_name=_("nomor terakhir"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="case_sequence_once"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id}/{self.year}: {self.last}"


class Task(models.Model):
    """One visit of one step."""

    class Status(models.TextChoices):
        OPEN = "terbuka", _("terbuka")
        DONE = "selesai", _("selesai")
        CLOSED = "ditutup", _("ditutup tanpa dikerjakan")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("permohonan")
    )
    sop_version = models.ForeignKey(
        SopVersion,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("versi SOP"),
        help_text=_(
            "Versi yang dijalankan kunjungan ini: nomor langkahnya dibaca menurut versi itu, "
            "juga setelah permohonan dipindahkan ke versi lain."
        ),
    )
    step = models.PositiveIntegerField(_("langkah"))
    visit = models.PositiveIntegerField(_("kunjungan"))
    lanes = models.JSONField(_("lajur"))
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, verbose_name=_("status")
    )
    opened_at = models.DateTimeField(_("dibuka"))
    due_at = models.DateTimeField(
        _("tenggat"),
        null=True,
        blank=True,
        help_text=_("Target yang ditetapkan saat langkah dibuka; tidak pernah diubah."),
    )
    changed_due_at = models.DateTimeField(
        _("tenggat setelah perubahan"),
        null=True,
        blank=True,
        help_text=_("Tenggat menurut perubahan terakhir yang disetujui (perpanjangan, jadwal)."),
    )
    done_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks_done",
        verbose_name=_("dikerjakan oleh"),
    )
    done_as = models.JSONField(
        _("dikerjakan sebagai"),
        default=dict,
        blank=True,
        help_text=_(
            "Pelimpahan (Plh/Plt) yang dipakai orang yang menyelesaikan langkah, seperti dicatat "
            "pada peristiwanya; kosong bila ia memegang perannya sendiri."
        ),
    )
    decision = models.CharField(_("keputusan"), max_length=10, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    confirmed_by = models.JSONField(_("dikonfirmasi oleh"), default=list)
    working_minutes = models.PositiveIntegerField(
        _("waktu kerja (menit)"),
        null=True,
        blank=True,
        help_text=_("Menit jam kantor dari dibuka sampai selesai, menurut kalender kantor."),
    )
    touched_at = models.DateTimeField(
        _("pertama ditangani"),
        null=True,
        blank=True,
        help_text=_(
            "Peristiwa pertama kunjungan ini oleh seseorang (mulai dikerjakan, konfirmasi, "
            "penyelesaian, surat, permintaan perubahan tenggat); kosong selama belum disentuh."
        ),
    )
    waiting_minutes = models.PositiveIntegerField(
        _("waktu tunggu (menit)"),
        null=True,
        blank=True,
        help_text=_(
            "Menit jam kantor dari dibuka sampai pertama ditangani: bagian waktu kerja ketika "
            "langkah terbuka tanpa disentuh."
        ),
    )

    class Meta:
        verbose_name = _("langkah permohonan")
        verbose_name_plural = _("langkah permohonan")
        constraints = [
            models.UniqueConstraint(fields=["case", "step", "visit"], name="task_visit_once"),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            # The performance reports: the visits finished in a period.
            models.Index(fields=["status", "done_at"], name="task_status_done"),
            # A case's visits in the order they opened: the page's newest, and those after the
            # sum of its first visits (``Case.due_fold``), read without sorting its history.
            models.Index(fields=["case", "opened_at", "id"], name="task_case_opened"),
        ]
        ordering = ["case", "opened_at", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} langkah {self.step} ({self.visit})"

    @property
    def due(self) -> dt.datetime | None:
        """The due the visit is held to now: the latest agreed change, else its target."""
        return self.changed_due_at or self.due_at


class OpenLane(models.Model):
    """A lane still to act on an open visit: who may act on it, in columns an index reads.

    Written and removed with the visit's row (``alur.cases.recording``): there is one while the
    visit is open, the case runs and the lane has not confirmed, so a person's inbox asks for
    the rows of their roles or their unit instead of reading every open visit of the office.
    """

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="open_lanes", verbose_name=_("langkah")
    )
    office = models.ForeignKey(Office, on_delete=models.CASCADE, verbose_name=_("kantor"))
    lane = models.CharField(_("lajur"), max_length=64)
    role = models.CharField(
        _("peran"),
        max_length=64,
        blank=True,
        help_text=_("Kode peran yang bertindak; kosong untuk lajur pemohon."),
    )
    requester_unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, verbose_name=_("OPD pemohon")
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("pemohon"),
        help_text=_(
            "Untuk lajur pemohon permohonan pegawai (ASN) atau masyarakat: hanya orang ini yang "
            "bertindak; kosong bila siapa pun dari OPD pemohon dapat bertindak."
        ),
    )

    class Meta:
        verbose_name = _("lajur terbuka")
        verbose_name_plural = _("lajur terbuka")
        constraints = [
            models.UniqueConstraint(fields=["task", "lane"], name="open_lane_once"),
        ]
        indexes = [
            models.Index(fields=["office", "role"], name="open_lane_role"),
            models.Index(fields=["requester_unit", "role"], name="open_lane_requester"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.lane}"


def stored_path(office_id: int, case_id: int, sha256: str) -> str:
    """Where a document's bytes live: never a name the uploader chose, and one file per content."""
    return f"dokumen/{office_id}/{case_id}/{sha256}"


def _stored_name(document: Document, filename: str) -> str:
    return stored_path(document.case.office_id, document.case_id, document.sha256)


class Document(models.Model):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="documents", verbose_name=_("permohonan")
    )
    name = models.CharField(_("nama dokumen"), max_length=300)
    version = models.PositiveIntegerField(_("versi"))
    file = models.FileField(_("berkas"), upload_to=_stored_name, max_length=300)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("ukuran"))
    content_type = models.CharField(_("jenis"), max_length=100)
    step = models.PositiveIntegerField(_("langkah"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("diunggah oleh")
    )
    uploaded_at = models.DateTimeField(_("diunggah"))
    generated = models.BooleanField(_("dibuat Alur"), default=False)

    class Meta:
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "name", "version"], name="document_version_once"
            ),
        ]
        ordering = ["case", "name", "-version"]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Event(models.Model):
    """One line of a case's record. Written once, in the transaction of the change it records.

    ``hash`` = HMAC-SHA256, with the key ``key_id`` names, over the previous event's hash and
    this event's canonical JSON, so a changed, removed or reordered event breaks the chain
    (``alur audit verify``, ``alur.cases.audit``); ``key_id`` empty: written before the chain
    was keyed, a plain SHA-256.
    """

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="events", verbose_name=_("permohonan")
    )
    seq = models.PositiveIntegerField(verbose_name=_("urutan"))
    kind = models.CharField(max_length=64, verbose_name=_("jenis"))
    at = models.DateTimeField(verbose_name=_("waktu"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("pelaku"),
    )
    step = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("langkah"))
    visit = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("kunjungan"))
    lane = models.CharField(max_length=64, blank=True, verbose_name=_("lajur"))
    decision = models.CharField(max_length=10, blank=True, verbose_name=_("keputusan"))
    note = models.TextField(blank=True, verbose_name=_("catatan"))
    data = models.JSONField(default=dict, verbose_name=_("data"))
    prev_hash = models.CharField(max_length=64, verbose_name=_("hash sebelumnya"))
    hash = models.CharField(max_length=64, verbose_name=_("hash"))
    key_id = models.CharField(max_length=32, blank=True, default="", verbose_name=_("kunci"))

    class Meta:
        verbose_name = _("catatan peristiwa")
        verbose_name_plural = _("catatan peristiwa")
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="event_seq_once"),
        ]
        ordering = ["case", "seq"]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.kind}"


class VersionMove(models.Model):
    """One moving of an SOP's running cases to another of its versions, kept with its report:
    which cases moved, which stayed and why. Each case's own record holds its ``case.moved``
    event; this row is the administrator's view of the whole run."""

    sop = models.ForeignKey(
        "catalog.Sop", on_delete=models.CASCADE, related_name="moves", verbose_name=_("SOP")
    )
    target = models.ForeignKey(
        SopVersion, on_delete=models.PROTECT, related_name="+", verbose_name=_("ke versi")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("oleh")
    )
    at = models.DateTimeField(_("waktu"))
    steps = models.JSONField(
        _("pemetaan langkah"),
        default=dict,
        help_text=_("Per versi asal: langkah terbuka -> langkah pada versi tujuan."),
    )
    report = models.JSONField(_("laporan"), default=list)

    class Meta:
        verbose_name = _("pemindahan versi")
        verbose_name_plural = _("pemindahan versi")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.sop} -> v{self.target.number}"

    @property
    def moved(self) -> int:
        return sum(1 for line in self.report if line.get("moved"))

    @property
    def stayed(self) -> int:
        return len(self.report) - self.moved


class StepDraft(models.Model):
    """A file a person sent with an action or a new request that was refused, kept so that
    they need not choose it again: shown back in the form and sent with it when no new file is
    chosen. Not a document of the case and not a version: it becomes one only through the
    action that completes the step (``alur.cases.drafts``). A member of the public filing a
    request has no account yet: their drafts belong to a ``visitor`` key held in their
    session."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("pengirim"),
    )
    visitor = models.CharField(
        _("pengunjung (tanpa akun)"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("Kunci acak yang dipegang sesi seorang pemohon umum yang belum mengajukan."),
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("permohonan")
    )
    sop_version = models.ForeignKey(
        SopVersion,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versi SOP (permohonan baru)"),
    )
    step = models.PositiveIntegerField(_("langkah"))
    name = models.CharField(_("nama dokumen"), max_length=300)
    path = models.CharField(_("berkas tersimpan"), max_length=300)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(_("ukuran"))
    kept_at = models.DateTimeField(_("disimpan"))

    class Meta:
        verbose_name = _("draf berkas")
        verbose_name_plural = _("draf berkas")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "case", "step", "name"],
                condition=models.Q(case__isnull=False),
                name="step_draft_once",
            ),
            models.UniqueConstraint(
                fields=["person", "sop_version", "name"],
                condition=models.Q(case__isnull=True),
                name="request_draft_once",
            ),
            models.UniqueConstraint(
                fields=["visitor", "sop_version", "name"],
                condition=models.Q(person__isnull=True),
                name="public_request_draft_once",
            ),
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(sop_version__isnull=False),
                name="step_draft_of_case_or_request",
            ),
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False) & models.Q(visitor=""))
                | (models.Q(person__isnull=True) & ~models.Q(visitor="") & models.Q(case=None)),
                name="step_draft_of_person_or_visitor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.original_name}"
