"""Writing an office's SOPs: a new SOP from an uploaded file, from a copy of a version or from
the empty template; a new draft of an SOP; saving a draft's text.

A draft may hold a text that does not check yet (the template's blanks, work in progress): it
is saved as written and the problems are shown beside it; it cannot be approved until it checks
(``alur.catalog.lifecycle``). Two people saving the same draft: the draft's ``revision`` counter
is compared under the row's lock, so the second save is refused and changes nothing.
"""

from __future__ import annotations

import hashlib
import re
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from alur.catalog.forms import MAX_DEFINITION_BYTES
from alur.catalog.models import Sop, SopVersion
from alur.catalog.services import sop_version_create
from alur.common.errors import Conflict, Invalid
from alur.offices.changes import record_change
from alur.offices.models import Office, SettingChange, User
from alur.sop import check_text

CODE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

TEMPLATE = """\
# Draf SOP baru. Isian bertanda null wajib diisi: 'alur sop check' menandainya sampai diisi.
# Panduan format: docs/sop-format.md
format: 2
kode: {code}
identitas:
  pemerintah: null        # mis. Pemerintah Kota Batam (boleh kosong: dicetak —)
  instansi: null          # mis. Dinas Komunikasi dan Informatika (boleh kosong)
  unit: null              # bidang pemilik SOP (boleh kosong)
  nomor: null             # nomor SOP menurut tata naskah dinas (boleh kosong)
  nama: {name}
  tanggal_pembuatan: null
  tanggal_revisi: null
  tanggal_efektif: null
  disahkan_oleh:
    jabatan: null         # mis. Kepala Dinas Komunikasi dan Informatika (boleh kosong)
    nama: null
    nip: null
pelaksana:
  # Satu lajur per pelaksana; 'peran' = kode peran di kantor (bawaan: sama dengan id).
  - {{id: pelaksana, nama: null}}
langkah:
  - no: 1
    jenis: mulai
    uraian: null          # kegiatan pertama, ditulis sebagai kata kerja
    pelaksana: pelaksana
    waktu: 1 Hari Kerja
    output: [Hasil Langkah 1]
  - no: 2
    jenis: selesai
    uraian: null
    pelaksana: pelaksana
    kelengkapan: [Hasil Langkah 1]
    waktu: 1 Hari Kerja
"""


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar holding ``value`` as it is."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def template_text(code: str, name: str) -> str:
    return TEMPLATE.format(code=code, name=_quoted(name))


