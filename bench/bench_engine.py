"""Alur's engine against SpiffWorkflow on SOP 5, each saving its state after every step.

    .venv/bin/python bench/bench_engine.py

The case: SOP 5 (Layanan Permohonan Pembuatan Aplikasi) with the re-plan loop (11 tidak → 9) and
the re-development loop (14 tidak → 12) each taken once: 22 completions,
1 2 3 4 5 6 8 9 10 11 9 10 11 12 13 14 12 13 14 15 16 17.

After every completion the case's state is written to JSON text and read back, and the case goes
on from the copy that was read, as a web request would (load, act, save):

    Alur    state.dumps() / CaseState.loads(text): the same JSON as json.dumps(state.to_json()),
            written and read by msgspec against the typed wire form
    Spiff   BpmnWorkflowSerializer with its documented default configuration (DEFAULT_CONFIG):
            serialize_json / deserialize_json, on the BPMN that ``alur.sop.to_bpmn`` exports

A completion is timed from finding the open task to having the reloaded state, in four phases:
find (Alur reads ``state.open_steps``, the step a request names; Spiff must look the READY user
task up in its task tree), complete, serialise, deserialise. Alur's ``engine.open_steps`` (the
task list a page shows) is timed apart. Parsing the definition and building the engine happen
once, outside the timings, as a host would cache them. The garbage collector is held off while
a series runs, as ``timeit`` does; each series starts with an untimed warm-up run.

Then a second Alur series takes the re-plan loop 50 times, to show the cost of a step does not
grow with the case's history.

Exits 1 if Spiff/Alur per step is under 50, if Alur's 22nd completion costs more than 1.5x its
1st (or the reverse), or if a re-plan step on visit 50 costs more than 1.5x the same on visit 1.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere: make the repository importable
    sys.path.insert(0, str(ROOT))

from SpiffWorkflow import TaskState  # noqa: E402
from SpiffWorkflow.bpmn import BpmnWorkflow  # noqa: E402
from SpiffWorkflow.bpmn.parser import BpmnParser  # noqa: E402
from SpiffWorkflow.bpmn.serializer import DEFAULT_CONFIG, BpmnWorkflowSerializer  # noqa: E402

from alur.sop import Sop, load  # noqa: E402
from alur.sop._bpmn.export import decision_variable, process_id, to_bpmn  # noqa: E402
from alur.sop._runtime.calendar import OfficeCalendar  # noqa: E402
from alur.sop._runtime.engine import Engine  # noqa: E402
from alur.sop._runtime.state import CaseState  # noqa: E402

SOP_5 = ROOT / "sops" / "05-permohonan-pembuatan-aplikasi.yaml"
ZONE = "Asia/Makassar"  # Kabupaten Sumbawa keeps WITA
START = datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo(ZONE))

EXPECTED_PATH = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 9, 10, 11, 12, 13, 14, 12, 13, 14, 15, 16, 17]
ALUR_REPEATS = 30
SPIFF_REPEATS = 10
LONG_REPEATS = 10
REPLANS = 50

MIN_SPEEDUP = 50.0
MAX_DRIFT = 1.5

Answers = dict[int, list[str]]


def answers(replans: int, redevelopments: int) -> Answers:
    """Decisions for SOP 5: available, ``replans`` re-plans, ``redevelopments`` re-developments."""
    return {
        6: ["ya"],
        11: ["tidak"] * replans + ["ya"],
        14: ["tidak"] * redevelopments + ["ya"],
    }


PHASES = ("find", "complete", "serialise", "deserialise")


@dataclass
class Run:
    """One case from start to end: the step of each completion, its cost and the state after it."""

    steps: list[int]
    seconds: list[float]
    """Each completion's whole cost: the sum of its ``parts``."""
    parts: list[tuple[float, float, float, float]]
    """Each completion's cost by phase, as in ``PHASES``."""
    sizes: list[int]
    """Bytes of state JSON after each completion."""

    def record(
        self, step: int, marks: tuple[float, float, float, float, float], text: str | bytes
    ) -> None:
        began, found, completed, written, read = marks
        self.steps.append(step)
        self.seconds.append(read - began)
        self.parts.append((found - began, completed - found, written - completed, read - written))
        self.sizes.append(len(text.encode("utf-8") if isinstance(text, str) else text))


# --- Alur ----------------------------------------------------------------------------------------


def run_alur(engine: Engine, plan: Answers) -> Run:
    """The open step is read off the state itself (``state.open_steps``), as a request names it;
    ``engine.open_steps`` (the task list a page shows, with requirements and options) is measured
    apart in ``alur_task_list``."""
    remaining = {step: list(choices) for step, choices in plan.items()}
    lane_of = {step.no: step.lanes[0] for step in engine.sop.langkah}
    state = CaseState.loads(engine.start(at=START).state.dumps())
    at = START
    run = Run([], [], [], [])
    clock = time.perf_counter
    while True:
        began = clock()
        if not state.open_steps:
            break
        step = state.open_steps[0].step
        choice = remaining[step].pop(0) if step in remaining else None
        at += timedelta(hours=1)
        found = clock()
        state = engine.complete(state, step=step, lane=lane_of[step], at=at, decision=choice).state
        completed = clock()
        text = state.dumps()
        written = clock()
        state = CaseState.loads(text)
        run.record(step, (began, found, completed, written, clock()), text)
    if state.status.value != "selesai":
        raise SystemExit(f"Alur ended the case as {state.status.value}")
    return run


