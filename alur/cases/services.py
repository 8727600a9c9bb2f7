"""The one door for every change to a case. Pages, the command line and jobs all call these.

Each function checks who is acting, locks the case row, checks the version the caller saw,
asks the engine, and writes the new state, the tasks and the hash-chained events in one
transaction. Refusals raise ``ServiceError`` subclasses whose ``message`` is in the user's
language; a refused action leaves nothing changed.

Documents sent with an action (``task_act``'s uploads) are stored in the transaction of the
action, after the checks of who acts, the page's version and the open step: a refused action,
or one that loses a race to another person's, keeps no version of them. The one exception is a
step refused only because another of its documents is still missing (the engine's
``DocumentsMissing``, after every other check passed, on a step still open for this person):
the documents it brought are committed without the completion, so the person adds only the rest.

    case_open          a request: the case, its number, its first step done by the requester
    case_open_public   a request of a member of the public, filed with no account
    case_open_scheduled  a case a scheduled SOP opens at a slot: its first step left open
    task_act           complete (or confirm) an open step
    document_add       a document (or its new version) on a running case
    case_lock          the case's row, locked: where every change of a case starts
    require_lane       refuse someone who holds no lane of a step
    require_texts      refuse a title or document name with invisible characters, or too long
    event_record       another app's event in the case's record (letters, due changes)
    document_attach    store a document and record it, for another app's change (letters)
    case_move          a running case onto another version of its SOP (``alur.cases.moving``)
    case_lapse         a running case lapsed (gugur): the requester let their time limit pass

The requester's own doors, withdrawing a request and writing to the office, are in
``alur.cases.requesting`` (``case_withdraw``, ``case_comment``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import IO

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alur.cases import acting, permissions
from alur.cases.documents import document_store
from alur.cases.models import Case, Document, Event, RequesterKind, Task
from alur.cases.numbering import format_number, next_sequence
from alur.cases.recording import CaseWriter
from alur.cases.selectors import held_names
from alur.cases.values import value_problems
from alur.catalog.lanes import chosen_roles
from alur.catalog.models import SopVersion
from alur.catalog.services import definition_of, published_version

# The refusals every service raises, re-exported for the callers of these.
from alur.common.errors import Conflict as Conflict
from alur.common.errors import Invalid as Invalid
from alur.common.errors import NotAllowed as NotAllowed
from alur.common.errors import ServiceError as ServiceError
from alur.common.text import NAME_LIMIT, NOTE_LIMIT, length_problem, name_problem
from alur.offices.calendar import calendar_for
from alur.offices.models import Office, Unit, User
from alur.sop import (
    CaseState,
    DocumentsMissing,
    Engine,
    Output,
    Refused,
    Requirement,
    StepNotOpen,
    condition_holds,
    condition_text,
)
from alur.sop import RequesterKind as SopRequesterKind
from alur.sop import Sop as SopDefinition

Uploads = Mapping[str, tuple[IO[bytes], str]]
"""Document name -> (file, the uploader's file name)."""


def _lang() -> str:
    return "en" if (translation.get_language() or "id").startswith("en") else "id"


def _engine(case: Case) -> tuple[Engine, SopDefinition]:
    definition = definition_of(case.sop_version)
    return Engine(definition, calendar_for(case.office)), definition


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


# --- opening a request ---------------------------------------------------------------------


def case_open(
    *,
    office: Office,
    sop_code: str,
    requester: User,
    title: str,
    data: Mapping[str, object] | None = None,
    uploads: Uploads | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> Case:
    """Open a request for the published SOP ``sop_code``; the requester's first step is done
    with it when the SOP starts in the requester's lane."""
    at = _now(at)
    version = published_version(office, sop_code, at)
    if version is None:
        raise Invalid(_("SOP ini belum diterbitkan; permohonan belum dapat diajukan."))
    if requester.office_id != office.pk or requester.unit_id is None:
        raise NotAllowed(_("Anda tidak terdaftar pada kantor ini."))
    definition = definition_of(version)
    local = at.astimezone(calendar_for(office).zone).date()
    starting = permissions.starting_lanes(requester, definition, chosen_roles(version.pk), local)
    if not starting:
        raise NotAllowed(
            _(
                "Anda tidak dapat mengajukan permohonan %(sop)s: langkah pertamanya dikerjakan "
                "oleh %(lanes)s."
            )
            % {
                "sop": definition.identitas.nama,
                "lanes": ", ".join(
                    definition.lanes[lane].nama for lane in definition.first_step.lanes
                ),
            }
        )
    kind: str
    if requester.is_agency_person:
        kind = RequesterKind.OPD
    elif any(definition.lanes[lane].pemohon for lane in starting):
        kind = RequesterKind.ASN
    else:
        kind = ""  # an officer starting the SOP in the lane of their own role
    with transaction.atomic():
        return _request_file(
            version=version,
            requester=requester,
            title=title,
            data=data,
            uploads=uploads,
            note=note,
            at=at,
            requester_kind=kind,
        )


def case_open_public(
    *,
    version: SopVersion,
    requester: User,
    unit: Unit,
    title: str,
    data: Mapping[str, object] | None = None,
    uploads: Uploads | None = None,
    note: str = "",
    at: dt.datetime,
) -> Case:
    """Open the request of a member of the public (``jenis_pemohon: [publik]``), filed on the
    public request page: ``requester`` is their record, a person with no office and no
    sign-in, and ``unit`` the office's unit of the public. Their first step is done with it.
    Call inside the transaction that made the record (``alur.public.services``)."""
    definition = definition_of(version)
    if SopRequesterKind.PUBLIK not in definition.requester_kinds:
        raise NotAllowed(_("SOP ini tidak menerima permohonan dari masyarakat."))
    if requester.office_id is not None or unit.kind != Unit.Kind.PUBLIC:
        raise NotAllowed(_("Permohonan masyarakat diajukan tanpa akun pegawai."))
    return _request_file(
        version=version,
        requester=requester,
        title=title,
        data=data,
        uploads=uploads,
        note=note,
        at=at,
        requester_kind=RequesterKind.PUBLIC,
        requester_unit_id=unit.pk,
    )


def _request_file(
    *,
    version: SopVersion,
    requester: User,
    title: str,
    data: Mapping[str, object] | None,
    uploads: Uploads | None,
    note: str,
    at: dt.datetime,
    requester_kind: str,
    requester_unit_id: int | None = None,
) -> Case:
    """What every filed request does once who may file it is settled: its title and texts
    checked, the case made, the first step's documents stored and the step done by the
    requester. Inside the caller's transaction."""
    if not title.strip():
        raise Invalid(_("Perihal permohonan wajib diisi."))
    require_texts(title=title, note=note, names=uploads or ())
    case = _case_create(
        version=version,
        requester=requester,
        title=title.strip(),
        at=at,
        requester_unit_id=requester_unit_id,
        requester_kind=requester_kind,
    )
    first = definition_of(version).first_step
    _store_uploads(case, uploads or {}, requester, at, first.no)
    _complete(case, first.no, requester, None, note, data or {}, at)
    return case


def case_open_scheduled(
    *,
    version: SopVersion,
    requester: User,
    title: str,
    slot: dt.datetime,
    at: dt.datetime,
) -> Case:
    """Open the case of a scheduled SOP's ``slot`` (``jadwal_mulai``) at ``at``, in the name
    of ``requester``, a holder of the first step's lane (whose unit becomes the case's
    requesting unit): the first step stays open for the staff of its lane. The record's first
    event has no actor and names the slot. Call inside a transaction (the caller claims the
    slot in the same one, ``alur.deadlines.starts``)."""
    definition = definition_of(version)
    schedule = definition.jadwal_mulai
    if schedule is None:
        raise Invalid(_("SOP ini tidak dimulai menurut jadwal."))
    if requester.office_id != version.sop.office_id or requester.unit_id is None:
        raise NotAllowed(_("Anda tidak terdaftar pada kantor ini."))
    opened_by = {
        "slot": slot.isoformat(),
        "setiap": schedule.setiap.value,
        "hari": schedule.hari,
        "pukul": schedule.pukul,
    }
    return _case_create(
        version=version,
        requester=requester,
        title=title,
        at=at,
        scheduled=opened_by,
        requester_kind="",
    )


def _case_create(
    *,
    version: SopVersion,
    requester: User,
    title: str,
    at: dt.datetime,
    requester_unit_id: int | None = None,
    parent: Case | None = None,
    parent_step: int | None = None,
    scheduled: Mapping[str, object] | None = None,
    requester_kind: str = RequesterKind.OPD,
) -> Case:
    office = version.sop.office
    calendar = calendar_for(office)
    local = at.astimezone(calendar.zone).date()
    definition = definition_of(version)
    engine = Engine(definition, calendar)
    transition = engine.start(at=at)
    service = definition.service_duration
    service_due = None if service is None else calendar.due(at, service)
    # The office-year counter's row stays locked from here to the commit, and every opening of
    # the office in the year waits on it (gapless numbers need that): nothing slow may come
    # before the number is taken, and the number goes into the record's first event.
    seq = next_sequence(office, local.year)
    number = format_number(
        office.case_number_pattern, office=office, sop_code=version.sop.code, seq=seq, on=local
    )
    case = Case.objects.create(
        office=office,
        sop_version=version,
        number=number,
        year=local.year,
        sequence=seq,
        title=title,
        requester=requester,
        requester_unit_id=requester_unit_id or requester.unit_id or 0,
        requester_kind=requester_kind,
        state=transition.state.to_json(),
        opened_at=at,
        service_due_at=service_due,
        parent=parent,
        parent_step=parent_step,
    )
    writer = CaseWriter(case, definition)
    facts: dict[str, object] = {
        "number": number,
        "sop": version.sop.code,
        "sop_version": version.number,
    }
    if requester_kind:
        facts["requester_kind"] = str(requester_kind)
    if service_due is not None:
        facts["service_due"] = service_due.astimezone(dt.UTC).isoformat()
    # A scheduled case is opened by the office's calendar, not by a person: the record says
    # so, and which slot it is for.
    opener = None if scheduled is not None else requester
    if scheduled is not None:
        facts["jadwal"] = dict(scheduled)
    writer.append("case.opened", at=at, actor=opener, data=facts)
    writer.apply(transition, actor=opener)
    _after(case, writer, at)
    return case


# --- acting on a step ----------------------------------------------------------------------


def task_act(
    *,
    case: Case,
    step: int,
    actor: User,
    decision: str | None = None,
    note: str = "",
    data: Mapping[str, object] | None = None,
    uploads: Uploads | None = None,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Complete (or, on a joint step, confirm) ``step`` of ``case`` as ``actor``.

    The uploads are stored in the transaction of the completion, after the checks of who acts,
    the version and the open step: an action that is refused, or that loses to another one,
    keeps no document. One refusal keeps them: the engine's ``DocumentsMissing`` on a step
    still open for this person, whose other checks (lane, version, values, decision) passed;
    the uploads are committed without the completion, so the person adds only what is missing.
    """
    at = _now(at)
    missing: DocumentsMissing | None = None
    with transaction.atomic():
        locked = case_lock(case.pk)
        # Who may act comes first: a stale version must not tell an outsider who acted.
        require_lane(locked, step, actor, at)
        if expected_version is not None and locked.version != expected_version:
            _raise_conflict(locked, step)
        require_texts(note=note, names=uploads or ())
        if not uploads:
            _complete(locked, step, actor, decision, note, data or {}, at)
        else:
            if CaseState.from_json(locked.state).open_step(step) is None:
                _raise_conflict(locked, step)
            _store_uploads(locked, uploads, actor, at, step)
            try:
                with transaction.atomic():  # a savepoint: a refusal undoes the completion only
                    _complete(locked, step, actor, decision, note, data or {}, at, missing_raw=True)
            except DocumentsMissing as refused:
                missing = refused  # the uploads commit with the block, the refusal after it
                locked = case_lock(case.pk)
    if missing is not None:
        raise Invalid(missing.message(_lang())) from None  # type: ignore[arg-type]
    # The caller's case as the change left it, without reading its row again.
    for field in CaseWriter.CASE_FIELDS:
        setattr(case, field, getattr(locked, field))
    return case


def document_add(
    *,
    case: Case,
    name: str,
    upload: IO[bytes],
    filename: str,
    actor: User,
    at: dt.datetime | None = None,
) -> Document:
    """Add a document (a new version if the name exists) to a running case the actor works on."""
    at = _now(at)
    with transaction.atomic():
        locked = case_lock(case.pk)
        if not permissions.can_view(actor, locked):
            raise NotAllowed(_("Anda tidak dapat melihat permohonan ini."))
        if locked.status != Case.Status.RUNNING:
            raise Invalid(_("Permohonan ini sudah berakhir; dokumen tidak dapat ditambah."))
        require_texts(names=[name])
        stored = _store_uploads(locked, {name: (upload, filename)}, actor, at, None)
    return stored[0]


# --- moving a case to another version of its SOP ----------------------------------------------


def case_move(
    *, case: Case, target: SopVersion, steps: Mapping[int, int], actor: User, at: dt.datetime
) -> Case:
    """Move one running case to ``target`` by ``steps`` (open step -> target step), wholly or
    not at all."""
    require_office_admin(actor, target)
    with transaction.atomic():
        locked = case_lock(case.pk)
        if locked.sop_version.sop_id != target.sop_id:
            raise Invalid(_("Versi tujuan bukan versi SOP permohonan ini."))
        if locked.sop_version_id == target.pk:
            raise Invalid(
                _("Permohonan %(number)s sudah berjalan pada versi %(version)s.")
                % {"number": locked.number, "version": target.number}
            )
        state = CaseState.from_json(locked.state)
        try:
            transition = Engine(definition_of(target), calendar_for(locked.office)).move_in(
                state, steps=steps, at=at, details=_move_details(locked, target)
            )
        except Refused as refused:
            raise Invalid(refused.message(_lang())) from None  # type: ignore[arg-type]
        extended = dict(
            Task.objects.filter(
                case=locked, status=Task.Status.OPEN, changed_due_at__isnull=False
            ).values_list("step", "changed_due_at")
        )
        locked.sop_version = target
        locked.save(update_fields=["sop_version"])
        writer = CaseWriter(locked, definition_of(target))
        writer.apply(transition, actor=actor)
        writer.save()
        for source, moved_to in steps.items():
            if source in extended:
                Task.objects.filter(case=locked, step=moved_to, status=Task.Status.OPEN).update(
                    changed_due_at=extended[source]
                )
    return locked


def require_office_admin(actor: User, version: SopVersion) -> None:
    """Refuse anyone but an active administrator of the office that owns ``version``'s SOP."""
    if not (actor.is_active and actor.is_office_admin and actor.office_id == version.sop.office_id):
        raise NotAllowed(_("Hanya admin kantor pemilik SOP ini yang dapat memindahkan permohonan."))


def _move_details(case: Case, target: SopVersion) -> dict[str, int]:
    return {
        "from_version": case.sop_version.number,
        "to_version": target.number,
        "from_version_id": case.sop_version_id,
        "to_version_id": target.pk,
    }


def require_texts(*, title: str | None = None, note: str = "", names: Iterable[str] = ()) -> None:
    """Refuse a case's title (perihal) or a document's name with an invisible character or
    too long, and a note too long (``alur.common.text``), naming the field and its limit."""
    problems = [
        problem
        for problem in (
            None if title is None else name_problem(_("Perihal"), title.strip(), NAME_LIMIT),
            length_problem(_("Catatan"), note, NOTE_LIMIT),
            *(
                name_problem(_("Nama dokumen '%(name)s'") % {"name": name[:60]}, name, NAME_LIMIT)
                for name in names
            ),
        )
        if problem is not None
    ]
    if len(problems) == 1:
        raise Invalid(problems[0])
    if problems:
        raise Invalid(_("Isian tidak sah."), details=problems)


def case_lock(case_id: int, *related: str) -> Case:
    """The case's row, locked until the transaction ends (call inside one), with its office,
    SOP version and any further ``related`` loaded: every service that changes a case starts
    here, so two changes of one case run one after the other.

    Only the case's own row is locked (``of=("self",)``): on PostgreSQL a plain ``FOR UPDATE``
    would lock the joined office, version and SOP rows too, and every change of every case of
    an office would wait on the office's row."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("office", "sop_version__sop", *related)
        .get(pk=case_id)
    )


def require_lane(case: Case, step: int, actor: User, at: dt.datetime) -> set[str]:
    """The lanes ``actor`` holds in ``case`` on the day of ``at``; refuses someone who may not
    see the case, or who holds none of the lanes of ``step``."""
    if not permissions.can_view(actor, case):
        raise NotAllowed(_("Anda tidak dapat melihat permohonan ini."))
    definition = definition_of(case.sop_version)
    local = at.astimezone(calendar_for(case.office).zone).date()
    lanes = permissions.lanes_of(actor, case, definition, local)
    if step in definition.steps and not lanes & set(definition.steps[step].lanes):
        names = ", ".join(definition.lanes[lane].nama for lane in definition.steps[step].lanes)
        raise NotAllowed(
            _("Langkah %(step)s dikerjakan oleh %(lanes)s; Anda tidak memegang peran itu.")
            % {"step": step, "lanes": names}
        )
    return lanes


def _raise_conflict(case: Case, step: int) -> None:
    if case.status in (Case.Status.LAPSED, Case.Status.WITHDRAWN):
        # Nobody acted on the step: the clock or the requester ended the case, so say how
        # and why.
        raise Conflict(
            _("Permohonan ini sudah berakhir (%(status)s): %(reason)s")
            % {"status": case.get_status_display(), "reason": case.end_reason or "-"}
        )
    done = (
        Task.objects.filter(case=case, step=step, status=Task.Status.DONE)
        .select_related("done_by")
        .order_by("-visit")
        .first()
    )
    state = CaseState.from_json(case.state)
    if done is not None and state.open_step(step) is None:
        raise Conflict(
            _("Langkah %(step)s sudah dikerjakan oleh %(name)s pada %(when)s.")
            % {
                "step": step,
                "name": done.done_by or "-",
                "when": timezone.localtime(done.done_at, calendar_for(case.office).zone).strftime(
                    "%d-%m-%Y %H:%M"
                ),
            }
        )
    raise Conflict(
        _("Permohonan ini telah diubah orang lain sejak halaman dibuka. Muat ulang halaman.")
    )


def _provided(case: Case, definition: SopDefinition, data: Mapping[str, object]) -> set[str]:
    names = held_names(case, definition)
    for step in definition.langkah:
        items: list[Output | Requirement] = [*step.outputs, *step.requirements]
        for item in items:
            form = item.formulir
            values = data.get(form) if form is not None else None
            if isinstance(values, Mapping) and values:
                names.add(item.nama)
    return names


def _complete(
    case: Case,
    step: int,
    actor: User,
    decision: str | None,
    note: str,
    data: Mapping[str, object],
    at: dt.datetime,
    *,
    missing_raw: bool = False,
) -> None:
    """Complete ``step`` as ``actor``; refusals as service errors (``DocumentsMissing`` as the
    engine raised it when ``missing_raw``, for ``task_act`` to keep the uploads)."""
    engine, definition = _engine(case)
    state = CaseState.from_json(case.state)
    local = at.astimezone(calendar_for(case.office).zone).date()
    lanes = permissions.lanes_of(actor, case, definition, local)
    opened = state.open_step(step)
    if opened is None:
        _raise_conflict(case, step)
        return
    candidates = [
        lane
        for lane in definition.steps[step].lanes
        if lane in lanes and lane not in opened.confirmed_by
    ]
    if not candidates:
        raise Conflict(_("Anda sudah mengonfirmasi langkah %(step)s.") % {"step": step})
    if problems := value_problems(definition, definition.steps[step], data):
        raise Invalid(_("Isian tidak sah."), details=problems)
    data = _merged_forms(state.data, data)
    merged = {**dict(state.data), **data}
    _require_form_fields(definition, step, merged)
    try:
        transition = engine.complete(
            state,
            step=step,
            lane=candidates[0],
            at=at,
            decision=decision or None,
            note=note,
            data=dict(data),  # type: ignore[arg-type]
            provided=_provided(case, definition, merged),
        )
    except StepNotOpen:
        _raise_conflict(case, step)
        return
    except DocumentsMissing as refused:
        if missing_raw:
            raise
        raise Invalid(refused.message(_lang())) from None  # type: ignore[arg-type]
    except Refused as refused:
        raise Invalid(refused.message(_lang())) from None  # type: ignore[arg-type]
    # What the person acted as goes into the record at the moment of acting, by the rule that
    # let them act: a Plh/Plt is named as such however the delegations change later.
    delegation = permissions.acting_delegation(actor, case, definition, candidates[0], local)
    writer = CaseWriter(case, definition)
    writer.apply(
        transition, actor=actor, acted_as=acting.acted_as(delegation) if delegation else None
    )
    _after(case, writer, at)


def _merged_forms(recorded: Mapping[str, object], data: Mapping[str, object]) -> dict[str, object]:
    """``data`` with each form's entries laid over what the case recorded for that form, so a
    return visit (or a second confirmation) that leaves a field empty keeps its value."""
    merged = dict(data)
    for key, values in data.items():
        before = recorded.get(key)
        if isinstance(values, Mapping) and isinstance(before, Mapping):
            merged[key] = {**before, **values}
    return merged


def _require_form_fields(definition: SopDefinition, step: int, data: Mapping[str, object]) -> None:
    """A form filled in at ``step`` (``Sop.forms_filled_at``) must have its required fields
    filled in; a form or a field required only under a condition (``bila``) only when the
    condition holds on the case's ``data``."""
    missing: list[str] = []
    at_step = definition.steps[step]
    needed = {o.formulir for o in at_step.outputs} | {
        r.formulir
        for r in at_step.requirements
        if r.wajib and (r.bila is None or condition_holds(definition, r.bila, data))
    }
    for form in definition.forms_filled_at(at_step):
        values = data.get(form.id)
        filled = values if isinstance(values, Mapping) else {}
        if not filled and form.id not in needed:
            continue  # an optional input (wajib: false) that was not brought
        for field in form.isian:
            if not field.wajib or filled.get(field.id):
                continue
            label = f"{form.nama}: {field.label}"
            if field.bila is None:
                missing.append(label)
            elif condition_holds(definition, field.bila, data):
                because = condition_text(definition, field.bila)
                missing.append(
                    _("%(field)s (wajib karena %(condition)s)")
                    % {"field": label, "condition": getattr(because, _lang())}
                )
    if missing:
        raise Invalid(_("Isian wajib belum diisi."), details=missing)


def _store_uploads(
    case: Case, uploads: Uploads, actor: User, at: dt.datetime, step: int | None
) -> list[Document]:
    writer = CaseWriter(case, definition_of(case.sop_version))
    stored = [
        _attach(writer, name=name, upload=upload, filename=filename, actor=actor, at=at, step=step)
        for name, (upload, filename) in uploads.items()
    ]
    writer.save()
    return stored


def _attach(
    writer: CaseWriter,
    *,
    name: str,
    upload: IO[bytes],
    filename: str,
    actor: User,
    at: dt.datetime,
    step: int | None,
    generated: bool = False,
    kind: str = "document.added",
    data: Mapping[str, object] | None = None,
    visit: int | None = None,
) -> Document:
    document = document_store(
        case=writer.case,
        name=name,
        upload=upload,
        filename=filename,
        actor=actor,
        at=at,
        step=step,
        generated=generated,
    )
    facts = {"name": name, "version": document.version, "sha256": document.sha256}
    if kind == "document.added":
        facts |= {"size": document.size, "type": document.content_type}
    writer.append(kind, at=at, actor=actor, step=step, visit=visit, data={**(data or {}), **facts})
    return document


def document_attach(
    *,
    case: Case,
    name: str,
    upload: IO[bytes],
    filename: str,
    actor: User,
    at: dt.datetime,
    step: int | None,
    visit: int | None,
    kind: str,
    data: Mapping[str, object],
    generated: bool = False,
) -> Document:
    """Store ``upload`` as the next version of ``name`` and record it as an event of ``kind``
    (with ``data``, the document's name, version and SHA-256): another app's change that
    produces a case document, such as a letter. Call inside the transaction holding the case's
    lock (``case_lock``); the case's version goes up, as the document changes what it holds."""
    writer = CaseWriter(case, definition_of(case.sop_version))
    document = _attach(
        writer,
        name=name,
        upload=upload,
        filename=filename,
        actor=actor,
        at=at,
        step=step,
        visit=visit,
        generated=generated,
        kind=kind,
        data=data,
    )
    writer.save()
    return document


def event_record(
    *,
    case: Case,
    kind: str,
    at: dt.datetime,
    actor: User | None,
    task: Task | None = None,
    note: str = "",
    data: Mapping[str, object],
) -> Event:
    """Append another app's event (a namespaced ``kind`` such as ``deadlines.due.extended``) to
    the record of ``case``, about ``task`` if given. Call inside the transaction holding the
    case's lock (``case_lock``). The case's state and version stay as they are: such an event
    changes nothing people's pages were built on."""
    writer = CaseWriter(case, definition_of(case.sop_version))
    event = writer.append(
        kind,
        at=at,
        actor=actor,
        step=task.step if task else None,
        visit=task.visit if task else None,
        note=note,
        data=dict(data),
        task=task,
    )
    writer.save(keep_version=True)
    return event


def case_lapse(
    *, case: Case, task: Task, at: dt.datetime, reason: str, data: Mapping[str, object]
) -> Event:
    """End ``case`` as lapsed (gugur) at ``at``: the requester did not do ``task``, their step,
    within its time limit. Call inside the transaction holding the case's lock (``case_lock``),
    after checking the limit has passed (``alur.deadlines.requester``). Every open visit
    closes unworked; the event ``case.lapsed`` has no actor (the clock ended it) and carries
    ``data``."""
    if case.status != Case.Status.RUNNING:
        raise Conflict(_("Permohonan ini sudah berakhir."))
    writer = CaseWriter(case, definition_of(case.sop_version))
    writer.close(Case.Status.LAPSED, at=at, reason=reason)
    task.refresh_from_db()
    event = writer.append(
        "case.lapsed",
        at=at,
        actor=None,
        step=task.step,
        visit=task.visit,
        data=dict(data),
        task=task,
    )
    writer.save()
    return event


def _after(case: Case, writer: CaseWriter, at: dt.datetime) -> None:
    """Open the related cases the engine asked for, and tell a waiting parent its child ended."""
    for step, sop_code in writer.related_requested:
        version = published_version(case.office, sop_code, at)
        if version is None:
            raise Invalid(
                _("SOP terkait '%(code)s' belum diterbitkan di kantor ini.") % {"code": sop_code}
            )
        child = _case_create(
            version=version,
            requester=case.requester,
            title=_("%(sop)s untuk %(number)s") % {"sop": version.sop.name, "number": case.number},
            at=at,
            requester_unit_id=case.requester_unit_id,
            requester_kind=case.requester_kind,
            parent=case,
            parent_step=step,
        )
        writer.append(
            "related_case.opened", at=at, step=step, data={"case": child.number, "id": child.pk}
        )
    writer.save()
    if writer.ended and case.parent_id is not None and case.parent_step is not None:
        _tell_parent(case, case.parent_id, at)


def _tell_parent(child: Case, parent_id: int, at: dt.datetime) -> None:
    parent = case_lock(parent_id)
    engine, definition = _engine(parent)
    state = CaseState.from_json(parent.state)
    opened = state.open_step(child.parent_step or 0)
    if opened is None or not opened.waiting:
        return
    transition = engine.related_case_ended(
        state,
        step=opened.step,
        at=at,
        outcome=child.status,  # type: ignore[arg-type]
    )
    writer = CaseWriter(parent, definition)
    writer.apply(transition, actor=None, extra={"case": child.number})
    writer.save()
