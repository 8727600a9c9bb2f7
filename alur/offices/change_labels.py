"""How the settings log names what changed and what was done, in the reader's language.

A ``SettingChange`` keeps its subject and action in the office's own words, whoever wrote it
and in whatever language they read the pages: the subject as ``<kind> <name>`` (``Pegawai
budi``, ``Hari khusus 2027-12-20``, ``SOP layanan-hosting v2``) and the action as a word or a
code (``diubah``, ``sop.version.approved``). The rows stay searchable by those words (a
person's page finds its rows by subject), and each page translates them when it shows them.
A subject or action not listed here is shown as it was written.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SUBJECT_KINDS: dict[str, Promise] = {
    "Kantor": pgettext_lazy("catatan pengaturan", "Kantor"),
    "Kop surat": pgettext_lazy("catatan pengaturan", "Kop surat"),
    "Hari khusus": pgettext_lazy("catatan pengaturan", "Hari khusus"),
    "Pegawai": pgettext_lazy("catatan pengaturan", "Pegawai"),
    "Impor pegawai": pgettext_lazy("catatan pengaturan", "Impor pegawai"),
    "Unit": pgettext_lazy("catatan pengaturan", "Unit"),
    "Peran": pgettext_lazy("catatan pengaturan", "Peran"),
    "Pelimpahan": pgettext_lazy("catatan pengaturan", "Pelimpahan"),
    "SOP": pgettext_lazy("catatan pengaturan", "SOP"),
    "Webhook": pgettext_lazy("catatan pengaturan", "Webhook"),
}
"""The kind at the start of a subject, as it is stored -> as the page shows it."""

ACTIONS: dict[str, Promise] = {
    "dibuat": _("dibuat"),
    "diubah": _("diubah"),
    "ditambahkan": _("ditambahkan"),
    "dihapus": _("dihapus"),
    "diaktifkan": _("diaktifkan"),
    "dinonaktifkan": _("dinonaktifkan"),
    "sandi sekali pakai dibuat": _("sandi sekali pakai dibuat"),
    "diundang": _("diundang"),
    "tautan sandi dikirim": _("tautan sandi dikirim"),
    "tautan sandi diminta": _("tautan sandi diminta"),
    "sandi dibuat lewat tautan": _("sandi dibuat lewat tautan"),
    "sandi diganti": _("sandi diganti"),
    "anggota ditambah": _("anggota ditambah"),
    "anggota dihapus": _("anggota dihapus"),
    "dibatalkan": _("dibatalkan"),
    "diakhiri": _("diakhiri"),
    "diimpor": _("diimpor"),
    "masuk ditahan": _("masuk ditahan"),
    "masuk dibuka": _("masuk dibuka"),
    "rahasia diganti": _("rahasia diganti"),
    "dikirim ulang": _("dikirim ulang"),
    "sop.version.created": _("versi dibuat"),
    "sop.draft.saved": _("draf disimpan"),
    "sop.version.approved": _("disahkan"),
    "sop.version.in_force": _("diberlakukan"),
    "sop.version.superseded": _("digantikan versi berikutnya"),
    "sop.version.restored": _("berlaku kembali"),
    "sop.version.withdrawn": _("dicabut"),
}
"""An action as it is stored -> as the page shows it."""


def subject_kind(subject: str) -> str | None:
    """The kind a stored subject starts with (``Pegawai`` for ``Pegawai budi``), or None."""
    for kind in SUBJECT_KINDS:
        if subject == kind or subject.startswith(f"{kind} "):
            return kind
    return None


def subject_label(subject: str) -> str:
    """A stored subject in the reader's language: its kind translated, the name kept."""
    kind = subject_kind(subject)
    if kind is None:
        return subject
    return f"{SUBJECT_KINDS[kind]}{subject[len(kind) :]}"


def action_label(action: str) -> str:
    """A stored action in the reader's language."""
    label = ACTIONS.get(action)
    return action if label is None else str(label)
