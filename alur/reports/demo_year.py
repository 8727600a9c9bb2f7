"""A year of history for the demo offices, so the performance report has something to show.

Each case is run by the engine (``alur.sop.Engine``) from its start, on the office's calendar:
each step takes a sampled share of its allowed time (about one step in nine runs late),
decisions sometimes loop back (re-plans, re-developments) or return the request, and a step that
starts a related SOP opens and runs that case too. Cases opened lately are still running at the
moment the history stops (``now``). The rows are written the way the service layer writes them,
through ``alur.cases.recording.Recorder``: the same events in the same hash chain, the same task
rows with their working time, the same registry records; the request letter and the files the
steps produce are stored as small PDF documents. ``alur audit verify`` holds on the result.

Loading is skipped for an office that already has cases: history is loaded once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from alur.cases.models import Case, Document, stored_path
from alur.cases.numbering import format_number, next_sequence
from alur.cases.recording import Recorder
from alur.catalog.models import SopVersion
from alur.catalog.services import definition_of, published_version
from alur.demo import OFFICES
from alur.offices.calendar import calendar_for
from alur.offices.models import Membership, Office, User
from alur.reports.selectors import office_sops, target_minutes
from alur.sop import (
    CaseState,
    Engine,
    EventKind,
    FieldKind,
    OfficeCalendar,
    OpenTask,
    Outcome,
    Source,
    Transition,
)
from alur.sop import Sop as SopDefinition

CASES_PER_SOP = {
    "permohonan-pembuatan-aplikasi": 60,
    "layanan-hosting-aplikasi": 24,
    "integrasi-bedelau": 24,
    "pengembangan-aplikasi-opd": 12,
    "pengembangan-aplikasi-egov": 10,
}
APPLICATIONS = (
    "SIMPEG",
    "e-Perencanaan",
    "Dapodik Daerah",
    "SIANTRE",
    "e-Retribusi",
    "Lapor Warga",
    "SIMPUS",
    "e-Arsip",
    "Sistem Antrean Online",
    "Portal Data Terpadu",
    "e-Perizinan",
    "SIPD Kinerja",
)
RETURN_REASON = "Persyaratan belum lengkap; lengkapi dan ajukan kembali."
STOP_REASON = "Infrastruktur, SDM atau anggaran belum tersedia tahun ini."


@dataclass
class _Run:
    """One case being written: its row, its recorder and where its clock stands."""

    case: Case
    definition: SopDefinition
    engine: Engine
    recorder: Recorder
    state: CaseState
    documents: dict[str, int] = field(default_factory=dict)
    content: bytes = b""


class _Office:
    def __init__(self, office: Office, now: dt.datetime, rng: random.Random) -> None:
        self.office = office
        self.now = now
        self.rng = rng
        self.calendar: OfficeCalendar = calendar_for(office)
        self.zone = self.calendar.zone
        self.requesters = list(
            User.objects.filter(office=office, unit__kind="opd").select_related("unit")
        )
        self.holders: dict[str, User] = {}
        for membership in Membership.objects.filter(role__office=office).select_related(
            "role", "user"
        ):
            self.holders.setdefault(membership.role.code, membership.user)

    # --- choosing -------------------------------------------------------------------------

    def opening_moments(self, count: int) -> list[dt.datetime]:
        start = self.now - dt.timedelta(days=365)
        moments = []
        for _ in range(count):
            moment = start + dt.timedelta(seconds=self.rng.uniform(0, 365 * 86400))
            moments.append(self.calendar.next_opening(moment.astimezone(self.zone)))
        return sorted(moments)

    def took(self, run: _Run, task: OpenTask) -> int:
        """Office minutes the visit takes: a share of its allowed time, now and then more."""
        per_day = self.calendar.minutes_per_day
        allowed = target_minutes(run.definition.steps[task.step].duration, per_day)
        if allowed is None and task.due is not None:
            allowed = max(self.calendar.elapsed_minutes(task.opened, task.due), 30)
        if allowed is None:
            allowed = per_day
        share = self.rng.lognormvariate(-0.6, 0.5)
        return max(5, round(allowed * share))

    def decide(self, task: OpenTask) -> tuple[str | None, str]:
        if not task.options:
            return None, ""
        forward = [o for o in task.options if o.goes_to is not None and o.goes_to > task.step]
        back = [o for o in task.options if o.goes_to is not None and o.goes_to < task.step]
        ending = [o for o in task.options if o.ends is not None]
        draw = self.rng.random()
        if back and task.visit < 3 and draw < (0.3 if task.visit == 1 else 0.15):
            return back[0].decision.value, ""
        for option in ending:
            if option.ends is Outcome.DIKEMBALIKAN and draw > 0.85:
                return option.decision.value, option.reason or RETURN_REASON
            if option.ends is Outcome.DIHENTIKAN and draw > 0.93:
                return option.decision.value, option.reason or STOP_REASON
        ya = [o for o in forward if o.decision.value == "ya"] or forward
        if len(forward) > 1 and draw > 0.88:
            other = [o for o in forward if o not in ya]
            return (other or ya)[0].decision.value, ""
        if ya:
            return ya[0].decision.value, ""
        return task.options[0].decision.value, ""

    def data_for(self, run: _Run, task: OpenTask, at: dt.datetime) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for form_field in task.fields:
            data[form_field.id] = self._value(run, form_field.id, form_field.jenis, at)
            if form_field.jenis is FieldKind.PILIHAN and form_field.pilihan:
                data[form_field.id] = form_field.pilihan[0]
        for output in task.outputs:
            if output.formulir is not None:
                form = run.definition.forms[output.formulir]
                data[form.id] = {
                    f.id: (f.pilihan[0] if f.pilihan else self._value(run, f.id, f.jenis, at))
                    for f in form.isian
                }
        return data

    def _value(self, run: _Run, name: str, kind: FieldKind, at: dt.datetime) -> Any:
        slug = run.case.title.split()[-1].lower()
        if kind is FieldKind.TANGGAL:
            ahead = self.rng.randint(15, 40)
            return self.calendar.add_working_days(at, ahead).date().isoformat()
        if kind is FieldKind.URL:
            return f"https://{slug}.{self.office.code}.go.id"
        if kind is FieldKind.EMAIL:
            return f"admin@{slug}.go.id"
        if kind is FieldKind.DAFTAR:
            return [run.case.title]
        if name.startswith("nama"):
            return run.case.title
        if "tdpse" in name:
            return f"TDPSE-{at.year}-{run.case.sequence:04d}"
        return f"{run.case.title} ({run.case.number})"

    # --- writing --------------------------------------------------------------------------

    def open_case(
        self,
        version: SopVersion,
        at: dt.datetime,
        requester: User,
        parent: _Run | None = None,
        parent_step: int | None = None,
    ) -> _Run:
        local = at.astimezone(self.zone).date()
        seq = next_sequence(self.office, local.year)
        number = format_number(
            self.office.case_number_pattern,
            office=self.office,
            sop_code=version.sop.code,
            seq=seq,
            on=local,
        )
        definition = definition_of(version)
        engine = Engine(definition, self.calendar)
        start = engine.start(at=at)
        title = (
            f"{version.sop.name} untuk {parent.case.number}"
            if parent is not None
            else f"Aplikasi {self.rng.choice(APPLICATIONS)} {seq:03d}"
        )
        case = Case.objects.create(
            office=self.office,
            sop_version=version,
            number=number,
            year=local.year,
            sequence=seq,
            title=title,
            requester=requester,
            requester_unit_id=requester.unit_id or 0,
            state=start.state.to_json(),
            opened_at=at,
            parent=None if parent is None else parent.case,
            parent_step=parent_step,
        )
        recorder = Recorder(case, definition)
        recorder.record(
            "case.opened",
            at=at,
            actor=requester,
            data={"number": number, "sop": version.sop.code, "sop_version": version.number},
        )
        recorder.apply(start, actor=requester)
        content = b"%PDF-1.4\n% Alur demo " + number.encode() + b"\n%%EOF\n"
        return _Run(case, definition, engine, recorder, start.state, content=content)

    def run(self, run: _Run) -> None:
        """Act on the case's open steps until it ends or the history reaches ``now``."""
        first = True
        while run.state.status.value == Case.Status.RUNNING:
            tasks = run.engine.open_steps(run.state)
            if not tasks:
                break
            task = min(tasks, key=lambda t: (t.opened, t.step))
            if task.waiting_for_related_case:
                if not self._related(run, task):
                    break
                continue
            # The first step is done as the request is sent, as the service layer does it.
            at = (
                task.opened
                if first
                else self.calendar.add_office_minutes(task.opened, self.took(run, task))
            )
            first = False
            if at > self.now:
                break
            self._complete(run, task, at)
        run.recorder.save_case()

    def _complete(self, run: _Run, task: OpenTask, at: dt.datetime) -> None:
        actor = self._actor(run, task.lanes[0])
        self._documents(run, task, actor, at)
        decision, note = self.decide(task)
        data = self.data_for(run, task, at)
        for lane in task.lanes:
            transition = run.engine.complete(
                run.state,
                step=task.step,
                lane=lane,
                at=at,
                decision=decision,
                note=note or None,
                data=data,
            )
            self._apply(run, transition, self._actor(run, lane))
            if run.state.open_step(task.step) is None:
                break

    def _apply(self, run: _Run, transition: Transition, actor: User | None) -> None:
        run.recorder.apply(transition, actor=actor)
        run.state = transition.state
        for event in transition.events:
            if event.kind is EventKind.RELATED_CASE_REQUESTED and event.step is not None:
                self._open_related(run, event.step, str(event.data["sop"]), event.at)

    def _open_related(self, run: _Run, step: int, sop_code: str, at: dt.datetime) -> None:
        version = published_version(self.office, sop_code)
        if version is None:
            return
        child = self.open_case(version, at, run.case.requester, parent=run, parent_step=step)
        self.run(child)
        run.recorder.record(
            "related_case.opened",
            at=at,
            step=step,
            data={"case": child.case.number, "id": child.case.pk},
        )
        run.recorder.related_requested.clear()

    def _related(self, run: _Run, task: OpenTask) -> bool:
        """Tell the waiting step its related case ended; False while that case still runs."""
        child = (
            Case.objects.filter(parent=run.case, parent_step=task.step)
            .exclude(status=Case.Status.RUNNING)
            .first()
        )
        if child is None or child.closed_at is None:
            return False
        transition = run.engine.related_case_ended(
            run.state, step=task.step, at=child.closed_at, outcome=Outcome(child.status)
        )
        run.recorder.apply(transition, actor=None, extra={"case": child.number})
        run.state = transition.state
        return True

    def _actor(self, run: _Run, lane_id: str) -> User:
        lane = run.definition.lanes[lane_id]
        if lane.pemohon:
            return run.case.requester
        return self.holders.get(lane.role or "", run.case.requester)

    def _documents(self, run: _Run, task: OpenTask, actor: User, at: dt.datetime) -> None:
        names = [o.nama for o in task.outputs if o.berkas and o.formulir is None]
        if task.step == run.definition.first_step.no:
            supplied = (Source.PEMOHON, Source.DILAMPIRKAN)
            names = [r.nama for r in task.requirements if r.sumber in supplied] + names
        if not names:
            return
        sha = hashlib.sha256(run.content).hexdigest()
        path = stored_path(self.office.pk, run.case.pk, sha)
        if not default_storage.exists(path):
            default_storage.save(path, ContentFile(run.content))
        for name in dict.fromkeys(names):
            version = run.documents.get(name, 0) + 1
            run.documents[name] = version
            Document.objects.create(
                case=run.case,
                name=name,
                version=version,
                file=path,
                original_name=f"{name[:60]}.pdf",
                sha256=sha,
                size=len(run.content),
                content_type="application/pdf",
                step=task.step,
                uploaded_by=actor,
                uploaded_at=at,
            )
            run.recorder.record(
                "document.added",
                at=at,
                actor=actor,
                step=task.step,
                data={
                    "name": name,
                    "version": version,
                    "sha256": sha,
                    "size": len(run.content),
                    "type": "application/pdf",
                },
            )


def demo_year_load(*, now: dt.datetime | None = None, seed: int = 2026) -> int:
    """Write a year of cases up to ``now`` for each demo office without cases; returns how many
    cases were written (related cases included)."""
    now = now or timezone.now()
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    written = 0
    for spec in OFFICES:
        office = Office.objects.filter(code=spec.code).first()
        if office is None or Case.objects.filter(office=office).exists():
            continue
        with transaction.atomic():
            writer = _Office(office, now, rng)
            plan = []
            for sop, version in office_sops(office):
                count = CASES_PER_SOP.get(sop.code, 12)
                plan += [(at, version) for at in writer.opening_moments(count)]
            for at, version in sorted(plan, key=lambda item: item[0]):
                requester = rng.choice(writer.requesters)
                run = writer.open_case(version, at, requester)
                writer.run(run)
            written += Case.objects.filter(office=office).count()
    return written
