"""The BPMN export: every seed exports to valid BPMN 2.0 that SpiffWorkflow runs as the SOP runs.

SpiffWorkflow is the reference here, not a dependency of ``alur.sop``: it parses each export
(validated against the BPMN 2.0 XSD it ships) and runs SOP 5 along the paths SOPS.md describes.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from spiff_run import Policy, run_in_spiff
from SpiffWorkflow.bpmn.parser import BpmnParser, BpmnValidator

from alur.sop import End, Sop, StepKind, load, target_step
from alur.sop._bpmn.export import (
    ALUR_NS,
    BPMN_NS,
    decision_condition,
    decision_variable,
    process_id,
    to_bpmn,
)

SOPS = Path(__file__).resolve().parents[2] / "sops"
SEEDS = sorted(SOPS.glob("*.yaml"))
SOP_5 = SOPS / "05-permohonan-pembuatan-aplikasi.yaml"
NS = {"bpmn": BPMN_NS, "alur": ALUR_NS}

FLOW_NODES = {"startEvent", "userTask", "exclusiveGateway", "endEvent"}


def _parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode("utf-8"))  # noqa: S314 - our own output, not untrusted input


def _root(sop: Sop) -> ET.Element:
    return _parse(to_bpmn(sop))


def _process(root: ET.Element) -> ET.Element:
    processes = root.findall("bpmn:process", NS)
    assert len(processes) == 1
    return processes[0]


def _count(process: ET.Element, tag: str) -> int:
    return len(process.findall(f"bpmn:{tag}", NS))


def _by_id(process: ET.Element) -> dict[str, ET.Element]:
    return {element.attrib["id"]: element for element in process if "id" in element.attrib}


# --- every seed ------------------------------------------------------------------------------


def test_all_five_seeds_are_there() -> None:
    assert {"01", "02", "03", "04", "05"} <= {path.name[:2] for path in SEEDS}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_seed_exports_one_executable_process_with_a_node_per_row(path: Path) -> None:
    sop = load(path)
    root = _root(sop)
    assert root.tag == f"{{{BPMN_NS}}}definitions"
    process = _process(root)
    assert process.attrib["id"] == process_id(sop) == sop.kode
    assert process.attrib["isExecutable"] == "true"
    assert process.attrib["name"] == sop.identitas.nama
    carried = process.find("bpmn:extensionElements/alur:sop", NS)
    assert carried is not None
    assert carried.attrib == {"kode": sop.kode, "format": "1"}
    nodes = _by_id(process)

    worked = [s for s in sop.langkah if s.jenis is not StepKind.PENGHUBUNG]
    tasks = process.findall("bpmn:userTask", NS)
    assert [t.attrib["id"] for t in tasks] == [f"step_{s.no}" for s in worked]
    assert [t.attrib["name"] for t in tasks] == [s.uraian for s in worked]
    decisions = [s for s in sop.langkah if s.is_decision]
    gateways = process.findall("bpmn:exclusiveGateway", NS)
    assert [g.attrib["id"] for g in gateways] == [f"gateway_{s.no}" for s in decisions]
    assert _count(process, "startEvent") == 1

    flows = process.findall("bpmn:sequenceFlow", NS)
    for flow in flows:
        assert flow.attrib["sourceRef"] in nodes
        assert flow.attrib["targetRef"] in nodes
    for step in decisions:
        out = [f for f in flows if f.attrib["sourceRef"] == f"gateway_{step.no}"]
        conditions = sorted(
            f.findtext("bpmn:conditionExpression", namespaces=NS) or "" for f in out
        )
        expected = sorted(decision_condition(step.no, c) for c in ("ya", "tidak"))
        assert conditions == expected

    # Every flow node sits in exactly one lane, and there is one lane per pelaksana.
    lanes = process.findall("bpmn:laneSet/bpmn:lane", NS)
    assert [lane.attrib["name"] for lane in lanes] == [lane.nama for lane in sop.pelaksana]
    refs = Counter(ref.text for lane in lanes for ref in lane.findall("bpmn:flowNodeRef", NS))
    flow_nodes = {i for i, e in nodes.items() if e.tag.split("}")[1] in FLOW_NODES}
    assert set(refs) == flow_nodes
    assert set(refs.values()) == {1}
    # ...a joint step in its first lane.
    for step in worked:
        lane = next(lane for lane in lanes if f"step_{step.no}" in _refs(lane))
        assert lane.attrib["id"] == f"lane_{step.lanes[0]}"


def _refs(lane: ET.Element) -> set[str]:
    return {ref.text or "" for ref in lane.findall("bpmn:flowNodeRef", NS)}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_kelengkapan_waktu_and_output_travel_with_each_task(path: Path) -> None:
    sop = load(path)
    process = _process(_root(sop))
    for step in sop.langkah:
        if step.jenis is StepKind.PENGHUBUNG:
            continue
        task = process.find(f"bpmn:userTask[@id='step_{step.no}']", NS)
        assert task is not None
        row = task.find("bpmn:extensionElements/alur:langkah", NS)
        assert row is not None
        assert row.attrib["no"] == str(step.no)
        assert row.attrib["jenis"] == step.jenis.value
        lanes = [lane.attrib["lajur"] for lane in row.findall("alur:pelaksana", NS)]
        assert lanes == list(step.lanes)
        assert row.findtext("alur:waktu", namespaces=NS) == step.waktu
        requirements = [r.attrib["nama"] for r in row.findall("alur:kelengkapan", NS)]
        assert requirements == [r.nama for r in step.requirements]
        outputs = [o.attrib["nama"] for o in row.findall("alur:output", NS)]
        assert outputs == [o.nama for o in step.outputs]
        documentation = task.findtext("bpmn:documentation", namespaces=NS) or ""
        assert f"Waktu: {step.waktu or '—'}" in documentation
        for name in [*requirements, *outputs]:
            assert name in documentation


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_seed_export_is_valid_bpmn_and_spiffworkflow_parses_it(path: Path) -> None:
    sop = load(path)
    parser = BpmnParser(validator=BpmnValidator())  # the BPMN 2.0 XSD shipped with Spiff
    parser.add_bpmn_str(to_bpmn(sop))
    assert parser.get_process_ids() == [process_id(sop)]
    spec = parser.get_spec(process_id(sop))
    user_tasks = {name for name in spec.task_specs if name.startswith("step_")}
    assert user_tasks == {f"step_{s.no}" for s in sop.langkah if s.jenis is not StepKind.PENGHUBUNG}


def test_the_exported_text_is_a_str_lxml_accepts_and_a_file_spiff_reads(tmp_path: Path) -> None:
    sop = load(SOP_5)
    text = to_bpmn(sop)
    assert text.startswith('<?xml version="1.0"?>')
    file = tmp_path / "sop5.bpmn"
    file.write_text(text, encoding="utf-8")
    parser = BpmnParser()
    parser.add_bpmn_file(str(file))
    assert parser.get_spec(sop.kode).name == sop.kode


# --- SOP 5 in detail --------------------------------------------------------------------------
#
# From SOPS.md: lanes OPD (its own lane, reading), Kepala Dinas, Kepala Bidang TI, Kepala Seksi
# Aplikasi & E-Government, Tim Pengembang Aplikasi; 17 rows, none of them a connector, so 17
# user tasks; 3 decisions (6, 11, 14), so 3 gateways; two ends: step 7 (not built) and step 17.
# Flows: start→1; one out of each of the 14 non-decision rows (1-5, 7-10, 12, 13, 15-17, the
# outs of 7 and 17 into their end events); per decision task→gateway plus ya and tidak:
# 1 + 14 + 3 x 3 = 24.

SOP_5_LANES = {
    "lane_opd": ["start", "step_1", "step_11", "gateway_11", "step_14", "gateway_14"],
    "lane_kadis": ["step_2"],
    "lane_kabid-ti": ["step_3", "step_6", "gateway_6", "step_7", "step_16", "end_7"],
    "lane_kasi-aplikasi": ["step_4", "step_5", "step_8"],
    "lane_tim-pengembang": [
        "step_9",
        "step_10",
        "step_12",
        "step_13",
        "step_15",
        "step_17",
        "end_17",
    ],
}
SOP_5_DECISION_FLOWS = {
    # id: (source, target, name, condition)
    "flow_6_ya": ("gateway_6", "step_8", "ya", 'keputusan_6 == "ya"'),
    "flow_6_tidak": ("gateway_6", "step_7", "tidak", 'keputusan_6 == "tidak"'),
    "flow_11_ya": ("gateway_11", "step_12", "ya", 'keputusan_11 == "ya"'),
    "flow_11_tidak": ("gateway_11", "step_9", "tidak", 'keputusan_11 == "tidak"'),
    "flow_14_ya": ("gateway_14", "step_15", "ya", 'keputusan_14 == "ya"'),
    "flow_14_tidak": ("gateway_14", "step_12", "tidak", 'keputusan_14 == "tidak"'),
}


def test_sop_5_has_the_counts_read_from_the_seed() -> None:
    process = _process(_root(load(SOP_5)))
    assert _count(process, "laneSet") == 1
    assert len(process.findall("bpmn:laneSet/bpmn:lane", NS)) == 5
    assert _count(process, "startEvent") == 1
    assert _count(process, "userTask") == 17
    assert _count(process, "exclusiveGateway") == 3
    assert _count(process, "endEvent") == 2
    assert _count(process, "sequenceFlow") == 24
    assert len(process.findall("bpmn:sequenceFlow/bpmn:conditionExpression", NS)) == 6
    kinds = Counter(child.tag.split("}")[1] for child in process)
    assert set(kinds) == {
        "documentation",
        "extensionElements",
        "laneSet",
        "startEvent",
        "userTask",
        "exclusiveGateway",
        "endEvent",
        "sequenceFlow",
    }


def test_sop_5_lanes_hold_their_steps_gateways_and_ends() -> None:
    process = _process(_root(load(SOP_5)))
    lanes = {
        lane.attrib["id"]: [ref.text for ref in lane.findall("bpmn:flowNodeRef", NS)]
        for lane in process.findall("bpmn:laneSet/bpmn:lane", NS)
    }
    assert lanes == SOP_5_LANES


def test_sop_5_decisions_branch_on_ya_and_tidak() -> None:
    process = _process(_root(load(SOP_5)))
    flows = {f.attrib["id"]: f for f in process.findall("bpmn:sequenceFlow", NS)}
    for flow_id, (source, target, name, condition) in SOP_5_DECISION_FLOWS.items():
        flow = flows[flow_id]
        assert (flow.attrib["sourceRef"], flow.attrib["targetRef"]) == (source, target)
        assert flow.attrib["name"] == name
        assert flow.findtext("bpmn:conditionExpression", namespaces=NS) == condition
    for step in (6, 11, 14):
        assert flows[f"flow_{step}"].attrib["sourceRef"] == f"step_{step}"
        assert flows[f"flow_{step}"].attrib["targetRef"] == f"gateway_{step}"
        gateway = process.find(f"bpmn:exclusiveGateway[@id='gateway_{step}']", NS)
        assert gateway is not None
        assert [o.text for o in gateway.findall("bpmn:outgoing", NS)] == [
            f"flow_{step}_ya",
            f"flow_{step}_tidak",
        ]
        # named with the question the uraian ends with; 11 and 14 ask none
        assert gateway.get("name") == {6: "Apakah tersedia?", 11: None, 14: None}[step]
        marker = gateway.find("bpmn:extensionElements/alur:keputusan", NS)
        assert marker is not None
        assert marker.attrib["variabel"] == decision_variable(step)


def test_sop_5_final_steps_flow_into_end_events_with_their_outcome() -> None:
    process = _process(_root(load(SOP_5)))
    ends = {e.attrib["id"]: e for e in process.findall("bpmn:endEvent", NS)}
    assert set(ends) == {"end_7", "end_17"}
    assert ends["end_7"].attrib["name"] == "Dihentikan"
    assert ends["end_17"].attrib["name"] == "Selesai"
    outcome = ends["end_7"].find("bpmn:extensionElements/alur:akhir", NS)
    assert outcome is not None
    assert outcome.attrib == {"hasil": "dihentikan", "langkah": "7"}
    flows = {
        (f.attrib["sourceRef"], f.attrib["targetRef"])
        for f in process.findall("bpmn:sequenceFlow", NS)
    }
    assert ("step_7", "end_7") in flows
    assert ("step_17", "end_17") in flows


def test_sop_5_waktu_travels_parsed() -> None:
    process = _process(_root(load(SOP_5)))
    waktu = process.find(
        "bpmn:userTask[@id='step_12']/bpmn:extensionElements/alur:langkah/alur:waktu", NS
    )
    assert waktu is not None
    assert waktu.text == "Maksimal 35 Hari Kerja"
    assert waktu.attrib == {"satuan": "working_days", "jumlah": "35", "maksimal": "true"}
    source = process.find(
        "bpmn:userTask[@id='step_4']/bpmn:extensionElements/alur:langkah/alur:kelengkapan", NS
    )
    assert source is not None
    assert source.attrib == {
        "nama": "Disposisi Dinas",
        "sumber": "langkah",
        "dari": "3",
        "wajib": "true",
    }


# --- running the exports in SpiffWorkflow ---------------------------------------------------------


def _scripted(answers: dict[int, list[str]]) -> Policy:
    def policy(step: int, visit: int) -> str:
        return answers[step][visit - 1]

    return policy


def _walk(sop: Sop, policy: Policy, limit: int = 200) -> tuple[list[int], str]:
    """The path the SOP itself prescribes, read off the model (independent of any engine)."""
    done: list[int] = []
    visits: Counter[int] = Counter()
    number = sop.first_step.no
    while len(done) <= limit:
        step = sop.steps[number]
        if step.jenis is StepKind.PENGHUBUNG:
            following = sop.next_of(step)
            if following is None:
                return done, f"end_{step.no}"
            number = following
            continue
        done.append(step.no)
        visits[step.no] += 1
        if step.is_decision:
            choice = policy(step.no, visits[step.no])
            branch = step.ya if choice == "ya" else step.tidak
            assert branch is not None
            if isinstance(branch, End):
                return done, f"end_{step.no}_{choice}"
            following = target_step(branch)
        else:
            following = sop.next_of(step)
        if following is None:
            return done, f"end_{step.no}"
        number = following
    raise AssertionError(f"no end within {limit} steps: {done}")


def _always_ya(step: int, visit: int) -> str:
    return "ya"


def _tidak_first(step: int, visit: int) -> str:
    return "tidak" if visit == 1 else "ya"


def _ya_first_then_tidak(step: int, visit: int) -> str:
    return "ya" if visit == 1 else "tidak"


@pytest.mark.parametrize("policy", [_always_ya, _tidak_first, _ya_first_then_tidak])
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_spiff_follows_every_seed_as_the_sop_prescribes(path: Path, policy: Policy) -> None:
    sop = load(path)
    assert run_in_spiff(sop, policy) == _walk(sop, policy)


# --- shapes the seeds do not all have ----------------------------------------------------------


def test_connectors_are_pass_through_and_end_branches_end_with_their_reason(
    make_sop: Callable[..., Sop],
) -> None:
    sop = make_sop(
        [
            {"no": 1, "jenis": "mulai", "uraian": "Mengajukan.", "pelaksana": "pemohon"},
            {
                "no": 2,
                "jenis": "keputusan",
                "uraian": "Lengkap?",
                "pelaksana": ["petugas", "pemohon"],
                "ya": {"ke": 3, "label": "Lengkap"},
                "tidak": {"akhir": "dikembalikan", "alasan": "Berkas tidak lengkap."},
            },
            {"no": 3, "jenis": "penghubung", "uraian": "Ke halaman 2.", "pelaksana": "petugas"},
            {"no": 4, "jenis": "selesai", "uraian": "Menerbitkan.", "pelaksana": "petugas"},
        ]
    )
    process = _process(_root(sop))
    nodes = _by_id(process)
    assert "step_3" not in nodes
    flow = nodes["flow_2_ya"]
    assert (flow.attrib["sourceRef"], flow.attrib["targetRef"]) == ("gateway_2", "step_4")
    assert flow.attrib["name"] == "Lengkap"
    via = flow.find("bpmn:extensionElements/alur:melalui/alur:langkah", NS)
    assert via is not None
    assert via.attrib == {"no": "3", "jenis": "penghubung"}
    assert via.findtext("alur:uraian", namespaces=NS) == "Ke halaman 2."
    branch = flow.find("bpmn:extensionElements/alur:cabang", NS)
    assert branch is not None
    assert branch.attrib == {"keputusan": "ya", "ke": "3", "label": "Lengkap", "bentuk": "pemetaan"}

    returned = nodes["flow_2_tidak"]
    assert returned.attrib["targetRef"] == "end_2_tidak"
    end = nodes["end_2_tidak"]
    assert end.tag == f"{{{BPMN_NS}}}endEvent"
    assert end.attrib["name"] == "Berkas tidak lengkap."
    outcome = end.find("bpmn:extensionElements/alur:akhir", NS)
    assert outcome is not None
    assert outcome.attrib["hasil"] == "dikembalikan"

    # the joint decision sits in its first lane, with its gateway
    petugas = process.find("bpmn:laneSet/bpmn:lane[@id='lane_petugas']", NS)
    assert petugas is not None
    assert {"step_2", "gateway_2", "end_2_tidak", "step_4", "end_4"} <= _refs(petugas)
    row = nodes["step_2"].find("bpmn:extensionElements/alur:langkah", NS)
    assert row is not None
    assert [p.attrib["lajur"] for p in row.findall("alur:pelaksana", NS)] == ["petugas", "pemohon"]

    assert run_in_spiff(sop, _always_ya) == ([1, 2, 4], "end_4")
    assert run_in_spiff(sop, _tidak_first) == ([1, 2], "end_2_tidak")


def test_a_connector_at_the_end_of_the_table_ends_the_case(make_sop: Callable[..., Sop]) -> None:
    sop = make_sop(
        [
            {"no": 1, "jenis": "mulai", "uraian": "Mulai.", "pelaksana": "a"},
            {
                "no": 2,
                "jenis": "keputusan",
                "uraian": "Lanjut?",
                "pelaksana": "a",
                "ya": 4,
                "tidak": 3,
            },
            {"no": 3, "uraian": "Mencatat.", "pelaksana": "a", "lanjut": 5},
            {"no": 4, "uraian": "Memproses.", "pelaksana": "a"},
            {
                "no": 5,
                "jenis": "penghubung",
                "uraian": "Selesai di halaman lain.",
                "pelaksana": "a",
            },
        ]
    )
    nodes = _by_id(_process(_root(sop)))
    assert nodes["flow_3"].attrib["targetRef"] == "end_5"
    assert nodes["flow_4"].attrib["targetRef"] == "end_5"
    row = nodes["step_3"].find("bpmn:extensionElements/alur:langkah", NS)
    assert row is not None
    assert row.attrib["lanjut"] == "5"
    assert run_in_spiff(sop, _always_ya) == ([1, 2, 4], "end_5")
    assert run_in_spiff(sop, _tidak_first) == ([1, 2, 3], "end_5")


def test_a_kode_that_starts_with_a_digit_gets_a_valid_process_id(
    make_sop: Callable[..., Sop],
) -> None:
    sop = make_sop(
        [{"no": 1, "jenis": "mulai", "uraian": "Mulai.", "pelaksana": "a"}], kode="5-layanan"
    )
    assert process_id(sop) == "sop_5-layanan"
    parser = BpmnParser(validator=BpmnValidator())
    parser.add_bpmn_str(to_bpmn(sop))
    assert parser.get_process_ids() == ["sop_5-layanan"]


def test_the_exporter_imports_neither_spiffworkflow_nor_django() -> None:
    code = (
        "import sys, alur.sop._bpmn.export; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'SpiffWorkflow')); "
        "print(','.join(bad))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def _all_ids(root: ET.Element) -> Iterator[str]:
    for element in root.iter():
        if "id" in element.attrib and element.tag.startswith(f"{{{BPMN_NS}}}"):
            yield element.attrib["id"]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_ids_are_unique_and_the_export_is_deterministic(path: Path) -> None:
    sop = load(path)
    text = to_bpmn(sop)
    assert text == to_bpmn(sop)
    ids = Counter(_all_ids(_parse(text)))
    assert [i for i, n in ids.items() if n > 1] == []


def test_the_process_documentation_leaves_out_an_empty_government_and_office() -> None:
    sop = load(SOP_5)
    identity = sop.identitas.model_copy(update={"pemerintah": None, "instansi": None})
    process = _process(_root(sop.model_copy(update={"identitas": identity})))

    documentation = process.findtext("bpmn:documentation", namespaces=NS)

    assert documentation == f"{identity.nama}\nNomor SOP: {identity.nomor}"


def test_the_process_documentation_names_the_office_alone_when_the_government_is_empty() -> None:
    sop = load(SOP_5)
    identity = sop.identitas.model_copy(update={"pemerintah": None})
    process = _process(_root(sop.model_copy(update={"identitas": identity})))

    documentation = process.findtext("bpmn:documentation", namespaces=NS) or ""

    assert documentation.splitlines()[1] == identity.instansi
