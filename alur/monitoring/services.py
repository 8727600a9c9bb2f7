"""The one door for every change to a monitoring form: open, save the rows, sign, revise.

Each function checks that the person is a head of the office owning the SOP, locks the form
row, validates, writes, and records a ``monitoring.*`` event, in one transaction. Refusals raise
the service errors of ``alur.cases.services``; a refused action leaves nothing changed. A
signed form is never changed: ``monitoring_revise`` starts its next version.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alur.cases.permissions import is_office_head
from alur.cases.services import Invalid, NotAllowed
from alur.catalog.models import Sop
from alur.catalog.services import definition_of, published_version
from alur.monitoring import documents
from alur.monitoring.chain import event_append
from alur.monitoring.models import MonitoringRecord, MonitoringRow
from alur.monitoring.periods import period_bounds, period_text
from alur.monitoring.prefill import propose
from alur.offices.models import User

NIP_PATTERN = re.compile(r"^\d{18}$")
"""A civil servant's NIP: 18 digits (birth date, appointment month, sex, sequence)."""

NOTE_LIMIT = 4000
"""The longest Catatan or Tindakan a row keeps."""


@dataclass(frozen=True)
class RowInput:
    assessment: str
    note: str
    action: str


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _require_head(actor: User, sop: Sop, at: dt.datetime) -> None:
    on = at.astimezone(ZoneInfo(sop.office.zone)).date()
    if not is_office_head(actor, sop.office, on):
        raise NotAllowed(
            _(
                "Formulir monitoring SOP diisi dan ditandatangani oleh kepala dinas, kepala "
                "bidang atau kepala seksi %(office)s; Anda tidak memegang jabatan itu."
            )
            % {"office": sop.office.name}
        )


def _event(
    record: MonitoringRecord, kind: str, actor: User, at: dt.datetime, **data: object
) -> None:
    event_append(record, kind, actor, at, data)


def _lock(record: MonitoringRecord) -> MonitoringRecord:
    return (
        # Only the record's row: not the SOP's and the office's it is read with.
        MonitoringRecord.objects.select_for_update(of=("self",))
        .select_related("sop__office")
        .get(pk=record.pk)
    )


def _refuse_if_signed(record: MonitoringRecord) -> None:
    if record.signed:
        raise Invalid(
            _(
                "Formulir versi %(version)d sudah ditandatangani dan tidak dapat diubah; buat "
                "versi baru untuk memperbaikinya."
            )
            % {"version": record.version}
        )


def monitoring_open(
    *, sop: Sop, year: int, half: int, actor: User, at: dt.datetime | None = None
) -> MonitoringRecord:
    """Start the form of ``sop`` for the half-year, its rows proposed from the period's record."""
    at = _now(at)
    _require_head(actor, sop, at)
    if half not in (1, 2):
        raise Invalid(_("Semester harus 1 (Januari–Juni) atau 2 (Juli–Desember)."))
    start, end = period_bounds(year, half, sop.office.zone)
    if start > at:
        raise Invalid(
            _("%(period)s belum dimulai; pilih semester yang sedang berjalan atau yang lalu.")
            % {"period": period_text(year, half)}
        )
    version = published_version(sop.office, sop.code, at)
    if version is None:
        raise Invalid(_("SOP ini belum diterbitkan; belum ada langkah untuk dinilai."))
    with transaction.atomic():
        Sop.objects.select_for_update().get(pk=sop.pk)
        existing = MonitoringRecord.objects.filter(sop=sop, year=year, half=half).first()
        if existing is not None:
            raise Invalid(
                _("Formulir monitoring %(period)s untuk SOP ini sudah ada.")
                % {"period": period_text(year, half)}
            )
        record = MonitoringRecord.objects.create(
            sop=sop,
            sop_version=version,
            year=year,
            half=half,
            version=1,
            created_by=actor,
            created_at=at,
        )
        proposals = propose(version, definition_of(version), start=start, end=end, now=at)
        MonitoringRow.objects.bulk_create(
            MonitoringRow(
                record=record,
                no=p.no,
                step=p.step,
                procedure=p.procedure,
                assessment=p.assessment,
                note=p.note,
                proposed_assessment=p.assessment,
                proposed_note=p.note,
            )
            for p in proposals
        )
        _event(record, "monitoring.record.opened", actor, at, year=year, half=half)
    return record


def monitoring_rows_save(
    *,
    record: MonitoringRecord,
    actor: User,
    rows: Mapping[int, RowInput],
    at: dt.datetime | None = None,
) -> MonitoringRecord:
    """The assessor confirms or corrects Penilaian and Catatan and writes the Tindakan."""
    at = _now(at)
    _require_head(actor, record.sop, at)
    with transaction.atomic():
        record = _lock(record)
        _refuse_if_signed(record)
        existing = {row.no: row for row in record.rows.all()}
        problems = _row_problems(rows, existing)
        if problems:
            raise Invalid(_("Formulir belum dapat disimpan."), details=problems)
        changes = []
        for no, given in sorted(rows.items()):
            row = existing[no]
            new = (given.assessment, given.note.strip(), given.action.strip())
            old = (row.assessment, row.note, row.action)
            if new == old:
                continue
            row.assessment, row.note, row.action = new
            row.save(update_fields=["assessment", "note", "action"])
            changes.append(
                {
                    "no": no,
                    "before": dict(zip(("penilaian", "catatan", "tindakan"), old, strict=True)),
                    "after": dict(zip(("penilaian", "catatan", "tindakan"), new, strict=True)),
                }
            )
        if changes:
            _event(record, "monitoring.rows.saved", actor, at, changes=changes)
    return record


