"""Forms built from an SOP step: its documents, its fields (isian) and the forms it produces.

They read and type what the person sent; what is required is the services' to say (they check
the same rules for the pages, the API and the command line). Field names are the UI contract:
``doc-<index>``, ``field-<id>``, ``form-<form id>-<field id>``, ``title``, ``note``,
``decision``, ``version``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import IO, Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from alur.cases import services
from alur.cases.drafts import Owner, draft_uploads, drafts_drop, drafts_keep, drafts_of
from alur.cases.models import Case, StepDraft
from alur.cases.values import LIST_ITEM, LIST_ITEMS, LONG_TEXT, SHORT_TEXT
from alur.catalog.words import OUTCOMES
from alur.common import uploads as upload_rules
from alur.common.text import NAME_LIMIT, NOTE_LIMIT
from alur.offices.models import Office, User
from alur.sop import (
    Condition,
    End,
    FieldKind,
    Form,
    FormField,
    Outcome,
    Source,
    Step,
    condition_holds,
    condition_text,
    document_key,
    target_step,
)
from alur.sop import Sop as SopDefinition


@dataclass(frozen=True)
class DocumentSlot:
    """One file the person may attach, under the exact name the SOP gives it; ``bila``: the
    condition under which it is required, if only under one."""

    name: str
    required: bool
    present: bool = False
    bila: Condition | None = None
    draft: StepDraft | None = None
    """The file the person sent with a refused form, sent again unless replaced or removed."""


def _unique(slots: Iterable[DocumentSlot]) -> list[DocumentSlot]:
    seen: dict[str, DocumentSlot] = {}
    for slot in slots:
        key = document_key(slot.name)
        if key in seen:
            first = seen[key]
            # required without a condition wins over required under one
            plain = (first.required and first.bila is None) or (slot.required and slot.bila is None)
            seen[key] = DocumentSlot(
                first.name,
                first.required or slot.required,
                first.present,
                None if plain else first.bila or slot.bila,
            )
        else:
            seen[key] = slot
    return list(seen.values())


@dataclass(frozen=True)
class ShownWhen:
    """An input required only under a condition whose field is on the same page: the page
    shows it while the condition holds (``bila.js``), and with a note when scripts are off."""

    controller: str
    """The name of the input the condition reads, e.g. ``form-permohonan-diajukan-oleh``."""
    values: tuple[str, ...]
    filled: bool | None
    text: str
    """The condition as people read it: "Diajukan oleh = Kuasa"."""

    @property
    def values_json(self) -> str:
        return json.dumps(list(self.values), ensure_ascii=False)

    @property
    def filled_attr(self) -> str:
        return "" if self.filled is None else ("true" if self.filled else "false")


def request_documents(step: Step) -> list[DocumentSlot]:
    """What a new request attaches: inputs the requester supplies and the first step's files.
    An input supplied through a form (``formulir``) is filled in, not attached."""
    supplied = (Source.PEMOHON, Source.DILAMPIRKAN)
    return _unique(
        [
            DocumentSlot(r.nama, r.wajib, bila=r.bila if r.wajib else None)
            for r in step.requirements
            if r.sumber in supplied and r.formulir is None
        ]
        + [DocumentSlot(o.nama, True) for o in step.outputs if o.berkas and o.formulir is None]
    )


def step_documents(
    step: Step, present: set[str], not_files: Collection[str] = ()
) -> list[DocumentSlot]:
    """What acting on a step may attach: each document it needs (a new version if present) and
    each file it produces. ``not_files`` names what the SOP's steps produce that is not a file
    (a repository, a server): a step that needs one gets no upload for it."""
    keys = {document_key(name) for name in present}
    skip = {document_key(name) for name in not_files}
    needed = [
        DocumentSlot(r.nama, r.wajib, document_key(r.nama) in keys, r.bila if r.wajib else None)
        for r in step.requirements
        if r.sumber is not Source.SARANA and r.formulir is None and document_key(r.nama) not in skip
    ]
    produced = [
        DocumentSlot(o.nama, True, document_key(o.nama) in keys)
        for o in step.outputs
        if o.berkas and o.formulir is None
    ]
    return _unique(needed + produced)


def _input(spec: FormField) -> forms.Field:
    attrs: dict[str, str] = {"aria-required": "true"} if spec.wajib else {}
    common: dict[str, Any] = {"label": spec.label, "required": False, "help_text": spec.bantuan}
    match spec.jenis:
        case FieldKind.TANGGAL:
            return forms.DateField(
                widget=forms.DateInput({**attrs, "type": "date"}, format="%Y-%m-%d"),
                input_formats=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
                **common,
            )
        case FieldKind.URL:
            return forms.URLField(
                assume_scheme="https", max_length=300, widget=forms.URLInput(attrs), **common
            )
        case FieldKind.EMAIL:
            return forms.EmailField(widget=forms.EmailInput(attrs), **common)
        case FieldKind.PILIHAN:
            choices = [("", _("— pilih —")), *((c, c) for c in spec.pilihan)]
            return forms.ChoiceField(choices=choices, widget=forms.Select(attrs), **common)
        case FieldKind.TEKS_PANJANG:
            return forms.CharField(
                max_length=LONG_TEXT, widget=forms.Textarea({**attrs, "rows": 4}), **common
            )
        case FieldKind.DAFTAR:
            # one item a line; the services check each item and their number
            return forms.CharField(
                max_length=LIST_ITEMS * (LIST_ITEM + 2),
                widget=forms.Textarea({**attrs, "rows": 4}),
                **common,
            )
        case FieldKind.BERKAS:
            return forms.FileField(
                widget=forms.FileInput({**attrs, "data-document": spec.label}), **common
            )
        case _:
            return forms.CharField(max_length=SHORT_TEXT, widget=forms.TextInput(attrs), **common)


def _value(spec: FormField, raw: object) -> object:
    """The value to record, or None when nothing was entered."""
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if spec.jenis is FieldKind.DAFTAR and isinstance(raw, str):
        lines = [line.strip() for line in raw.splitlines() if line.strip()]
        return lines or None
    if isinstance(raw, str):
        return raw.strip() or None
    return None


def _shown(spec: FormField, value: object) -> object:
    """A recorded value as its input shows it again (a list one line per item)."""
    if spec.jenis is FieldKind.BERKAS:
        return None
    if isinstance(value, list):
        return "\n".join(str(item) for item in value)
    return value


class StepInputsForm(forms.Form):
    """The documents, fields and forms of one step."""

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        definition: SopDefinition,
        step: Step,
        documents: list[DocumentSlot],
        recorded: Mapping[str, object] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(data, files, **kwargs)
        self.step = step
        prefix = self.auto_id if isinstance(self.auto_id, str) and self.auto_id else "%s"
        self.upload_help_id = prefix % "batas_unggah"
        file_attrs = upload_rules.input_attrs(self.upload_help_id)
        self.sop_forms = definition.forms_filled_at(step)
        self.error_labels: dict[str, str] = {}
        self.shown_when: dict[str, ShownWhen] = {}
        recorded = recorded or {}
        documents = [self._resolve(definition, slot, recorded) for slot in documents]
        self.documents = documents
        for index, slot in enumerate(documents):
            self.fields[f"doc-{index}"] = forms.FileField(
                label=slot.name,
                required=False,
                widget=forms.FileInput({"data-document": slot.name, **file_attrs}),
            )
            self._when(definition, f"doc-{index}", slot.bila)
        for spec in step.isian:
            self.fields[f"field-{spec.id}"] = _input(spec)
            if spec.jenis is FieldKind.BERKAS:
                self.fields[f"field-{spec.id}"].widget.attrs.update(file_attrs)
            self.initial.setdefault(f"field-{spec.id}", _shown(spec, recorded.get(spec.id)))
            if spec.wajib:
                self._when(definition, f"field-{spec.id}", spec.bila)
        for sop_form in self.sop_forms:
            values = recorded.get(sop_form.id)
            filled = values if isinstance(values, Mapping) else {}
            for spec in sop_form.isian:
                name = f"form-{sop_form.id}-{spec.id}"
                self.fields[name] = _input(spec)
                if spec.jenis is FieldKind.BERKAS:
                    self.fields[name].widget.attrs.update(file_attrs)
                self.initial.setdefault(name, _shown(spec, filled.get(spec.id)))
                self.error_labels[name] = f"{sop_form.nama}: {spec.label}"
                if spec.wajib:
                    self._when(definition, name, spec.bila)

    def _controller(self, field_id: str) -> str | None:
        """The name of this page's input for the field ``field_id``, if it is on the page."""
        if any(spec.id == field_id for spec in self.step.isian):
            return f"field-{field_id}"
        for sop_form in self.sop_forms:
            if any(spec.id == field_id for spec in sop_form.isian):
                return f"form-{sop_form.id}-{field_id}"
        return None

    def _resolve(
        self, definition: SopDefinition, slot: DocumentSlot, recorded: Mapping[str, object]
    ) -> DocumentSlot:
        """A document whose condition reads a field of an earlier step is simply required or
        not, by what the case recorded; one whose field is on this page stays conditional."""
        if slot.bila is None or self._controller(slot.bila.isian) is not None:
            return slot
        return replace(slot, required=condition_holds(definition, slot.bila, recorded), bila=None)

    def _when(self, definition: SopDefinition, name: str, bila: Condition | None) -> None:
        if bila is None:
            return
        controller = self._controller(bila.isian)
        if controller is None or controller == name:
            return
        text = condition_text(definition, bila)
        english = (translation.get_language() or "id").startswith("en")
        self.shown_when[name] = ShownWhen(
            controller, bila.values, bila.terisi, text.en if english else text.id
        )

    # --- drafts: files of a refused form, kept (alur.cases.drafts) ------------------------

    def drafts_attach(self, drafts: Mapping[str, StepDraft]) -> None:
        """Show ``drafts`` (by document name, or a file field's label) with their documents
        and file fields, and send them with the form unless a new file is chosen."""
        self.documents = [replace(slot, draft=drafts.get(slot.name)) for slot in self.documents]
        for name, label in self._file_fields():
            # the template shows it beside the input (cases/input_field.html)
            self.fields[name].draft = drafts.get(label)  # type: ignore[attr-defined]

    def drafts_take(self, owner: Owner) -> dict[str, StepDraft]:
        """Show and send ``owner``'s drafts of this form, less those the person chose to remove
        (dropped here); the drafts kept, by name."""
        kept = drafts_of(owner)
        if removed := [name for name in self.drafts_removed() if name in kept]:
            drafts_drop(owner, names=removed)
            kept = {name: draft for name, draft in kept.items() if name not in removed}
        self.drafts_attach(kept)
        return kept

    def drafts_keep_sent(self, owner: Owner, *, at: dt.datetime) -> None:
        """Keep the files this refused form brought as ``owner``'s drafts, and show them."""
        if sent := self.sent_files():
            drafts_keep(owner, sent, at=at)
            self.drafts_attach(drafts_of(owner))

    def drafts_removed(self) -> list[str]:
        """The documents and file fields whose draft the person chose to remove
        (``hapus-doc-<index>``, ``hapus-field-<id>``)."""
        removed = [
            slot.name
            for index, slot in enumerate(self.documents)
            if self.data.get(f"hapus-doc-{index}")
        ]
        return removed + [
            label for name, label in self._file_fields() if self.data.get(f"hapus-{name}")
        ]

    def sent_files(self) -> dict[str, tuple[IO[bytes], str]]:
        """The new files sent, by document name (a file field's label), whether or not the
        rest of the form is valid: what a refused form keeps as drafts."""
        sent: dict[str, tuple[IO[bytes], str]] = {}
        for index, slot in enumerate(self.documents):
            self._attach(sent, slot.name, self.files.get(f"doc-{index}"))
        for name, label in self._file_fields():
            self._attach(sent, label, self.files.get(name))
        return sent

    def _file_fields(self) -> list[tuple[str, str]]:
        """The step's own file fields (``jenis: berkas``): input name, and the label their
        file is sent under (``uploads``)."""
        return [
            (f"field-{spec.id}", spec.label)
            for spec in self.step.isian
            if spec.jenis is FieldKind.BERKAS
        ]

    def _drafts(self) -> list[StepDraft]:
        drafts = [slot.draft for slot in self.documents if slot.draft is not None]
        for name, _label in self._file_fields():
            if (draft := getattr(self.fields[name], "draft", None)) is not None:
                drafts.append(draft)
        return drafts

    @contextmanager
    def uploads_sent(self) -> Iterator[dict[str, tuple[IO[bytes], str]]]:
        """The files of the valid form (``uploads``) and, for each document or file field
        sent with no new file, its draft, opened for the action and closed after it."""
        uploads = self.uploads()
        opened = draft_uploads(d for d in self._drafts() if d.name not in uploads)
        try:
            yield {**opened, **uploads}
        finally:
            for upload, _name in opened.values():
                upload.close()

    # --- for the templates ---------------------------------------------------------------

    @property
    def has_uploads(self) -> bool:
        return any(isinstance(field, forms.FileField) for field in self.fields.values())

    def upload_limits(self) -> str:
        """The types and size an upload of this form may have, said before the upload."""
        return upload_rules.limits_text()

    def document_fields(self) -> list[tuple[DocumentSlot, forms.BoundField, ShownWhen | None]]:
        return [
            (slot, self[f"doc-{i}"], self.shown_when.get(f"doc-{i}"))
            for i, slot in enumerate(self.documents)
        ]

    def _with_condition(self, name: str) -> tuple[forms.BoundField, ShownWhen | None]:
        return self[name], self.shown_when.get(name)

    def isian_fields(self) -> list[tuple[forms.BoundField, ShownWhen | None]]:
        return [self._with_condition(f"field-{spec.id}") for spec in self.step.isian]

    def form_groups(self) -> list[tuple[Form, list[tuple[forms.BoundField, ShownWhen | None]]]]:
        return [
            (f, [self._with_condition(f"form-{f.id}-{spec.id}") for spec in f.isian])
            for f in self.sop_forms
        ]

    # --- for the services ----------------------------------------------------------------

    def uploads(self) -> dict[str, tuple[IO[bytes], str]]:
        """Document name -> (file, the uploader's file name), for the files sent."""
        sent: dict[str, tuple[IO[bytes], str]] = {}
        for index, slot in enumerate(self.documents):
            self._attach(sent, slot.name, self.cleaned_data.get(f"doc-{index}"))
        for spec in self.step.isian:
            if spec.jenis is FieldKind.BERKAS:
                self._attach(sent, spec.label, self.cleaned_data.get(f"field-{spec.id}"))
        return sent

    @staticmethod
    def _attach(sent: dict[str, tuple[IO[bytes], str]], name: str, upload: object) -> None:
        if isinstance(upload, UploadedFile):
            sent[name] = (cast("IO[bytes]", upload), upload.name or "berkas")

    def values(self) -> dict[str, object]:
        """The entered fields as the case records them: ``{field: value, form: {field: value}}``.

        Fields left empty are left out, so a second confirmation of a joint step does not blank
        what the first one recorded.
        """
        recorded: dict[str, object] = {}
        for spec in self.step.isian:
            raw = self.cleaned_data.get(f"field-{spec.id}")
            if isinstance(raw, UploadedFile):
                recorded[spec.id] = raw.name
            elif (draft := getattr(self.fields[f"field-{spec.id}"], "draft", None)) is not None:
                recorded[spec.id] = draft.original_name  # sent with the form (uploads_sent)
            elif (value := _value(spec, raw)) is not None:
                recorded[spec.id] = value
        for sop_form in self.sop_forms:
            entered = {
                spec.id: _value(spec, self.cleaned_data.get(f"form-{sop_form.id}-{spec.id}"))
                for spec in sop_form.isian
            }
            if filled := {k: v for k, v in entered.items() if v is not None}:
                recorded[sop_form.id] = filled
        return recorded