def alur_task_list(engine: Engine, plan: Answers) -> float:
    """Mean cost of ``engine.open_steps`` over the states of one run (not in the run's timing)."""
    remaining = {step: list(choices) for step, choices in plan.items()}
    lane_of = {step.no: step.lanes[0] for step in engine.sop.langkah}
    state = engine.start(at=START).state
    at = START
    spent: list[float] = []
    while state.open_steps:
        began = time.perf_counter()
        engine.open_steps(state)
        spent.append(time.perf_counter() - began)
        step = state.open_steps[0].step
        choice = remaining[step].pop(0) if step in remaining else None
        at += timedelta(hours=1)
        state = engine.complete(state, step=step, lane=lane_of[step], at=at, decision=choice).state
    return statistics.fmean(spent)


# --- SpiffWorkflow --------------------------------------------------------------------------------


def spiff_serializer() -> BpmnWorkflowSerializer:
    """The serializer as SpiffWorkflow documents it, with the default configuration."""
    registry = BpmnWorkflowSerializer.configure(DEFAULT_CONFIG)
    return BpmnWorkflowSerializer(registry)


def spiff_spec(sop: Sop) -> object:
    parser = BpmnParser()
    parser.add_bpmn_str(to_bpmn(sop))
    return parser.get_spec(process_id(sop))


def run_spiff(spec: object, serializer: BpmnWorkflowSerializer, plan: Answers) -> Run:
    """The READY user task is found in the workflow (Spiff has no other address for it)."""
    remaining = {step: list(choices) for step, choices in plan.items()}
    workflow = BpmnWorkflow(spec)
    workflow.do_engine_steps()
    workflow = serializer.deserialize_json(serializer.serialize_json(workflow))
    run = Run([], [], [], [])
    clock = time.perf_counter
    while True:
        began = clock()
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        if not ready:
            break
        task = ready[0]
        step = int(task.task_spec.bpmn_id.removeprefix("step_"))
        found = clock()
        if step in remaining:
            task.set_data(**{decision_variable(step): remaining[step].pop(0)})
        task.run()
        workflow.do_engine_steps()
        completed = clock()
        text = serializer.serialize_json(workflow)
        written = clock()
        workflow = serializer.deserialize_json(text)
        run.record(step, (began, found, completed, written, clock()), text)
    if not workflow.is_completed():
        raise SystemExit("SpiffWorkflow stopped before the end of the case")
    return run


# --- measuring ------------------------------------------------------------------------------------


def repeat(times: int, once: Callable[[], Run]) -> list[Run]:
    """``times`` runs after one warm-up, with the cyclic garbage collector held off throughout.

    As ``timeit`` does. Collecting before each run instead would leave the caches cold for the
    first completion of every run, and that is the harness, not the engine.
    """
    gc.collect()
    gc.disable()
    try:
        once()
        return [once() for _ in range(times)]
    finally:
        gc.enable()
        gc.collect()


def per_step(runs: list[Run], pick: Callable[[list[float]], float]) -> float:
    """``pick`` (min or median) over runs of a run's mean completion cost, in seconds."""
    return pick([sum(r.seconds) / len(r.seconds) for r in runs])


def median_at(runs: list[Run], index: int) -> float:
    """The median over runs of one completion's cost: one completion is a few microseconds, so a
    single preemption on this shared machine would swing a mean; the median ignores it."""
    return statistics.median(r.seconds[index] for r in runs)


def positions(run: Run, step: int) -> Iterator[int]:
    return (i for i, s in enumerate(run.steps) if s == step)


def us(seconds: float) -> str:
    return f"{seconds * 1e6:9.1f} µs"


def phase_means(runs: list[Run]) -> list[float]:
    """Mean cost per completion of each phase, over all completions of all runs."""
    parts = [part for run in runs for part in run.parts]
    return [statistics.fmean(p[i] for p in parts) for i in range(len(PHASES))]


