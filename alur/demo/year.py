"""A year of history for the demo offices, so the performance report has something to show.

Each request is opened and worked through the same door as a person's (``case_open`` and
``task_act`` of ``alur.cases.services``), with the moment of each action passed in: the same
permission checks, events in the same hash chain, the same visits with their working time, the
same registry records and report rollups. Each step takes a sampled share of its allowed time
(about one step in nine runs late); decisions sometimes loop back (re-plans, re-developments) or
return the request; a step that starts a related SOP opens that case, which is run too. Requests
opened lately are still running at the moment the history stops (``now``). The request letter
and the files the steps produce are small PDF documents. ``alur audit verify`` holds on the
result. Nobody is notified of this history (``notifications.services.quietly``).

Most requesters answer the satisfaction survey their ended request offers them
(``alur.survey``), a few days after the end, through the same door as a person's answer
(``response_submit``); the answers are drawn from a random source of their own, so the cases
of the year are the same with or without them.

Most visits are started (*Mulai kerjakan*, ``alur.cases.working.task_start``) by the person who
then does them, some time after they open, so the report's "where the time goes" splits each
step's time into waiting and working; those starts too come from a random source of their own.

Loading is skipped for an office that already has cases: history is loaded once.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from typing import Any

from django.db import transaction
from django.utils import timezone

from alur.cases.models import Case
from alur.cases.services import Uploads, case_open, task_act
from alur.cases.working import task_start
from alur.catalog.lanes import role_of
from alur.catalog.models import SopVersion
from alur.catalog.services import definition_of
from alur.demo.installation import OFFICES
from alur.notifications.services import quietly
from alur.offices.calendar import calendar_for
from alur.offices.models import Membership, Office, User
from alur.reports.selectors import office_sops, target_minutes
from alur.sop import CaseState, Engine, FieldKind, OfficeCalendar, OpenTask, Outcome, Source
from alur.sop import Sop as SopDefinition
from alur.survey.elements import AGES, CODES, EDUCATIONS, GENDERS, OCCUPATIONS
from alur.survey.models import Invitation
from alur.survey.services import Answers, response_submit

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
SUGGESTIONS = (
    "Mohon waktu verifikasi dipercepat.",
    "Petugas ramah dan jelas menjelaskan.",
    "Informasi persyaratan sebaiknya dimuat di laman dinas.",
    "Kanal pengaduan belum jelas alamatnya.",
    "Pelayanan sudah baik, pertahankan.",
)
SCORE_SHIFT = {"waktu": -0.45, "pengaduan": -0.35, "biaya": 0.4, "perilaku": 0.2}
"""Elements the demo's requesters rate lower or higher than the rest, so the report's weakest
element has something to show."""
STARTED_SHARE = 0.8
"""The share of visits someone starts (Mulai kerjakan) before doing them."""
RETURN_REASON = "Persyaratan belum lengkap; lengkapi dan ajukan kembali."
STOP_REASON = "Infrastruktur, SDM atau anggaran belum tersedia tahun ini."


class _Office:
    """One demo office's year: who acts in each lane, and how long and which way each step goes."""

    def __init__(
        self, office: Office, now: dt.datetime, rng: random.Random, starting: random.Random
    ) -> None:
        self.office = office
        self.now = now
        self.rng = rng
        self.starting = starting
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
        self.opened = 0

    # --- choosing -------------------------------------------------------------------------

    def opening_moments(self, count: int) -> list[dt.datetime]:
        """``count`` moments the office is open in the year up to ``now``. A moment drawn
        after the last opening before ``now`` (on a Sunday evening, say) would move to the next
        working morning, after ``now``, so it is drawn again."""
        start = self.now - dt.timedelta(days=365)
        moments: list[dt.datetime] = []
        while len(moments) < count:
            moment = start + dt.timedelta(seconds=self.rng.uniform(0, 365 * 86400))
            opening = self.calendar.next_opening(moment.astimezone(self.zone))
            if opening <= self.now:
                moments.append(opening)
        return sorted(moments)

    def took(self, definition: SopDefinition, task: OpenTask) -> int:
        """Office minutes the visit takes: a share of its allowed time, now and then more."""
        per_day = self.calendar.minutes_per_day
        allowed = target_minutes(definition.steps[task.step].duration, per_day)
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

    def data_for(
        self, definition: SopDefinition, task: OpenTask, title: str, at: dt.datetime
    ) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for form_field in task.fields:
            data[form_field.id] = self._value(title, form_field.id, form_field.jenis, at)
            if form_field.jenis is FieldKind.PILIHAN and form_field.pilihan:
                data[form_field.id] = form_field.pilihan[0]
        for output in task.outputs:
            if output.formulir is not None:
                form = definition.forms[output.formulir]
                data[form.id] = {
                    f.id: (f.pilihan[0] if f.pilihan else self._value(title, f.id, f.jenis, at))
                    for f in form.isian
                }
        return data

    def _value(self, title: str, name: str, kind: FieldKind, at: dt.datetime) -> Any:
        # a host name's label: a related case's title ends with the parent's number (slashes)
        slug = re.sub(r"[^a-z0-9]+", "-", title.split()[-1].lower()).strip("-") or "aplikasi"
        if kind is FieldKind.TANGGAL:
            ahead = self.rng.randint(15, 40)
            return self.calendar.add_working_days(at, ahead).date().isoformat()
        if kind is FieldKind.URL:
            return f"https://{slug}.{self.office.code}.go.id"
        if kind is FieldKind.EMAIL:
            return f"admin@{slug}.go.id"
        if kind is FieldKind.DAFTAR:
            return [title]
        if name.startswith("nama"):
            return title
        if "tdpse" in name:
            return f"TDPSE-{at.year}-{slug}"
        return title

    def uploads(self, definition: SopDefinition, task: OpenTask, title: str) -> Uploads:
        """The files the step is sent with: what it produces, what its lane attaches on its first
        visit, and on the first step what the requester brings. Small PDFs, one content per
        request."""
        names = [o.nama for o in task.outputs if o.berkas and o.formulir is None]
        brought = {Source.DILAMPIRKAN} if task.visit == 1 else set()
        if task.step == definition.first_step.no:
            brought.add(Source.PEMOHON)
        names = [r.nama for r in task.requirements if r.sumber in brought] + names
        content = b"%PDF-1.4\n% Alur demo " + title.encode() + b"\n%%EOF\n"
        return {name: (io.BytesIO(content), f"{name[:60]}.pdf") for name in dict.fromkeys(names)}

    # --- acting, through the services -------------------------------------------------------

    def request(self, version: SopVersion, at: dt.datetime, requester: User) -> Case:
        """Open a request at ``at`` and work it until it ends or the history reaches ``now``."""
        self.opened += 1
        title = f"Aplikasi {self.rng.choice(APPLICATIONS)} {self.opened:03d}"
        definition = definition_of(version)
        engine = self._engine(definition)
        task = engine.open_steps(engine.start(at=at).state)[0]
        case = case_open(
            office=self.office,
            sop_code=version.sop.code,
            requester=requester,
            title=title,
            data=self.data_for(definition, task, title, at),
            uploads=self.uploads(definition, task, title),
            at=at,
        )
        self.run(case)
        return case

    def run(self, case: Case) -> None:
        """Act on the case's open steps until it ends or the history reaches ``now``."""
        definition = definition_of(case.sop_version)
        engine = self._engine(definition)
        while case.status == Case.Status.RUNNING:
            tasks = engine.open_steps(CaseState.from_json(case.state))
            if not tasks:
                return
            task = min(tasks, key=lambda t: (t.opened, t.step))
            if task.waiting_for_related_case:
                child = case.children.filter(parent_step=task.step).order_by("-pk").first()
                if child is None:
                    return
                self.run(child)
                child.refresh_from_db()
                if child.status == Case.Status.RUNNING:
                    return
                case.refresh_from_db()  # the child's end told the waiting step
                continue
            took = self.took(definition, task)
            at = self.calendar.add_office_minutes(task.opened, took)
            self._start(case, definition, task, took)
            if at > self.now:
                return
            case = self._complete(case, definition, task, at)

    def _start(self, case: Case, definition: SopDefinition, task: OpenTask, took: int) -> None:
        """Most visits are started by the person who will do them, a share of the way into
        the time they take (before ``now``: a step still open may have been started)."""
        if self.starting.random() >= STARTED_SHARE or took < 2:
            return
        waited = max(1, round(took * self.starting.uniform(0.1, 0.8)))
        at = self.calendar.add_office_minutes(task.opened, waited)
        if at > self.now:
            return
        lane = next(lane for lane in task.lanes if lane not in task.confirmed_by)
        task_start(case=case, step=task.step, actor=self._actor(case, definition, lane), at=at)

    def _complete(
        self, case: Case, definition: SopDefinition, task: OpenTask, at: dt.datetime
    ) -> Case:
        decision, note = self.decide(task)
        data = self.data_for(definition, task, case.title, at)
        uploads = self.uploads(definition, task, case.title)
        for lane in [lane for lane in task.lanes if lane not in task.confirmed_by]:
            case = task_act(
                case=case,
                step=task.step,
                actor=self._actor(case, definition, lane),
                decision=decision,
                note=note,
                data=data,
                uploads=uploads,
                at=at,
            )
            uploads = {}
            if CaseState.from_json(case.state).open_step(task.step) is None:
                break
        return case

    def _actor(self, case: Case, definition: SopDefinition, lane_id: str) -> User:
        lane = definition.lanes[lane_id]
        if lane.pemohon:
            return case.requester
        return self.holders.get(role_of(case.sop_version_id, lane), case.requester)

    def _engine(self, definition: SopDefinition) -> Engine:
        return Engine(definition, self.calendar)


