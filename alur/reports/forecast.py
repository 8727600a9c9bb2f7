"""When a running case will most likely end, learnt from the office's own ended cases of its SOP.
Pure computation over plain values: the database side is ``forecast_history``.

    Chart.of(sop)           the SOP's graph as the engine runs it: what follows each step, on
                            each answer of a decision (connectors passed through, ends as None)
    History.of(visits)      each step's observed working minutes, each decision's observed
                            answers (per visit number, loops included)
    Forecaster(chart, history)
      .remaining(position)  office minutes to the end, P50 and P80 (Monte Carlo, seeded)

A run starts from each open step: what is left of it (drawn from the past visits of that step
that lasted longer than it has so far, less its elapsed time), then the rest of the way, each
step's time drawn from its past visits and each decision's answer from its past answers, until
an end. The rest of the way from a step does not depend on the case, only on the step and its
visit number, so it is drawn once per history (``RUNS`` runs) and shared by every case at that
step; a case adds its own draws of what is left of its open step, seeded from the case and the
history, so a page shows the same forecast until the case moves or a case of the SOP ends.

A decision step taken more than ``LOOP_GUARD`` times in one run takes a way that does not go
back; a step no past case visited takes the SOP's allowed time.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from alur.sop import Decision, Duration, Engine, OfficeCalendar, StepKind, Unit
from alur.sop import Sop as SopDefinition

MIN_CASES = 10
"""Fewer ended cases of the SOP than this, and the SOP's allowed times answer instead."""
RUNS = 400
"""Monte Carlo runs per forecast."""
LOOP_GUARD = 5
"""A decision visited more often than this in one run takes a way that does not loop back."""
MIN_ANSWERS = 5
"""Answers of a decision on one visit number read apart from its other visits from this many."""
P50, P80 = 0.5, 0.8

End = None
"""Where a way leads when the case ends there."""


@dataclass(frozen=True)
class Chart:
    """The SOP's graph: for each step its ways out, ``(answer, next step or None)``; the answer
    is empty for a step that is not a decision. ``allowed`` is each step's allowed office time
    (0 without a deadline), taken for a step that history never saw."""

    ways: Mapping[int, tuple[tuple[str, int | None], ...]]
    allowed: Mapping[int, int]

    @classmethod
    def of(cls, sop: SopDefinition, calendar: OfficeCalendar) -> Chart:
        engine = Engine(sop, calendar)
        steps = sop.steps
        ways: dict[int, tuple[tuple[str, int | None], ...]] = {}
        for step in sop.langkah:
            if step.jenis is StepKind.PENGHUBUNG:
                continue
            if step.is_decision:
                ways[step.no] = tuple(
                    (option.decision.value, _landing(sop, option.goes_to))
                    for option in engine.options(step.no)
                )
            else:
                ways[step.no] = (("", _landing(sop, sop.next_of(steps[step.no]))),)
        per_day = calendar.minutes_per_day
        allowed = {no: _allowed(steps[no].duration, per_day) for no in ways}
        return cls(ways, allowed)

    @property
    def shape(self) -> tuple[tuple[int, tuple[tuple[str, int | None], ...]], ...]:
        """The graph alone, equal for two versions whose steps lead the same ways."""
        return tuple(sorted(self.ways.items()))


def _landing(sop: SopDefinition, no: int | None) -> int | None:
    """Where the flow stops at ``no``: connectors are passed through (``Engine._enter``)."""
    steps = sop.steps
    seen: set[int] = set()
    while no is not None and no in steps and steps[no].jenis is StepKind.PENGHUBUNG:
        if no in seen:
            return End
        seen.add(no)
        no = sop.next_of(steps[no])
    return no


def _allowed(duration: Duration, minutes_per_day: int) -> int:
    if duration.unit in (Unit.MINUTES, Unit.HOURS):
        return duration.office_minutes
    if duration.unit in (Unit.WORKING_DAYS, Unit.CALENDAR_DAYS):
        return duration.amount * minutes_per_day
    return 0


@dataclass(frozen=True)
class Visit:
    """One done visit of an ended case."""

    case: int
    step: int
    visit: int
    minutes: int
    """Office minutes from its opening to its completion."""
    decision: str = ""


@dataclass(frozen=True)
class History:
    cases: int
    """How many ended cases it was learnt from."""
    minutes: Mapping[int, tuple[int, ...]]
    """Each step's observed office minutes, sorted."""
    answers: Mapping[tuple[int, int], tuple[str, ...]]
    """Each decision's observed answers per visit number, and all its visits under visit 0."""
    key: str = ""
    """Names this history in the seeds of its draws."""

    @classmethod
    def of(cls, visits: Iterable[Visit]) -> History:
        minutes: dict[int, list[int]] = defaultdict(list)
        answers: dict[tuple[int, int], list[str]] = defaultdict(list)
        cases: set[int] = set()
        digest = hashlib.blake2b(digest_size=8)
        for visit in sorted(visits, key=lambda v: (v.case, v.step, v.visit)):
            cases.add(visit.case)
            minutes[visit.step].append(visit.minutes)
            if visit.decision:
                answers[visit.step, visit.visit].append(visit.decision)
                answers[visit.step, 0].append(visit.decision)
            digest.update(f"{visit.case}:{visit.step}:{visit.visit}:{visit.minutes};".encode())
        return cls(
            cases=len(cases),
            minutes={step: tuple(sorted(found)) for step, found in minutes.items()},
            answers={key: tuple(found) for key, found in answers.items()},
            key=digest.hexdigest(),
        )


