"""Processes drawn in other tools come in by their shape; what cannot come is named, with its
element id and line, never dropped silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from alur.sop import BpmnProblem, from_bpmn, load, loads, to_bpmn

FILES = Path(__file__).parent / "bpmn_files"
SOPS = Path(__file__).resolve().parents[2] / "sops"

IZIN = """\
format: 2
kode: layanan-izin-reklame
identitas:
  pemerintah: BELUM DIISI
  instansi: BELUM DIISI
  nama: Layanan Izin Reklame
  disahkan_oleh: {jabatan: BELUM DIISI}
  penjelasan: [Digambar di Camunda Modeler.]
pelaksana:
  - {id: pemohon, nama: Pemohon}
  - {id: petugas-loket, nama: Petugas Loket}
  - {id: kepala-dinas, nama: Kepala Dinas}
langkah:
  - no: 1
    jenis: mulai
    uraian: Mengajukan permohonan izin reklame
    pelaksana: pemohon
    keterangan: Dengan KTP dan gambar reklame.
  - no: 2
    jenis: keputusan
    uraian: Memeriksa kelengkapan berkas. Berkas lengkap?
    pelaksana: petugas-loket
    ya: 4
    tidak: 3
  - no: 3
    uraian: Melengkapi berkas
    pelaksana: pemohon
    lanjut: 2
  - no: 4
    jenis: keputusan
    uraian: Menyetujui permohonan. Disetujui?
    pelaksana: kepala-dinas
    ya: 5
    tidak: {akhir: ditolak, alasan: Permohonan ditolak}
  - no: 5
    jenis: selesai
    uraian: Menerbitkan izin reklame
    pelaksana: petugas-loket
