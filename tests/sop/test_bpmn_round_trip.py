"""Every seed goes out as laid-out, schema-valid BPMN 2.0 and comes back as the same SOP."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations, pairwise
from pathlib import Path

import pytest
from lxml import etree

from alur.sop import Sop, StartSchedule, check_text, dumps, from_bpmn, load, to_bpmn
from alur.sop._bpmn.export import ALUR_NS
from alur.sop._bpmn.graph import process_graph
from alur.sop._bpmn.layout import Box, layout
from alur.sop._definition.model import Every

SOPS = Path(__file__).resolve().parents[2] / "sops"
SEEDS = sorted(SOPS.glob("*.yaml"))
XSD = Path(__file__).parent / "bpmn_xsd" / "BPMN20.xsd"
WITH_REFERENCES = Path(__file__).resolve().parents[1] / "cases" / "sops" / "rujukan.yaml"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
ALUR = {"alur": ALUR_NS}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def _tree(sop: Sop) -> etree._Element:
    return etree.fromstring(to_bpmn(sop).encode("utf-8"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_seed_export_validates_against_the_omg_bpmn_xsd(
    path: Path, schema: etree.XMLSchema
) -> None:
    valid = schema.validate(_tree(load(path)))
    assert [str(e) for e in schema.error_log] == []
    assert valid


def test_references_go_out_schema_valid_and_come_back_field_by_field(
    schema: etree.XMLSchema,
) -> None:
    sop = load(WITH_REFERENCES)
    tree = _tree(sop)
    assert schema.validate(tree), [str(e) for e in schema.error_log]
    carried = tree.findall(
        "bpmn:process/bpmn:extensionElements/alur:sop/alur:rujukan/alur:item",
        {
            **NS,
            **ALUR,
        },
    )
    assert len(carried) == 4
    step = tree.find("bpmn:process/bpmn:userTask[@id='step_3']", NS)
    assert step is not None
    documentation = step.findtext("bpmn:documentation", namespaces=NS) or ""
    assert "Rujukan:\n- Templat Berita Acara Aktivasi Subdomain" in documentation

    result = from_bpmn(to_bpmn(sop))

    assert result.problems == ()
    assert result.sop is not None
    assert result.sop.model_dump() == sop.model_dump()
    checked = check_text(dumps(result.sop), WITH_REFERENCES.name)
    assert checked.sop is not None
    assert checked.sop.model_dump() == sop.model_dump()


def test_the_xsd_refuses_a_broken_export(schema: etree.XMLSchema) -> None:
    root = _tree(load(SEEDS[0]))
    flow = root.find("bpmn:process/bpmn:sequenceFlow", NS)
    assert flow is not None
    del flow.attrib["sourceRef"]
    assert not schema.validate(root)
    assert "sourceRef" in str(schema.error_log.last_error)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_seed_comes_back_from_bpmn_field_by_field(path: Path) -> None:
    sop = load(path)
    result = from_bpmn(to_bpmn(sop))
    assert result.problems == ()
    assert result.complete
    assert result.sop is not None
    assert result.sop.model_dump() == sop.model_dump()


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_the_imported_seed_written_as_yaml_passes_the_check_unchanged(path: Path) -> None:
    sop = load(path)
    imported = from_bpmn(to_bpmn(sop)).sop
    assert imported is not None
    checked = check_text(dumps(imported), path.name)
    assert checked.problems == []
    assert checked.sop is not None
    assert checked.sop.model_dump() == sop.model_dump()


def test_a_name_corrected_in_a_modeller_comes_back_corrected() -> None:
    sop = load(SEEDS[4])
    root = _tree(sop)
    task = root.find("bpmn:process/bpmn:userTask[@id='step_3']", NS)
    assert task is not None
    task.set("name", "Kepala Bidang TI mendisposisi permohonan.")
    imported = from_bpmn(etree.tostring(root)).sop
    assert imported is not None
    assert imported.steps[3].uraian == "Kepala Bidang TI mendisposisi permohonan."
    assert imported.steps[4] == sop.steps[4]


def test_values_written_either_way_come_back_written_the_same_way(
    make_sop: Callable[..., Sop],
) -> None:
    sop = make_sop(
        [
            {
                "no": 1,
                "jenis": "mulai",
                "uraian": "Mengajukan.",
                "pelaksana": ["pemohon"],
                "kelengkapan": ["Surat", {"nama": "Surat Kuasa"}],
                "output": ["Surat", {"nama": "Server", "berkas": False}],
            },
            {
                "no": 2,
                "jenis": "keputusan",
                "uraian": "Lengkap?",
                "pelaksana": "petugas",
                "kelengkapan": ["Surat"],
                "ya": {"ke": 3},
                "tidak": 3,
            },
            {"no": 3, "jenis": "selesai", "uraian": "Selesai.", "pelaksana": "petugas"},
        ]
    )
    back = from_bpmn(to_bpmn(sop)).sop
    assert back is not None
    assert back.model_dump() == sop.model_dump()
    assert back.langkah[0].pelaksana == ["pemohon"]
    assert back.langkah[0].kelengkapan[0] == "Surat"
    assert back.langkah[1].ya == sop.langkah[1].ya
    assert back.langkah[1].tidak == 3


def test_a_refused_ending_goes_out_as_its_own_end_event_and_comes_back_refused(
    make_sop: Callable[..., Sop], schema: etree.XMLSchema
) -> None:
    sop = make_sop(
        [
            {"no": 1, "jenis": "mulai", "uraian": "Mengajukan.", "pelaksana": "pemohon"},
            {
                "no": 2,
                "jenis": "keputusan",
                "uraian": "Memenuhi ketentuan?",
                "pelaksana": "petugas",
                "ya": 3,
                "tidak": {"akhir": "ditolak", "alasan": "Tidak memenuhi ketentuan"},
            },
            {
                "no": 3,
                "jenis": "keputusan",
                "uraian": "Disetujui?",
                "pelaksana": "petugas",
                "ya": 5,
                "tidak": 4,
            },
            {
                "no": 4,
                "jenis": "selesai",
                "akhir": "ditolak",
                "uraian": "Menyurati pemohon bahwa permohonan ditolak.",
                "pelaksana": "petugas",
            },
            {"no": 5, "jenis": "selesai", "uraian": "Selesai.", "pelaksana": "petugas"},
        ]
    )
    root = _tree(sop)
    assert schema.validate(root)
    ends = {e.get("name") for e in root.iterfind("bpmn:process/bpmn:endEvent", NS)}
    assert ends == {"Ditolak", "Tidak memenuhi ketentuan", "Selesai"}
    outcomes = [
        e.attrib
        for e in root.iterfind(
            "bpmn:process/bpmn:endEvent/bpmn:extensionElements/alur:akhir", NS | ALUR
        )
    ]
    assert {"hasil": "ditolak", "langkah": "2"} in outcomes
    assert {"hasil": "ditolak", "langkah": "4"} in outcomes
    back = from_bpmn(etree.tostring(root))
    assert back.problems == ()
    assert back.sop is not None
    assert back.sop.model_dump() == sop.model_dump()
    assert back.sop.model_dump()["langkah"][1]["tidak"] == {
        "akhir": "ditolak",
        "alasan": "Tidak memenuhi ketentuan",
    }


# --- the diagram ---------------------------------------------------------------------------------


def _bounds(shape: etree._Element) -> Box:
    bounds = shape.find("dc:Bounds", NS)
    assert bounds is not None
    x, y, w, h = (int(bounds.get(k, "")) for k in ("x", "y", "width", "height"))
    return Box(x, y, w, h)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_node_and_lane_has_a_shape_and_every_flow_an_edge(path: Path) -> None:
    root = _tree(load(path))
    process = root.find("bpmn:process", NS)
    assert process is not None
    nodes = {
        e.get("id")
        for e in process
        if etree.QName(e).localname in ("startEvent", "userTask", "exclusiveGateway", "endEvent")
    }
    lanes = {lane.get("id") for lane in process.iterfind("bpmn:laneSet/bpmn:lane", NS)}
    flows = {f.get("id") for f in process.iterfind("bpmn:sequenceFlow", NS)}
    plane = root.find("bpmndi:BPMNDiagram/bpmndi:BPMNPlane", NS)
    assert plane is not None
    collaboration = root.find("bpmn:collaboration", NS)
    assert collaboration is not None
    assert plane.get("bpmnElement") == collaboration.get("id")
    shapes = {s.get("bpmnElement"): s for s in plane.iterfind("bpmndi:BPMNShape", NS)}
    participant = root.find("bpmn:collaboration/bpmn:participant", NS)
    assert participant is not None
    assert set(shapes) == nodes | lanes | {participant.get("id")}
    for lane in lanes:
        assert shapes[lane].get("isHorizontal") == "true"
    edges = {e.get("bpmnElement"): e for e in plane.iterfind("bpmndi:BPMNEdge", NS)}
    assert set(edges) == flows
    for edge in edges.values():
        assert len(edge.findall("di:waypoint", NS)) >= 2


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_no_two_shapes_overlap_and_each_sits_inside_its_lane(path: Path) -> None:
    sop = load(path)
    graph = process_graph(sop)
    diagram = layout(graph)
    for (a_id, a), (b_id, b) in combinations(diagram.shapes.items(), 2):
        assert not a.overlaps(b), (a_id, b_id)
    for node in graph.nodes:
        shape, lane = diagram.shapes[node.id], diagram.lanes[node.lane]
        assert lane.x <= shape.x and shape.right <= lane.right
        assert lane.y <= shape.y and shape.bottom <= lane.bottom
    lanes = [diagram.lanes[lane] for lane in graph.lanes]
    assert [lane.y for lane in lanes] == sorted(lane.y for lane in lanes)
    assert all(upper.bottom == lower.y for upper, lower in pairwise(lanes))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_nodes_run_left_to_right_in_step_order(path: Path) -> None:
    sop = load(path)
    diagram = layout(process_graph(sop))
    tasks = [f"step_{s.no}" for s in sop.langkah if s.jenis.value != "penghubung"]
    xs = [diagram.shapes[t].x for t in tasks]
    assert xs == sorted(xs)
    assert len(set(xs)) == len(xs)
    assert diagram.shapes["start"].x < xs[0]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_edges_start_and_end_on_their_shapes_and_run_orthogonally(path: Path) -> None:
    graph = process_graph(load(path))
    diagram = layout(graph)
    for flow in graph.flows:
        points = diagram.edges[flow.id]
        source, target = diagram.shapes[flow.source], diagram.shapes[flow.target]
        assert _on_border(points[0], source), flow.id
        assert _on_border(points[-1], target), flow.id
        for (x1, y1), (x2, y2) in pairwise(points):
            assert x1 == x2 or y1 == y2, flow.id


def _on_border(point: tuple[int, int], box: Box) -> bool:
    x, y = point
    inside = box.x <= x <= box.right and box.y <= y <= box.bottom
    return inside and (x in (box.x, box.right) or y in (box.y, box.bottom))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_no_edge_crosses_a_shape_other_than_its_own_ends(path: Path) -> None:
    graph = process_graph(load(path))
    diagram = layout(graph)
    for flow in graph.flows:
        others = {
            i: box for i, box in diagram.shapes.items() if i not in (flow.source, flow.target)
        }
        for start, end in pairwise(diagram.edges[flow.id]):
            crossed = [i for i, box in others.items() if _crosses(start, end, box)]
            assert crossed == [], flow.id


def _crosses(start: tuple[int, int], end: tuple[int, int], box: Box) -> bool:
    """Whether an axis-parallel segment passes through the inside of ``box``."""
    (x1, y1), (x2, y2) = start, end
    if y1 == y2:
        return box.y < y1 < box.bottom and min(x1, x2) < box.right and max(x1, x2) > box.x
    return box.x < x1 < box.right and min(y1, y2) < box.bottom and max(y1, y2) > box.y


def test_an_identity_without_government_office_or_position_comes_back_empty() -> None:
    sop = load(SOPS / "05-permohonan-pembuatan-aplikasi.yaml")
    identity = sop.identitas.model_copy(
        update={
            "pemerintah": None,
            "instansi": None,
            "disahkan_oleh": sop.identitas.disahkan_oleh.model_copy(update={"jabatan": None}),
        }
    )
    sop = sop.model_copy(update={"identitas": identity})

    result = from_bpmn(to_bpmn(sop))

    assert result.problems == ()
    assert result.sop is not None
    assert result.sop.model_dump() == sop.model_dump()


EXTENSIONS = (
    Path(__file__).resolve().parents[1] / "deadlines" / "sops" / "pengaduan-perpanjangan.yaml"
)


def test_the_service_deadline_and_extension_limits_go_out_and_come_back_the_same(
    schema: etree.XMLSchema,
) -> None:
    sop = load(EXTENSIONS)
    tree = _tree(sop)
    schema.assertValid(tree)
    limits = [dict(e.attrib) for e in tree.iterfind(".//alur:langkah/alur:perpanjangan", ALUR)]
    assert limits == [
        {"kali": "1", "hari_kerja": "3", "oleh": "kadis", "pemberitahuan": "true"},
        {"kali": "0", "pemberitahuan": "false"},
    ]
    [service] = tree.iterfind(".//alur:sop/alur:batas_waktu", ALUR)
    assert service.text == "5 Hari Kerja"
    result = from_bpmn(to_bpmn(sop))
    assert result.problems == ()
    assert result.sop is not None
    assert result.sop.model_dump() == sop.model_dump()


CONDITIONAL = Path(__file__).resolve().parents[1] / "cases" / "sops" / "surat-kuasa.yaml"


@pytest.mark.parametrize(
    "written",
    [
        "bila: {isian: diajukan-oleh, sama_dengan: Kuasa}",
        "bila: {isian: diajukan-oleh, sama_dengan: [Kuasa]}",
        "bila: {isian: diajukan-oleh, sama_dengan: [Kuasa, Pemohon sendiri]}",
        "bila: {isian: diajukan-oleh, terisi: false}",
    ],
)
def test_a_condition_comes_back_from_bpmn_written_the_same_way(written: str) -> None:
    text = CONDITIONAL.read_text(encoding="utf-8").replace(
        "bila: {isian: diajukan-oleh, sama_dengan: Kuasa}", written
    )
    sop = check_text(text).sop
    assert sop is not None
    assert sop.langkah[0].requirements[2].bila is not None

    result = from_bpmn(to_bpmn(sop))

    assert result.problems == ()
    assert result.sop is not None
    assert result.sop.model_dump() == sop.model_dump()
    assert check_text(dumps(result.sop)).sop == sop


SCHEDULED = Path(__file__).resolve().parents[1] / "deadlines" / "sops" / "pemeriksaan-cadangan.yaml"


def test_a_scheduled_start_goes_out_as_a_timer_start_event_and_comes_back_the_same(
    schema: etree.XMLSchema,
) -> None:
    sop = load(SCHEDULED)
    tree = _tree(sop)
    schema.assertValid(tree)
    cycles = [e.text for e in tree.iterfind(".//bpmn:startEvent/bpmn:timerEventDefinition/*", NS)]
    assert cycles == ["R/P1W"]
    (schedule,) = tree.iterfind(".//alur:jadwal_mulai", ALUR)
    assert [(e.tag.split("}")[1], e.text) for e in schedule] == [
        ("setiap", "minggu"),
        ("hari", "senin"),
        ("pukul", "08:00"),
        ("judul", "Pemeriksaan cadangan data {tanggal}"),
    ]
    result = from_bpmn(to_bpmn(sop))
    assert result.problems == ()
    assert result.sop is not None
    assert result.sop.model_dump() == sop.model_dump()


def test_a_daily_schedule_without_a_day_or_title_comes_back_the_same() -> None:
    sop = load(SCHEDULED)
    daily = sop.model_copy(update={"jadwal_mulai": StartSchedule(setiap=Every.HARI, pukul="07:30")})
    result = from_bpmn(to_bpmn(daily))
    assert result.sop is not None
    assert result.sop.model_dump() == daily.model_dump()


PUBLIC = SOPS / "contoh" / "rekomendasi-menara-publik.yaml"


def test_who_may_request_goes_out_and_comes_back_the_same(schema: etree.XMLSchema) -> None:
    sop = load(PUBLIC)
    tree = _tree(sop)
    schema.assertValid(tree)
    [kinds] = tree.iterfind(".//alur:sop/alur:jenis_pemohon", ALUR)
    assert [item.text for item in kinds] == ["publik", "opd"]
    result = from_bpmn(to_bpmn(sop))
    assert result.problems == ()
    assert result.sop is not None
    assert result.sop.requester_kinds == sop.requester_kinds
    assert result.sop.model_dump() == sop.model_dump()