def main() -> int:
    began = time.perf_counter()
    sop = load(SOP_5)
    engine = Engine(sop, OfficeCalendar(zone=ZONE))
    spec = spiff_spec(sop)
    serializer = spiff_serializer()
    plan = answers(replans=1, redevelopments=1)

    alur = repeat(ALUR_REPEATS, lambda: run_alur(engine, plan))
    spiff = repeat(SPIFF_REPEATS, lambda: run_spiff(spec, serializer, plan))
    for name, runs in (("Alur", alur), ("SpiffWorkflow", spiff)):
        if any(r.steps != EXPECTED_PATH for r in runs):
            print(f"{name} took another path: {runs[0].steps}")
            return 1
    failures: list[str] = []

    alur_min, spiff_min = per_step(alur, min), per_step(spiff, min)
    alur_median = per_step(alur, statistics.median)
    spiff_median = per_step(spiff, statistics.median)
    speedup = spiff_min / alur_min
    print(f"SOP 5, {len(EXPECTED_PATH)} completions, state saved and reloaded after each one")
    print(f"  path: {' '.join(map(str, EXPECTED_PATH))}")
    print()
    print("Per completion (a run's mean over its 22 completions; min and median over runs)")
    print(f"  {'':14} {'min':>12} {'median':>12}")
    print(f"  {'Alur':14} {us(alur_min):>12} {us(alur_median):>12}   ({ALUR_REPEATS} runs)")
    spiff_runs = f"({SPIFF_REPEATS} runs)"
    print(f"  {'SpiffWorkflow':14} {us(spiff_min):>12} {us(spiff_median):>12}   {spiff_runs}")
    print(
        f"  {'Spiff / Alur':14} {speedup:10.1f} x {spiff_median / alur_median:10.1f} x"
        f"   (min must be >= {MIN_SPEEDUP:.0f})"
    )
    if speedup < MIN_SPEEDUP:
        failures.append(f"Spiff/Alur per completion is {speedup:.1f}x, under {MIN_SPEEDUP:.0f}x")
    print()
    print("Where a completion's time goes (mean over all completions)")
    print(f"  {'':14}" + "".join(f"{phase:>13}" for phase in PHASES))
    for name, runs in (("Alur", alur), ("SpiffWorkflow", spiff)):
        print(f"  {name:14}" + "".join(f"{us(t):>13}" for t in phase_means(runs)))
    task_list = alur_task_list(engine, plan)
    print(f"  Alur's task list for a page (engine.open_steps), not in the above: {us(task_list)}")

    first, last = median_at(alur, 0), median_at(alur, -1)
    drift = last / first
    print()
    print("Alur, one completion incl. serialise + deserialise (median over runs)")
    print(f"  1st  (step {EXPECTED_PATH[0]:>2})  {us(first)}")
    print(f"  22nd (step {EXPECTED_PATH[-1]:>2})  {us(last)}")
    print(f"  22nd / 1st     {drift:9.2f}       (must be within {MAX_DRIFT}x either way)")
    if not 1 / MAX_DRIFT <= drift <= MAX_DRIFT:
        failures.append(f"Alur's 22nd completion costs {drift:.2f}x its 1st")
    print()
    print("State JSON after the completion (bytes), and Spiff's cost at each (median over runs)")
    print(f"  {'':14} {'1st':>8} {'22nd':>8}")
    print(f"  {'Alur':14} {alur[0].sizes[0]:8d} {alur[0].sizes[-1]:8d}")
    print(f"  {'SpiffWorkflow':14} {spiff[0].sizes[0]:8d} {spiff[0].sizes[-1]:8d}")
    spiff_first, spiff_last = us(median_at(spiff, 0)).strip(), us(median_at(spiff, -1)).strip()
    print(f"  SpiffWorkflow's completion costs {spiff_first} at the 1st, {spiff_last} at the 22nd")

    long_plan = answers(replans=REPLANS, redevelopments=0)
    long = repeat(LONG_REPEATS, lambda: run_alur(engine, long_plan))
    loop = (9, 10, 11)
    visits = {step: list(positions(long[0], step)) for step in loop}
    if any(len(v) != REPLANS + 1 for v in visits.values()):
        print(f"Alur took another path in the long series: {long[0].steps}")
        return 1
    print()
    print(
        f"Alur, SOP 5 with the re-plan loop (11 tidak -> 9) taken {REPLANS} times: "
        f"{len(long[0].steps)} completions, {LONG_REPEATS} runs, median over runs"
    )
    print(f"  {'step':>6} {'visit 1':>12} {f'visit {REPLANS}':>12} {'ratio':>7}")
    for step in loop:
        at_1 = median_at(long, visits[step][0])
        at_n = median_at(long, visits[step][REPLANS - 1])
        print(f"  {step:>6} {us(at_1):>12} {us(at_n):>12} {at_n / at_1:7.2f}")
    visit_1, visit_n = (
        statistics.fmean(median_at(long, visits[step][v]) for step in loop)
        for v in (0, REPLANS - 1)
    )
    flat = visit_n / visit_1
    print(f"  {'9-11':>6} {us(visit_1):>12} {us(visit_n):>12} {flat:7.2f}", end="")
    print(f"   (per step of the loop; must be within {MAX_DRIFT}x either way)")
    sizes = long[0].sizes
    print(
        f"  state JSON after step 9: {sizes[visits[9][0]]} bytes at visit 1, "
        f"{sizes[visits[9][REPLANS - 1]]} at visit {REPLANS}"
    )
    if not 1 / MAX_DRIFT <= flat <= MAX_DRIFT:
        failures.append(
            f"a re-plan step costs {flat:.2f}x on visit {REPLANS} what it did on visit 1"
        )

    print()
    print(f"total bench time {time.perf_counter() - began:.1f} s")
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