"""


def _line(file: Path, text: str) -> int:
    """The line of ``file`` where ``text`` is written (to check reported lines against)."""
    lines = file.read_text(encoding="utf-8").splitlines()
    [found] = [n for n, line in enumerate(lines, start=1) if text in line]
    return found


def _summary(problems: tuple[BpmnProblem, ...]) -> list[tuple[str, str | None, int | None]]:
    return [(p.code, p.element, p.line) for p in problems]


def test_a_camunda_drawing_comes_in_with_lanes_decisions_loop_and_ends() -> None:
    file = FILES / "camunda-izin.bpmn"
    result = from_bpmn(file.read_bytes())

    assert result.sop is not None
    assert result.sop.model_dump() == loads(IZIN).model_dump()
    assert result.complete
    process_line = _line(file, '<bpmn:process id="Process_Izin"')
    assert _summary(result.problems) == [
        ("note.identity", "Process_Izin", process_line),
        ("note.waktu", "Process_Izin", process_line),
    ]


def test_a_parallel_gateway_and_a_timer_block_the_import_with_their_ids_and_lines() -> None:
    file = FILES / "paralel-timer.bpmn"
    result = from_bpmn(file.read_bytes())

    assert result.sop is None
    assert not result.complete
    assert _summary(result.problems) == [
        ("bpmn.not_carried", "bagi", _line(file, 'id="bagi"')),
        ("bpmn.not_carried", "gabung", _line(file, 'id="gabung"')),
        ("bpmn.not_carried", "tunggu", _line(file, 'id="tunggu"')),
    ]
    assert all(p.blocking for p in result.problems)
    assert [p.message("id") for p in result.problems][2] == (
        "peristiwa antara (timer) tidak dapat dibawa ke SOP Alur: di Alur tenggat adalah waktu "
        "langkah dan hubungan dengan pihak lain adalah langkah, bukan peristiwa"
    )
    assert next(p.message("en") for p in result.problems) == (
        "a parallel gateway cannot be carried into an Alur SOP: Alur runs one step at a time, "
        "with no branches running at once"
    )


def test_what_is_lost_on_the_way_is_named_and_the_rest_still_comes_in() -> None:
    file = FILES / "sebagian.bpmn"
    result = from_bpmn(file.read_bytes())

    assert result.sop is not None
    assert not result.complete
    assert [(s.no, s.jenis.value, s.uraian) for s in result.sop.langkah] == [
        (1, "mulai", "Menyusun konsep surat"),
        (2, "proses", "Memberi nomor surat"),
        (3, "selesai", "Menandatangani surat"),
    ]
    lost = [p for p in result.problems if not p.is_note]
    assert _summary(tuple(lost)) == [
        ("bpmn.event_definition", "mulai", _line(file, 'id="mulai"')),
        ("bpmn.attribute", "konsep", _line(file, 'id="konsep"')),
        ("bpmn.task_kind", "nomor", _line(file, 'id="nomor"')),
        ("bpmn.extension", "tanda_tangan", _line(file, "<camunda:formData")),
        ("bpmn.not_carried", "catatan", _line(file, 'id="catatan"')),
    ]
    assert [p.blocking for p in lost] == [False] * 5
    assert [p.message("id") for p in lost][1] == "atribut camunda:assignee tidak dibawa"
    assert [p.message("en") for p in lost][3] == (
        "the extension element camunda:formData is not carried"
    )


BODY_LINE = 4
"""The line ``_process`` writes its body on."""


def _process(body: str) -> str:
    return (
        '<?xml version="1.0"?>\n'
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'targetNamespace="urn:u">\n'
        '<process id="uji" name="Uji">\n'
        f"{body}\n</process>\n</definitions>\n"
    )


def test_a_gateway_with_three_branches_is_not_a_decision() -> None:
    text = _process(
        '<startEvent id="s"/><userTask id="t" name="Menilai"/>'
        '<exclusiveGateway id="g"/><endEvent id="e1"/><endEvent id="e2"/><endEvent id="e3"/>'
        '<sequenceFlow id="f0" sourceRef="s" targetRef="t"/>'
        '<sequenceFlow id="f1" sourceRef="t" targetRef="g"/>'
        '<sequenceFlow id="f2" sourceRef="g" targetRef="e1"/>'
        '<sequenceFlow id="f3" sourceRef="g" targetRef="e2"/>'
        '<sequenceFlow id="f4" sourceRef="g" targetRef="e3"/>'
    )
    result = from_bpmn(text)
    assert result.sop is None
    assert _summary(result.problems) == [("bpmn.gateway_branches", "g", BODY_LINE)]
    assert result.problems[0].message("id") == (
        "gerbang eksklusif ini punya 3 cabang; keputusan Alur punya dua: ya dan tidak"
    )


def test_a_task_that_splits_without_a_gateway_is_refused() -> None:
    text = _process(
        '<startEvent id="s"/><userTask id="t" name="Membagi"/>'
        '<userTask id="a" name="A"/><userTask id="b" name="B"/>'
        '<sequenceFlow id="f0" sourceRef="s" targetRef="t"/>'
        '<sequenceFlow id="f1" sourceRef="t" targetRef="a"/>'
        '<sequenceFlow id="f2" sourceRef="t" targetRef="b"/>'
    )
    result = from_bpmn(text)
    assert result.sop is None
    assert _summary(result.problems) == [("bpmn.split_without_gateway", "t", BODY_LINE)]


def test_unnamed_branches_are_guessed_in_order_and_the_guess_is_noted() -> None:
    text = _process(
        '<startEvent id="s"/><userTask id="t" name="Memeriksa"/>'
        '<exclusiveGateway id="g"/><userTask id="u" name="Memproses"/><endEvent id="e"/>'
        '<endEvent id="e2" name="Permohonan dikembalikan"/>'
        '<sequenceFlow id="f0" sourceRef="s" targetRef="t"/>'
        '<sequenceFlow id="f1" sourceRef="t" targetRef="g"/>'
        '<sequenceFlow id="f2" sourceRef="g" targetRef="u"/>'
        '<sequenceFlow id="f3" sourceRef="g" targetRef="e2"/>'
        '<sequenceFlow id="f4" sourceRef="u" targetRef="e"/>'
    )
    result = from_bpmn(text)
    assert result.sop is not None
    assert result.complete
    first = result.sop.langkah[0]
    assert first.ya == 2
    assert first.tidak is not None
    assert first.model_dump()["tidak"] == {
        "akhir": "dikembalikan",
        "alasan": "Permohonan dikembalikan",
    }
    [guess] = [p for p in result.problems if p.code == "note.branch_guess"]
    assert (guess.element, guess.params) == ("g", {"ya": "f2", "tidak": "f3"})


def test_the_default_flow_of_a_gateway_is_read_as_tidak() -> None:
    text = _process(
        '<startEvent id="s"/><userTask id="t" name="Memeriksa"/>'
        '<exclusiveGateway id="g" default="f2"/><userTask id="u" name="Memproses"/>'
        '<endEvent id="e"/><endEvent id="e2" name="Dihentikan"/>'
        '<sequenceFlow id="f0" sourceRef="s" targetRef="t"/>'
        '<sequenceFlow id="f1" sourceRef="t" targetRef="g"/>'
        '<sequenceFlow id="f2" sourceRef="g" targetRef="e2"/>'
        '<sequenceFlow id="f3" sourceRef="g" targetRef="u"/>'
        '<sequenceFlow id="f4" sourceRef="u" targetRef="e"/>'
    )
    result = from_bpmn(text)
    assert result.sop is not None
    first = result.sop.langkah[0]
    assert first.ya == 2
    assert first.model_dump()["tidak"] == {"akhir": "dihentikan", "alasan": "Dihentikan"}
    assert [p.code for p in result.problems] == ["note.identity", "note.waktu"]


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [
        (b"<definitions><process>", "bpmn.xml", 1),
        (
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>',
            "bpmn.not_definitions",
            2,
        ),
        (
            b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            b'targetNamespace="urn:x"/>',
            "bpmn.no_process",
            1,
        ),
    ],
)
def test_a_file_that_is_not_a_bpmn_process_says_so(content: bytes, code: str, line: int) -> None:
    result = from_bpmn(content)
    assert result.sop is None
    assert [(p.code, p.line) for p in result.problems] == [(code, line)]


def test_two_start_events_block_the_import() -> None:
    text = _process(
        '<startEvent id="s1"/><startEvent id="s2"/><userTask id="t" name="A"/>'
        '<sequenceFlow id="f1" sourceRef="s1" targetRef="t"/>'
        '<sequenceFlow id="f2" sourceRef="s2" targetRef="t"/>'
    )
    result = from_bpmn(text)
    assert result.sop is None
    assert [(p.code, p.params) for p in result.problems] == [("bpmn.start_count", {"count": 2})]


def test_an_element_added_to_an_alur_export_in_a_modeller_is_reported() -> None:
    sop = load(SOPS / "03-integrasi-aplikasi-bedelau.yaml")
    text = to_bpmn(sop).replace(
        "</bpmn:process>", '  <bpmn:parallelGateway id="tambahan"/>\n  </bpmn:process>'
    )
    result = from_bpmn(text)
    assert result.sop is None
    assert [(p.code, p.element) for p in result.problems] == [("bpmn.not_carried", "tambahan")]


def test_a_task_added_to_an_alur_export_without_its_row_blocks_the_import() -> None:
    sop = load(SOPS / "03-integrasi-aplikasi-bedelau.yaml")
    text = to_bpmn(sop).replace(
        "</bpmn:process>", '  <bpmn:userTask id="baru" name="Langkah baru"/>\n  </bpmn:process>'
    )
    result = from_bpmn(text)
    assert result.sop is None
    assert [(p.code, p.element) for p in result.problems] == [("bpmn.task_without_row", "baru")]


def test_without_lanes_or_diagram_steps_follow_the_flow_in_one_lane() -> None:
    text = _process(
        '<startEvent id="s"/>'
        '<userTask id="c" name="Ketiga"/><userTask id="a" name="Pertama"/>'
        '<userTask id="b" name="Kedua"/><endEvent id="e"/>'
        '<sequenceFlow id="f0" sourceRef="s" targetRef="a"/>'
        '<sequenceFlow id="f1" sourceRef="a" targetRef="b"/>'
        '<sequenceFlow id="f2" sourceRef="b" targetRef="c"/>'
        '<sequenceFlow id="f3" sourceRef="c" targetRef="e"/>'
    )
    result = from_bpmn(text)
    assert result.sop is not None
    assert [lane.model_dump() for lane in result.sop.pelaksana] == [
        {
            "id": "pelaksana",
            "nama": "Pelaksana",
            "peran": None,
            "pemohon": False,
            "keterangan": None,
        }
    ]
    assert [(s.no, s.uraian, s.jenis.value, s.pelaksana) for s in result.sop.langkah] == [
        (1, "Pertama", "mulai", "pelaksana"),
        (2, "Kedua", "proses", "pelaksana"),
        (3, "Ketiga", "selesai", "pelaksana"),
    ]


def test_message_flows_other_processes_and_nested_lanes_are_named() -> None:
    text = (
        '<?xml version="1.0"?>\n'
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'targetNamespace="urn:u">\n'
        '<collaboration id="c">\n'
        '<participant id="p1" name="Dinas" processRef="utama"/>\n'
        '<participant id="p2" name="Pemohon" processRef="lain"/>\n'
        '<messageFlow id="pesan" sourceRef="t" targetRef="x"/>\n'
        "</collaboration>\n"
        '<process id="utama">\n'
        '<laneSet id="ls"><lane id="l1" name="Bidang"><childLaneSet id="cls">'
        '<lane id="l2" name="Seksi"><flowNodeRef>t</flowNodeRef></lane>'
        "</childLaneSet></lane></laneSet>\n"
        '<startEvent id="s"/><userTask id="t" name="Memproses"/><endEvent id="e"/>\n'
        '<sequenceFlow id="f0" sourceRef="s" targetRef="t"/>'
        '<sequenceFlow id="f1" sourceRef="t" targetRef="e"/>\n'
        "</process>\n"
        '<process id="lain"><userTask id="x" name="Menerima"/></process>\n'
        "</definitions>\n"
    )
    result = from_bpmn(text)
    assert result.sop is not None
    assert result.sop.identitas.nama == "Dinas"
    assert [(lane.id, lane.nama) for lane in result.sop.pelaksana] == [("bidang", "Bidang")]
    assert [(s.no, s.pelaksana) for s in result.sop.langkah] == [(1, "bidang")]
    lost = [(p.code, p.element, p.line) for p in result.problems if not p.is_note]
    assert lost == [
        ("bpmn.not_carried", "pesan", 6),
        ("bpmn.nested_lane", "l1", 9),
        ("bpmn.more_processes", "lain", 13),
    ]
    assert not result.complete


def test_a_step_number_damaged_in_an_alur_export_is_named_with_its_task() -> None:
    sop = load(SOPS / "03-integrasi-aplikasi-bedelau.yaml")
    text = to_bpmn(sop).replace('<alur:langkah no="2"', '<alur:langkah no="dua"')
    result = from_bpmn(text)
    assert result.sop is None
    [problem] = result.problems
    assert (problem.code, problem.element) == ("bpmn.not_a_number", "step_2")
    assert (
        problem.line
        == text.splitlines().index(next(line for line in text.splitlines() if 'no="dua"' in line))
        + 1
    )
    assert problem.message("id") == (
        'atribut no="dua" pada elemen Alur ini harus berupa nomor langkah'
    )


def test_a_value_the_format_refuses_is_said_with_the_checkers_own_words() -> None:
    sop = load(SOPS / "03-integrasi-aplikasi-bedelau.yaml")
    text = to_bpmn(sop).replace('jenis="mulai"', 'jenis="awal"')
    result = from_bpmn(text)
    assert result.sop is None
    [problem] = result.problems
    assert (problem.code, problem.element) == ("bpmn.invalid_result", "integrasi-bedelau")
    assert problem.message("id") == (
        "hasilnya bukan SOP yang sah: langkah 1 › jenis: 'awal' bukan pilihan yang sah; "
        "pilihan: mulai, proses, keputusan, selesai, penghubung."
    )
    assert problem.message("en").startswith("the result is not a valid SOP: step 1 › jenis:")