class RequestForm(StepInputsForm):
    """A new request: its subject (perihal), the first step's inputs and a note."""

    title = forms.CharField(label=_("Perihal"), max_length=NAME_LIMIT, required=False)
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea({"rows": 3}),
    )

    def file(self, *, office: Office, sop_code: str, requester: User) -> Case:
        """File what the valid form asks as a request of ``sop_code`` by ``requester``, through
        the one door (``services.case_open``), wholly or not at all; the page and the API both
        file so."""
        with self.uploads_sent() as uploads:
            return services.case_open(
                office=office,
                sop_code=sop_code,
                requester=requester,
                title=self.cleaned_data["title"],
                data=self.values(),
                uploads=uploads,
                note=self.cleaned_data["note"],
            )


def request_form_for(definition: SopDefinition, data: Any = None, files: Any = None) -> RequestForm:
    """The form of a new request of ``definition``: its first step's inputs."""
    first = definition.first_step
    return RequestForm(
        data, files, definition=definition, step=first, documents=request_documents(first)
    )


def reason_needed(step: Step, decision: str) -> str | None:
    """Why answering ``decision`` at the decision ``step`` needs a reason in the note, or None:
    it sends the case back to an earlier step (or this one again), or ends it other than done."""
    branch = {"ya": step.ya, "tidak": step.tidak}.get(decision) if step.is_decision else None
    if branch is None:
        return None
    if isinstance(branch, End):
        if branch.akhir is Outcome.SELESAI:
            return None
        return str(
            _(
                "Jawaban ini mengakhiri permohonan (%(outcome)s): tuliskan alasannya di "
                "Catatan; alasan itu disampaikan kepada pemohon."
            )
        ) % {"outcome": OUTCOMES[branch.akhir.value]}
    target = target_step(branch)
    if target is None or target > step.no:
        return None
    return str(
        _(
            "Jawaban ini mengembalikan permohonan ke langkah %(step)s: tuliskan alasannya di "
            "Catatan."
        )
    ) % {"step": target}