def upload_text(upload: UploadedFile) -> str:
    """The text of an uploaded definition, or ``Invalid`` saying why it cannot be one."""
    if (upload.size or 0) > MAX_DEFINITION_BYTES:
        raise Invalid(
            _("Berkas terlalu besar: paling besar %(limit)d KB.")
            % {"limit": MAX_DEFINITION_BYTES // 1024}
        )
    raw: bytes = upload.read(MAX_DEFINITION_BYTES + 1)
    if len(raw) > MAX_DEFINITION_BYTES:
        raise Invalid(
            _("Berkas terlalu besar: paling besar %(limit)d KB.")
            % {"limit": MAX_DEFINITION_BYTES // 1024}
        )
    try:
        text: str = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid(
            _(
                "Berkas bukan teks UTF-8: simpan berkas YAML dengan pengodean UTF-8 (bukan berkas "
                "Word, PDF atau gambar)."
            )
        ) from None
    if "\x00" in text:
        raise Invalid(_("Berkas bukan teks YAML: berisi karakter biner."))
    return text


def _log(version: SopVersion, actor: User, action: str, **after: object) -> None:
    record_change(
        office=version.sop.office,
        actor=actor,
        subject=version.log_subject,
        action=action,
        after={"status": version.status, "revision": version.revision, **after},
    )


def sop_create_from_text(*, office: Office, text: str, filename: str, actor: User) -> SopVersion:
    """A new SOP, or the next draft of the SOP its ``kode`` names, from a checked text.

    Raises ``alur.sop.SopInvalid`` with every problem when the text does not check.
    """
    with transaction.atomic():
        version = sop_version_create(office=office, text=text, filename=filename, actor=actor)
        _log(version, actor, "sop.version.created", source=filename)
    return version


def _new_sop(office: Office, code: str, name: str) -> Sop:
    if not CODE.match(code):
        raise Invalid(
            _("Kode SOP '%(code)s' tidak sah: pakai huruf kecil, angka, '-' atau '_'.")
            % {"code": code}
        )
    try:
        with transaction.atomic():
            return Sop.objects.create(office=office, code=code, name=name)
    except IntegrityError:
        raise Invalid(_("Kantor sudah punya SOP berkode '%(code)s'.") % {"code": code}) from None


def _draft_store(sop: Sop, text: str, actor: User) -> SopVersion:
    Sop.objects.select_for_update().filter(pk=sop.pk).first()
    latest = sop.versions.aggregate(n=Max("number"))["n"] or 0
    return SopVersion.objects.create(
        sop=sop,
        number=latest + 1,
        definition=text,
        checksum=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        uploaded_by=actor,
        status=SopVersion.Status.DRAFT,
    )


def sop_create_from_template(*, office: Office, code: str, name: str, actor: User) -> SopVersion:
    """A new SOP whose first draft is the template: it checks only once its blanks are filled."""
    with transaction.atomic():
        sop = _new_sop(office, code, name)
        version = _draft_store(sop, template_text(code, name), actor)
        _log(version, actor, "sop.version.created", source="template")
    return version


_KODE_LINE = re.compile(r"^kode:.*$", re.MULTILINE)
_NAME_LINE = re.compile(r"^(identitas:\n(?:(?:  .*|\s*#.*|)\n)*?  nama:).*$", re.MULTILINE)


def sop_create_from_copy(*, source: SopVersion, code: str, name: str, actor: User) -> SopVersion:
    """A new SOP of the source's office whose first draft is a copy of ``source`` under a new
    ``kode`` and name. Comments and layout are kept as written."""
    text = _KODE_LINE.sub(f"kode: {code}", source.definition, count=1)
    text = _NAME_LINE.sub(lambda m: f"{m.group(1)} {_quoted(name)}", text, count=1)
    with transaction.atomic():
        sop = _new_sop(source.sop.office, code, name)
        version = _draft_store(sop, text, actor)
        _log(version, actor, "sop.version.created", source=str(source))
    return version


def sop_draft_new(*, source: SopVersion, actor: User) -> SopVersion:
    """The next draft of ``source``'s SOP, starting from its text."""
    with transaction.atomic():
        version = _draft_store(source.sop, source.definition, actor)
        _log(version, actor, "sop.version.created", source=str(source))
    return version


class EditConflict(Conflict):
    """Someone saved the draft since the editor was opened; ``details`` say who and when."""


def sop_draft_save(*, version: SopVersion, text: str, revision: int, actor: User) -> SopVersion:
    """Save the draft's text as written, checked or not, if nobody saved it since ``revision``.

    Raises ``EditConflict`` (nothing saved) when the draft moved on, ``Invalid`` when the
    version is no longer a draft or the text is too large.
    """
    if len(text.encode("utf-8")) > MAX_DEFINITION_BYTES:
        raise Invalid(
            _("Teks terlalu besar: paling besar %(limit)d KB.")
            % {"limit": MAX_DEFINITION_BYTES // 1024}
        )
    with transaction.atomic():
        current = (
            SopVersion.objects.select_for_update(of=("self",))
            .select_related("sop__office")
            .get(pk=version.pk)
        )
        if current.status != SopVersion.Status.DRAFT:
            raise Invalid(
                _("Versi %(number)s sudah %(status)s; teksnya tidak dapat diubah lagi.")
                % {"number": current.number, "status": current.get_status_display()}
            )
        if current.revision != revision:
            raise EditConflict(
                _(
                    "Draf ini sudah disimpan orang lain sejak Anda membukanya; teks Anda belum "
                    "disimpan dan masih ada di penyunting."
                ),
                details=_last_save(current),
            )
        current.definition = text
        current.checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
        current.revision += 1
        result = check_text(text)
        if result.sop is not None:
            current.effective = result.sop.identitas.tanggal_efektif
            if (
                result.sop.kode == current.sop.code
                and current.sop.name != result.sop.identitas.nama
            ):
                current.sop.name = result.sop.identitas.nama
                current.sop.save(update_fields=["name"])
        current.save(update_fields=["definition", "checksum", "revision", "effective"])
        _log(current, actor, "sop.draft.saved", checksum=current.checksum)
    return current


def _last_save(version: SopVersion) -> list[str]:
    last = (
        SettingChange.objects.filter(
            office=version.sop.office, subject=version.log_subject, action="sop.draft.saved"
        )
        .select_related("actor")
        .first()
    )
    if last is None or last.actor is None:
        return []
    return [
        _("Terakhir disimpan oleh %(who)s pada %(when)s.")
        % {
            "who": last.actor.get_full_name() or last.actor.username,
            "when": last.at.astimezone(ZoneInfo(version.sop.office.zone)).strftime(
                "%d-%m-%Y %H.%M"
            ),
        }
    ]