def _answers(rng: random.Random) -> Answers:
    scores = {}
    for code in CODES:
        drawn = rng.gauss(3.2 + SCORE_SHIFT.get(code, 0.0), 0.6)
        scores[code] = min(4, max(1, round(drawn)))

    def pick(choices: tuple[tuple[str, Any], ...]) -> str:
        return rng.choice(choices)[0] if rng.random() < 0.85 else ""

    return Answers(
        scores=scores,
        gender=pick(GENDERS),
        education=pick(EDUCATIONS),
        occupation=pick(OCCUPATIONS),
        age=pick(AGES),
        suggestion=rng.choice(SUGGESTIONS) if rng.random() < 0.3 else "",
    )


def _survey_answered(office: Office, now: dt.datetime, rng: random.Random) -> None:
    """About three requesters in four answer, one to ten days after their request ended."""
    invitations = Invitation.objects.filter(case__office=office, used_at__isnull=True).order_by(
        "offered_at", "pk"
    )
    for invitation in invitations:
        if rng.random() >= 0.75:
            continue
        at = invitation.offered_at + dt.timedelta(hours=rng.uniform(2, 240))
        if at > now:
            continue
        response_submit(invitation=invitation, answers=_answers(rng), channel="aplikasi", at=at)


def demo_year_load(*, now: dt.datetime | None = None, seed: int = 2026) -> int:
    """Write a year of requests up to ``now`` for each demo office without cases; returns how
    many cases were written (related cases included)."""
    now = now or timezone.now()
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    answering = random.Random(seed + 1)  # noqa: S311 - demo data, not security
    starting = random.Random(seed + 2)  # noqa: S311 - demo data, not security
    written = 0
    for spec in OFFICES:
        office = Office.objects.filter(code=spec.code).first()
        if office is None or Case.objects.filter(office=office).exists():
            continue
        # History written after the fact is no one's news: nobody is notified of it.
        with transaction.atomic(), quietly():
            writer = _Office(office, now, rng, starting)
            plan = []
            for sop, version in office_sops(office):
                count = CASES_PER_SOP.get(sop.code, 12)
                plan += [(at, version) for at in writer.opening_moments(count)]
            for at, version in sorted(plan, key=lambda item: item[0]):
                writer.request(version, at, rng.choice(writer.requesters))
            _survey_answered(office, now, answering)
            written += Case.objects.filter(office=office).count()
    return written