class StepForm(StepInputsForm):
    """Acting on an open step: its inputs, the decision, a note, and the case version seen."""

    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        required=False, choices=[("ya", _("ya")), ("tidak", _("tidak"))], widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea({"rows": 3}),
    )

    def decision_value(self) -> str | None:
        return self.cleaned_data.get("decision") or None

    def clean(self) -> dict[str, Any]:
        """An answer that sends the case back or ends it needs its reason: refused here, next
        to the note, for the page and the API alike (both act through this form)."""
        cleaned = super().clean() or {}
        decision = cleaned.get("decision")
        unexplained = not (cleaned.get("note") or "").strip() and "note" not in self.errors
        why = reason_needed(self.step, decision) if decision and unexplained else None
        if why is not None:
            self.add_error("note", why)
        return cleaned

    def act(self, case: Case, step: int, actor: User) -> Case:
        """Do what the valid form asks on ``step`` as ``actor``, through the one door
        (``services.task_act``), refused when the case changed since the version it was built
        on; the page and the API both act so."""
        with self.uploads_sent() as uploads:
            return services.task_act(
                case=case,
                step=step,
                actor=actor,
                decision=self.decision_value(),
                note=self.cleaned_data["note"],
                data=self.values(),
                uploads=uploads,
                expected_version=self.cleaned_data["version"],
            )