@dataclass(frozen=True)
class Remaining:
    """Office minutes from now to the end: most likely (P50) and by then in four runs of five."""

    likely: int
    late: int


@dataclass
class Forecaster:
    """Forecasts for the running cases of one SOP from one history."""

    chart: Chart
    history: History
    runs: int = RUNS
    _tails: dict[tuple[int, int], list[int]] = field(default_factory=dict, repr=False)
    _choices: dict[tuple[int, int], list[str]] = field(default_factory=dict, repr=False)

    def remaining(self, open_steps: Sequence[tuple[int, int, int]], *, seed: str) -> Remaining:
        """Office minutes left for a case whose open steps are ``(step, visit, elapsed office
        minutes)``; ``seed`` names the case. With several open steps the latest end counts."""
        rng = random.Random(_seed(self.history.key, seed))  # noqa: S311 - a forecast, not security
        totals = [0] * self.runs
        for step, visit, elapsed in open_steps:
            if step not in self.chart.ways:
                continue
            tail = self._tail(step, visit)
            left = self._left(rng, step, elapsed)
            totals = [max(a, b + c) for a, b, c in zip(totals, left, tail, strict=True)]
        totals.sort()
        return Remaining(_quantile(totals, P50), _quantile(totals, P80))

    def _left(self, rng: random.Random, step: int, elapsed: int) -> list[int]:
        """``runs`` draws of what is left of an open step after ``elapsed``: a past visit that
        lasted longer, less ``elapsed``; any past visit when none lasted so long."""
        seen = self.history.minutes.get(step)
        if not seen:
            return [max(self.chart.allowed.get(step, 0) - elapsed, 0)] * self.runs
        longer = bisect.bisect_right(seen, elapsed)
        if longer == len(seen):
            return rng.choices(seen, k=self.runs)
        return [minutes - elapsed for minutes in rng.choices(seen[longer:], k=self.runs)]

    def _tail(self, step: int, visit: int) -> list[int]:
        """``runs`` draws of the office minutes from the completion of ``step`` (on ``visit``)
        to the end, its own answer included; drawn once per history."""
        key = (step, min(visit, LOOP_GUARD + 1))
        if key not in self._tails:
            seed = _seed(self.history.key, f"tail:{key[0]}:{key[1]}")
            rng = random.Random(seed)  # noqa: S311 - a forecast, not security
            self._tails[key] = [self._walk(rng, *key) for _ in range(self.runs)]
        return self._tails[key]

    def _walk(self, rng: random.Random, step: int, visit: int) -> int:
        visits = {step: visit}
        total = 0
        at: int | None = self._next(rng, step, visit)
        while at is not None:
            visits[at] = visits.get(at, 0) + 1
            total += self._draw(rng, at)
            at = self._next(rng, at, visits[at])
        return total

    def _draw(self, rng: random.Random, step: int) -> int:
        seen = self.history.minutes.get(step)
        return seen[rng.randrange(len(seen))] if seen else self.chart.allowed.get(step, 0)

    def _next(self, rng: random.Random, step: int, visit: int) -> int | None:
        ways = self.chart.ways.get(step, ())
        if not ways:
            return End
        if len(ways) == 1:
            return ways[0][1]
        if visit > LOOP_GUARD:
            onward = [to for _answer, to in ways if to is None or to > step]
            return onward[0] if onward else End
        known = dict(ways)
        answers = self._answers(step, visit, known)
        if not answers:
            return known.get(Decision.YA.value, ways[0][1])
        return known[answers[rng.randrange(len(answers))]]

    def _answers(self, step: int, visit: int, known: Mapping[str, int | None]) -> list[str]:
        """The past answers a run draws from on ``visit`` of decision ``step``: those of that
        visit when there are ``MIN_ANSWERS``, else those of it and later visits (a plan sent
        back twice is seldom sent back a third time), else all."""
        if (step, visit) not in self._choices:
            answers = self.history.answers
            own = [a for a in answers.get((step, visit), ()) if a in known]
            later = [
                a
                for (no, seen), found in sorted(answers.items())
                if no == step and seen >= visit
                for a in found
                if a in known
            ]
            if len(own) >= MIN_ANSWERS:
                chosen = own
            elif later:
                chosen = later
            else:
                chosen = [a for a in answers.get((step, 0), ()) if a in known]
            self._choices[step, visit] = chosen
        return self._choices[step, visit]


def _seed(*parts: str) -> int:
    return int.from_bytes(hashlib.blake2b("|".join(parts).encode(), digest_size=8).digest())


def _quantile(ordered: Sequence[int], share: float) -> int:
    """The nearest-rank quantile of sorted values."""
    if not ordered:
        return 0
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]
