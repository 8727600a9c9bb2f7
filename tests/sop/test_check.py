"""The SOP checker against files that are broken on purpose, and against the seed SOPs.

Every file in ``tests/sop/broken/`` declares in its header what the checker must report, written
from reading the file (not from running the checker):

    # expect: LINE:COL CODE "fragment of the Indonesian message"
    # expect-en: LINE:COL "fragment of the English message of the problem at LINE:COL"
    # expect-hint: LINE:COL "start of the Indonesian hint of the problem at LINE:COL"
    # xfail: why the checker does not yet do what the expectations say

The test asserts the exact multiset of (line, column, code). A file marked ``xfail`` states the
behaviour a person fixing the file needs; its reason names what the checker does instead.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from alur.sop import CheckResult, Problem, Sop, SopInvalid, check_file, check_text, load, loads
from alur.sop._definition.problems import MESSAGES

ROOT = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).resolve().parent / "broken"
VALID = """\
format: 1
kode: contoh
identitas:
  pemerintah: Pemerintah Kota Contoh
  instansi: Dinas Kominfo
  nama: Contoh
  disahkan_oleh: {jabatan: Kepala Dinas}
pelaksana:
  - {id: opd, nama: OPD, pemohon: true}
  - {id: kabid, nama: Kabid}
langkah:
  - no: 1
    jenis: mulai
    uraian: Kirim surat
    pelaksana: opd
    kelengkapan: [{nama: Surat, sumber: pemohon}]
    output: [Surat Permohonan]
    waktu: 1 hari
  - no: 2
    jenis: keputusan
    uraian: Periksa
    pelaksana: kabid
    kelengkapan: [Surat Permohonan]
    waktu: 3 jam
    ya: 3
    tidak: {akhir: dikembalikan, alasan: Tidak lengkap}
  - no: 3
    jenis: selesai
    uraian: Kerjakan
    pelaksana: kabid
    waktu: 2 hari
