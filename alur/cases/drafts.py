"""Files of a refused action kept for the person who sent them, so that no file has to be
chosen again after an error.

A step's form (or a new request's) that is refused, for a wrong value or anything else, keeps
the files it brought as drafts of that person, for that case and step (or that SOP version's
new request), one per document name. The form shows them back ("sudah diunggah: nama.pdf") and
sends them again when no new file is chosen; a new file replaces a draft, and the person may
remove one. A draft is no document of the case and no version: it becomes one only through the
action that completes the step, stored then by ``documents.document_store`` like any upload.

A member of the public filing a request has no account until the request is filed: their
drafts belong to a random key held in their browser's session (``Owner.visitor``), are kept
for ``VISITOR_KEPT`` only, and are counted against the public's limit per client address
(``alur.public.services.DRAFT_LIMIT``). Once filed, a public requester's own steps keep drafts
like anyone's, under the account the request made for them.

Their bytes are stored under ``draf/<office>/<person>/<sha256>`` (``draf/publik/<visitor>/…``)
through the storage API, never under a document's path, so a draft can overwrite nothing. They
are removed when the person's action succeeds, and by the worker's scan (``drafts_expire``)
once the step is no longer open, the case has ended, or ``KEPT`` has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import IO

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db.models import Q

from alur.cases.documents import DocumentRejected, file_checked
from alur.cases.models import Case, Document, StepDraft
from alur.catalog.models import SopVersion
from alur.common.storage import open_checked
from alur.offices.models import User
from alur.sop import CaseState

KEPT = dt.timedelta(days=7)
"""How long a draft waits for the form to be sent again."""
VISITOR_KEPT = dt.timedelta(days=1)
"""How long a draft of a visitor without an account waits."""


@dataclass(frozen=True)
class Owner:
    """Whose drafts, for which form: a step of a case, or a new request of an SOP version;
    a person's, or a visitor's without an account (a new request only)."""

    person: User | None
    step: int
    case: Case | None = None
    sop_version: SopVersion | None = None
    visitor: str = ""

    def __post_init__(self) -> None:
        if (self.person is None) == (not self.visitor) or (self.visitor and self.case):
            raise ValueError("a draft's owner is a person, or a visitor filing a new request")

    def rows(self) -> Q:
        who = Q(person=self.person) if self.person is not None else Q(visitor=self.visitor)
        where = who & Q(step=self.step)
        if self.case is not None:
            return where & Q(case=self.case)
        return where & Q(case__isnull=True, sop_version=self.sop_version)

    def path(self, sha256: str) -> str:
        if self.person is None:
            return f"draf/publik/{self.visitor}/{sha256}"
        return f"draf/{self.person.office_id or 0}/{self.person.pk}/{sha256}"


def drafts_of(owner: Owner) -> dict[str, StepDraft]:
    """The person's drafts for this form, by document name."""
    return {draft.name: draft for draft in StepDraft.objects.filter(owner.rows())}


def drafts_keep(
    owner: Owner, files: Mapping[str, tuple[IO[bytes], str]], *, at: dt.datetime
) -> None:
    """Keep ``files`` (document name -> file, the uploader's file name) as drafts, each in
    place of the draft of its name. A file refused for itself (its type, its size) is not kept,
    nor one the case already holds as that document's version."""
    for name, (upload, filename) in files.items():
        try:
            checked = file_checked(upload, filename)
        except DocumentRejected:
            continue
        held = owner.case is not None and (
            Document.objects.filter(case=owner.case, name=name, sha256=checked.sha256).exists()
        )
        if held:
            drafts_drop(owner, names=[name])
            continue
        path = owner.path(checked.sha256)
        if not default_storage.exists(path):
            path = default_storage.save(path, File(upload))
        old = StepDraft.objects.filter(owner.rows(), name=name).first()
        StepDraft.objects.update_or_create(
            person=owner.person,
            visitor=owner.visitor,
            case=owner.case,
            sop_version=None if owner.case is not None else owner.sop_version,
            step=owner.step,
            name=name,
            defaults={
                "path": path,
                "original_name": _shown_name(filename),
                "sha256": checked.sha256,
                "size": checked.size,
                "kept_at": at,
            },
        )
        if old is not None and old.path != path:
            _forget([old.path])


def drafts_drop(owner: Owner, *, names: Iterable[str] | None = None) -> None:
    """Remove the person's drafts of this form (only those of ``names`` if given)."""
    rows = StepDraft.objects.filter(owner.rows())
    if names is not None:
        rows = rows.filter(name__in=list(names))
    paths = list(rows.values_list("path", flat=True))
    if paths:
        rows.delete()
        _forget(paths)


def draft_uploads(drafts: Iterable[StepDraft]) -> dict[str, tuple[IO[bytes], str]]:
    """The drafts as uploads (document name -> file, file name), read back checked against
    the hash they were kept with."""
    return {
        draft.name: (
            open_checked(draft.path, draft.sha256, label=draft.original_name),
            draft.original_name,
        )
        for draft in drafts
    }


def drafts_expire(*, now: dt.datetime) -> int:
    """Remove drafts older than ``KEPT`` (a visitor's, ``VISITOR_KEPT``), of ended cases, and
    of steps no longer open: the worker's scan calls it. How many were removed."""
    rows = StepDraft.objects.select_related("case")
    gone = [
        draft
        for draft in rows
        if draft.kept_at < now - (VISITOR_KEPT if draft.visitor else KEPT)
        or (
            draft.case is not None
            and (
                draft.case.status != Case.Status.RUNNING
                or CaseState.from_json(draft.case.state).open_step(draft.step) is None
            )
        )
    ]
    if gone:
        StepDraft.objects.filter(pk__in=[draft.pk for draft in gone]).delete()
        _forget([draft.path for draft in gone])
    return len(gone)


def _forget(paths: Iterable[str]) -> None:
    """Delete the stored files no draft points at any more."""
    candidates = set(paths)
    still = set(StepDraft.objects.filter(path__in=candidates).values_list("path", flat=True))
    for path in candidates - still:
        default_storage.delete(path)


def _shown_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().replace("\x00", "")
    return base[:200] or "berkas"


def drafts_by_step(person: User, case: Case) -> dict[int, dict[str, StepDraft]]:
    """The person's drafts for the steps of ``case``: step -> document name -> draft."""
    found: dict[int, dict[str, StepDraft]] = {}
    for draft in StepDraft.objects.filter(person=person, case=case):
        found.setdefault(draft.step, {})[draft.name] = draft
    return found