def _row_problems(rows: Mapping[int, RowInput], existing: Mapping[int, MonitoringRow]) -> list[str]:
    problems = []
    allowed = {"", *MonitoringRow.Assessment.values}
    for no, given in sorted(rows.items()):
        if no not in existing:
            problems.append(_("Baris %(no)d tidak ada pada formulir ini.") % {"no": no})
            continue
        if given.assessment not in allowed:
            problems.append(
                _(
                    "Baris %(no)d: penilaian harus 'Berjalan dengan baik' atau 'Tidak berjalan "
                    "dengan baik'."
                )
                % {"no": no}
            )
        for label, text in ((_("catatan"), given.note), (_("tindakan"), given.action)):
            if len(text.strip()) > NOTE_LIMIT:
                problems.append(
                    _("Baris %(no)d: %(field)s lebih dari %(limit)d karakter.")
                    % {"no": no, "field": label, "limit": NOTE_LIMIT}
                )
    return problems


def monitoring_sign(
    *,
    record: MonitoringRecord,
    actor: User,
    name: str,
    nip: str,
    confirmed: bool,
    at: dt.datetime | None = None,
) -> MonitoringRecord:
    """The signed-in assessor confirms the form under their name and NIP; the signed form is
    kept as a PDF stored under its SHA-256 and never changed again."""
    at = _now(at)
    _require_head(actor, record.sop, at)
    name, nip = name.strip(), "".join(nip.split())
    with transaction.atomic():
        record = _lock(record)
        _refuse_if_signed(record)
        rows = list(record.rows.all())
        problems = _sign_problems(rows, name, nip, confirmed)
        if problems:
            raise Invalid(_("Formulir belum dapat ditandatangani."), details=problems)
        record.assessor = actor
        record.assessor_name = name
        record.assessor_nip = nip
        record.assessor_position = actor.position
        record.signed_at = at
        # Written before the commit: should the transaction fail after this, the file stays
        # behind under its own hash, referenced by nothing and never overwriting anything.
        stored = documents.signed_form_store(record, rows)
        record.document.name = stored.path
        record.document_sha256 = stored.sha256
        record.document_size = stored.size
        record.save()
        _event(
            record,
            "monitoring.record.signed",
            actor,
            at,
            name=name,
            nip=nip,
            sha256=stored.sha256,
        )
    return record


def _sign_problems(rows: list[MonitoringRow], name: str, nip: str, confirmed: bool) -> list[str]:
    problems = []
    if not name:
        problems.append(_("Nama penilai wajib diisi."))
    if not NIP_PATTERN.match(nip):
        problems.append(_("NIP harus 18 angka, mis. 198001012005011001."))
    blank = [str(row.no) for row in rows if not row.assessment]
    if blank:
        problems.append(
            _("Penilaian belum diisi pada baris: %(rows)s.") % {"rows": ", ".join(blank)}
        )
    no_action = [
        str(row.no)
        for row in rows
        if row.assessment == MonitoringRow.Assessment.NOT_GOOD and not row.action
    ]
    if no_action:
        problems.append(
            _(
                "Tindakan yang harus diambil belum diisi pada baris yang tidak berjalan dengan "
                "baik: %(rows)s."
            )
            % {"rows": ", ".join(no_action)}
        )
    if not confirmed:
        problems.append(_("Centang pernyataan bahwa penilaian ini benar sebelum menandatangani."))
    return problems


def monitoring_revise(
    *, record: MonitoringRecord, actor: User, at: dt.datetime | None = None
) -> MonitoringRecord:
    """Start the next version of a signed form, its rows copied from the signed one."""
    at = _now(at)
    _require_head(actor, record.sop, at)
    with transaction.atomic():
        record = _lock(record)
        if not record.signed:
            raise Invalid(
                _("Formulir versi %(version)d belum ditandatangani; ubah saja barisnya.")
                % {"version": record.version}
            )
        newer = MonitoringRecord.objects.filter(
            sop=record.sop, year=record.year, half=record.half, version__gt=record.version
        ).first()
        if newer is not None:
            raise Invalid(
                _("Versi %(version)d formulir ini sudah dibuat.") % {"version": newer.version}
            )
        revision = MonitoringRecord.objects.create(
            sop=record.sop,
            sop_version=record.sop_version,
            year=record.year,
            half=record.half,
            version=record.version + 1,
            revises=record,
            created_by=actor,
            created_at=at,
        )
        MonitoringRow.objects.bulk_create(
            MonitoringRow(
                record=revision,
                no=row.no,
                step=row.step,
                procedure=row.procedure,
                assessment=row.assessment,
                note=row.note,
                action=row.action,
                proposed_assessment=row.proposed_assessment,
                proposed_note=row.proposed_note,
            )
            for row in record.rows.all()
        )
        _event(revision, "monitoring.record.revised", actor, at, revises=record.version)
    return revision