"""

_EXPECT = re.compile(r'^# expect: (\d+):(\d+) ([a-z_.]+) "(.*)"$')
_EXPECT_EN = re.compile(r'^# expect-en: (\d+):(\d+) "(.*)"$')
_EXPECT_HINT = re.compile(r'^# expect-hint: (\d+):(\d+) "(.*)"$')
_XFAIL = re.compile(r"^# xfail: (.+)$")

NOT_FROM_A_FILE = {
    "value.invalid": (
        "the fallback for a validation error the checker has no wording of its own for; no field "
        "of the current format produces one"
    ),
}


@dataclass
class Expected:
    line: int
    column: int
    code: str
    fragment: str
    english: list[str] = field(default_factory=list)
    hint: list[str] = field(default_factory=list)

    @property
    def where(self) -> tuple[int, int, str]:
        return (self.line, self.column, self.code)


@dataclass
class BrokenFile:
    path: Path
    expected: list[Expected]
    xfail: str | None


def read_broken(path: Path) -> BrokenFile:
    # a file may be deliberately not UTF-8 (file.unreadable); its header is ASCII
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    expected: list[Expected] = []
    xfail = None
    for line in lines:
        if not line.startswith("#"):
            break  # the header ends at the first line of the document
        if match := _EXPECT.match(line):
            expected.append(Expected(int(match[1]), int(match[2]), match[3], match[4]))
        elif match := _EXPECT_EN.match(line) or _EXPECT_HINT.match(line):
            at = (int(match[1]), int(match[2]))
            owner = [e for e in expected if (e.line, e.column) == at]
            assert owner, f"{path.name}: {line!r} follows no expect line at {at}"
            target = owner[-1].english if line.startswith("# expect-en") else owner[-1].hint
            target.append(match[3])
        elif match := _XFAIL.match(line):
            xfail = match[1]
    return BrokenFile(path, expected, xfail)


ALL_BROKEN = [read_broken(path) for path in sorted(BROKEN.glob("*.yaml"))]


def _params(files: list[BrokenFile], *, honour_xfail: bool) -> list[object]:
    params = []
    for broken in files:
        marks = []
        if honour_xfail and broken.xfail:
            marks.append(pytest.mark.xfail(strict=True, reason=broken.xfail))
        params.append(pytest.param(broken, id=broken.path.stem, marks=marks))
    return params


def _found(result: CheckResult) -> Counter[tuple[int, int, str]]:
    return Counter((p.line, p.column, p.code) for p in result.problems)


def _at(result: CheckResult, expected: Expected) -> list[Problem]:
    return [p for p in result.problems if (p.line, p.column, p.code) == expected.where]


# ---------------------------------------------------------------- the broken files


def test_the_broken_files_are_enough_and_declare_their_problems() -> None:
    assert len(ALL_BROKEN) >= 50
    for broken in ALL_BROKEN:
        assert broken.expected, f"{broken.path.name} declares no '# expect:' line"
    single = [b for b in ALL_BROKEN if len(b.expected) == 1 and not b.xfail]
    many = [b for b in ALL_BROKEN if 3 <= len(b.expected) <= 8 and not b.xfail]
    assert len(single) >= 45
    assert len(many) >= 5
    for broken in many:
        assert len({e.code for e in broken.expected}) >= 3, broken.path.name


@pytest.mark.parametrize("broken", _params(ALL_BROKEN, honour_xfail=True))
def test_a_broken_file_reports_exactly_what_it_declares(broken: BrokenFile) -> None:
    result = check_file(broken.path)
    assert result.sop is None
    assert not result.ok
    shown = "\n".join(p.format("id") for p in result.problems)
    assert _found(result) == Counter(e.where for e in broken.expected), shown
    for expected in broken.expected:
        problems = _at(result, expected)
        assert any(expected.fragment in p.message("id") for p in problems), (expected, shown)
        for english in expected.english:
            assert any(english in p.message("en") for p in problems), (english, shown)
        for hint in expected.hint:
            assert any((p.hint("id") or "").startswith(hint) for p in problems), (hint, shown)


@pytest.mark.parametrize("broken", _params(ALL_BROKEN, honour_xfail=False))
def test_every_problem_has_a_hint_and_a_compiler_style_line(broken: BrokenFile) -> None:
    result = check_file(broken.path)
    name = str(broken.path)
    assert result.file == name
    for problem in result.problems:
        assert problem.file == name
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.code in MESSAGES
        for lang in ("id", "en"):
            assert problem.message(lang).strip()
            assert (problem.hint(lang) or "").strip(), (problem.code, lang)
        head = f"{name}:{problem.line}:{problem.column}: "
        assert problem.format("id").startswith(head + "galat: ")
        assert problem.format("en").startswith(head + "error: ")
        assert "\n    saran: " in problem.format("id")
        assert "\n    fix: " in problem.format("en")
        assert problem.to_json("id")["message"] == problem.message("id")


def test_the_broken_files_cover_every_code_a_file_can_cause() -> None:
    declared = {e.code for b in ALL_BROKEN if not b.xfail for e in b.expected}
    reported = {p.code for b in ALL_BROKEN for p in check_file(b.path).problems}
    every = set(MESSAGES.codes())
    assert every - reported == set(NOT_FROM_A_FILE)
    assert every - declared == set(NOT_FROM_A_FILE)


def test_yaml_syntax_is_covered_in_several_forms() -> None:
    syntax = [b for b in ALL_BROKEN if any(e.code == "yaml.syntax" for e in b.expected)]
    assert len([b for b in syntax if not b.xfail]) >= 4


def test_the_alias_bomb_stops_at_the_node_past_the_limit() -> None:
    # The identity block and the lanes before peralatan hold 14 nodes, peralatan itself is the
    # 15th; a1 has 11 nodes and each a(k) holds ten copies of a(k-1). Walking depth first, the
    # 50,001st node is the sixth 'Server' of a1, which the header of the file names.
    bomb = read_broken(BROKEN / "yaml-bom-alias.yaml")
    nodes_before_a5 = 15 + 11 + 111 + 1111 + 11111
    walked = nodes_before_a5 + 1 + 3 * 11111 + 1 + 3 * 1111 + 1 + 8 * 111 + 1 + 7 * 11 + 1 + 6
    assert walked == 50_001
    result = check_file(bomb.path)
    assert [(p.line, p.column, p.code) for p in result.problems] == [bomb.expected[0].where]


# ---------------------------------------------------------------- the seed SOPs


def test_the_five_seed_sops_check_clean() -> None:
    seeds = sorted((ROOT / "sops").glob("*.yaml"))
    assert len(seeds) == 5, [s.name for s in seeds]
    problems = [p.format("en") for seed in seeds for p in check_file(seed).problems]
    assert problems == []
    for seed in seeds:
        sop = load(seed)
        assert isinstance(sop, Sop)
        assert sop.langkah[0].no == 1


# ---------------------------------------------------------------- stages together


def test_a_misspelt_key_is_reported_together_with_the_flow_problems() -> None:
    result = check_file(BROKEN / "banyak-salah-ketik-dan-alur.yaml")
    codes = Counter(p.code for p in result.problems)
    assert codes["key.unknown"] == 2
    assert {"duration.invalid", "lane.unknown", "flow.unreachable"} <= set(codes)
    assert [p.line for p in result.problems] == sorted(p.line for p in result.problems)


def test_a_misspelt_optional_key_alone_still_fails_the_file() -> None:
    result = check_text(VALID.replace("    waktu: 2 hari", "    wakt: 2 hari"), "x.yaml")
    assert result.sop is None
    assert [(p.code, p.line, p.column) for p in result.problems] == [("key.unknown", 31, 5)]
    assert result.problems[0].hint("en") == (
        "Did you mean 'waktu'? Valid keys here: no, uraian, jenis, pelaksana, konfirmasi, "
        "kelengkapan, waktu, jadwal, output, keterangan, isian, lanjut, ya, tidak, akhir, "
        "memulai, registri, surat, serah_terima, perpanjangan, "
        "rujukan, batas_pemohon."
    )


def test_a_misspelt_output_is_not_reported_again_as_a_missing_input() -> None:
    result = check_text(VALID.replace("    output: [Surat", "    ouptut: [Surat"), "x.yaml")
    assert [(p.code, p.line, p.column) for p in result.problems] == [("key.unknown", 17, 5)]


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("lajur-tidak-dikenal.yaml", "Step 4: the lane 'kasi-ti' is not in 'pelaksana'."),
        ("waktu-koma.yaml", "Step 4: the time '1,5 hari' is not understood."),
        ("kunci-hilang-kode.yaml", "The required key 'kode' is missing in the document."),
        ("tipe-pemohon-ya.yaml", "pelaksana › #1 › pemohon: must be true or false, found ya."),
        ("putaran-mati.yaml", "Steps 4, 5 form a loop with no way out to an end."),
    ],
)
def test_english_output(name: str, english: str) -> None:
    path = BROKEN / name
    (problem,) = check_file(path).problems
    assert problem.message("en") == english
    assert problem.format("en").startswith(f"{path}:{problem.line}:{problem.column}: error: ")
    assert problem.format("en").split("\n    fix: ")[1] == problem.hint("en")


# ---------------------------------------------------------------- load and loads


@pytest.mark.parametrize(
    "name",
    ["banyak-bentuk.yaml", "banyak-graf.yaml", "yaml-kunci-ganda.yaml", "berkas-bukan-utf8.yaml"],
)
def test_load_raises_sop_invalid_with_the_problems_check_reports(name: str) -> None:
    path = BROKEN / name
    with pytest.raises(SopInvalid) as raised:
        load(path)
    assert raised.value.problems == check_file(path).problems
    assert str(raised.value) == "\n".join(p.format("en") for p in raised.value.problems)
    text = path.read_bytes().decode("utf-8", errors="replace")
    if name != "berkas-bukan-utf8.yaml":
        with pytest.raises(SopInvalid) as from_text:
            loads(text, str(path))
        assert from_text.value.problems == raised.value.problems


def test_loads_gives_the_checked_sop() -> None:
    sop = loads(VALID)
    assert sop.kode == "contoh"
    assert [s.no for s in sop.langkah] == [1, 2, 3]
    assert sop.steps[2].is_decision
    assert check_text(VALID).sop == sop


def test_loads_names_the_text_in_its_problems() -> None:
    with pytest.raises(SopInvalid) as default:
        loads(VALID.replace("waktu: 3 jam", "waktu: 3 minggu"))
    (problem,) = default.value.problems
    assert (problem.file, problem.line, problem.column, problem.code) == (
        "<teks>",
        24,
        12,
        "duration.invalid",
    )
    with pytest.raises(SopInvalid) as named:
        loads("- 1\n", "konsep.yaml")
    assert [p.format("id").split(" galat:")[0] for p in named.value.problems] == [
        "konsep.yaml:1:1:"
    ]


def test_check_file_on_a_missing_file_reports_it() -> None:
    result = check_file(BROKEN / "tidak-ada.yaml")
    assert [p.code for p in result.problems] == ["file.unreadable"]
    assert "No such file" in result.problems[0].message("en")


# ---------------------------------------------------------------- checker defects, pinned


def test_problems_come_in_the_order_of_the_file() -> None:
    problems = check_file(BROKEN / "banyak-identitas.yaml").problems
    places = [(p.line, p.column) for p in problems]
    assert places == sorted(places)


def test_a_merge_key_may_be_overridden() -> None:
    text = VALID.replace(
        "  - no: 3\n    jenis: selesai\n",
        "  - <<: {pelaksana: opd, waktu: 1 hari}\n    no: 3\n    jenis: selesai\n",
    )
    assert check_text(text).problems == []


def test_a_misspelt_key_in_an_end_branch_is_reported_with_the_flow_problems() -> None:
    text = VALID.replace("alasan: Tidak lengkap}", "alasan: Tidak lengkap, catatan: x}").replace(
        "waktu: 2 hari", "waktu: 2 minggu"
    )
    codes = sorted(p.code for p in check_text(text).problems)
    assert codes == ["duration.invalid", "key.unknown"]


def test_a_boolean_is_not_a_step_number() -> None:
    text = VALID.replace("  - no: 1\n", "  - no: true\n")
    assert [p.code for p in check_text(text).problems] == ["value.type"]


def test_a_huge_step_number_is_checked_quickly() -> None:
    text = VALID.replace("  - no: 3\n", "  - no: 100000000\n").replace("ya: 3", "ya: 100000000")
    # at most 1 GiB and 3 s for the child, so that the failure is quick and harmless
    script = (
        "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
        "from alur.sop import check_text; check_text(sys.stdin.read())"
    )
    subprocess.run(
        [sys.executable, "-c", script], input=text, text=True, cwd=ROOT, check=True, timeout=3
    )


WORDING = {
    # name: (edit of VALID, text that must not appear in the Indonesian message)
    "choices-joined-with-english-or": (("jenis: selesai", "jenis: akhir"), " or "),
    "pydantic-english-detail": (("kode: contoh", "kode: " + "a" * 65), "String should"),
    "python-none-for-an-empty-value": (("output: [Surat Permohonan]", "output:"), "None"),
    "python-none-for-an-empty-choice": (("jenis: keputusan", "jenis:"), "None"),
    "union-tag-text-in-the-place": (("pelaksana: opd", "pelaksana: 12"), "› text"),
    "union-tag-mapping-in-the-place": (
        ("kelengkapan: [Surat Permohonan]", "kelengkapan: [5]"),
        "› mapping",
    ),
    "union-tag-number-in-the-place": (("ya: 3", "ya: [3]"), "› number"),
    "quoted-1-is-an-unknown-format": (("format: 1", "format: '1'"), "'1' tidak dikenal"),
}


@pytest.mark.parametrize(
    ("edit", "forbidden"),
    [pytest.param(*value, id=key) for key, value in WORDING.items()],
)
def test_messages_speak_to_the_office_not_in_python(edit: tuple[str, str], forbidden: str) -> None:
    old, new = edit
    assert old in VALID
    (problem,) = check_text(VALID.replace(old, new, 1)).problems
    assert forbidden not in problem.message("id")
