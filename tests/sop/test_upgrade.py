"""``alur sop upgrade``: a version-1 file rewritten to format 2 changes its ``format`` value and
nothing else (comments, order and layout stay), and the upgraded file runs the same on every
path: a property over generated SOPs, and the five seeds."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alur.cli import main
from alur.sop import (
    NotUpgradable,
    OfficeCalendar,
    Simulation,
    Sop,
    dumps,
    loads,
    simulate,
    upgrade_text,
)

SEEDS = sorted((Path(__file__).resolve().parents[2] / "sops").glob("*.yaml"))
START = dt.datetime(2026, 8, 14, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
CALENDAR = OfficeCalendar(zone="Asia/Makassar")
TIMES = ("1 hari", "2 Hari Kerja", "3 jam", "60 mnt", "—", "30 hari kalender", "Maksimal 5 HK")


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """The lines that differ, as (before, after) pairs; the texts must have as many lines."""
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def runs(sop: Sop) -> dict[tuple[tuple[str, ...], ...], tuple[Any, ...]]:
    """Every path of ``sop`` a decision's first two visits can choose, as what it visits, when
    each step is due and how it ends."""
    decisions = [step.no for step in sop.langkah if step.is_decision]
    choices = [(), ("tidak",), ("tidak", "tidak")]
    seen = {}
    for picked in itertools.product(choices, repeat=len(decisions)):
        answers = dict(zip(decisions, picked, strict=True))
        run = simulate(sop, CALENDAR, start=START, answers=answers)
        seen[picked] = _facts(run)
    return seen


def _facts(run: Simulation) -> tuple[Any, ...]:
    visits = tuple((v.step, v.visit, v.opened, v.due, v.decision) for v in run.steps)
    return visits, run.end_step, run.outcome, run.reason, run.ended


@st.composite
def version_1_files(draw: st.DrawFn) -> str:
    """A runnable version-1 SOP written as a person might: the dumper's YAML with comments
    between its lines. Decisions go on when answered ya, and when answered tidak end the
    case or go back to an earlier step."""
    rnd = random.Random(draw(st.integers(0, 2**32)))  # noqa: S311 - test data
    count = draw(st.integers(3, 9))
    steps: list[dict[str, Any]] = []
    decisions = 0
    for no in range(1, count + 1):
        kind = "mulai" if no == 1 else "selesai" if no == count else "proses"
        if 1 < no < count and decisions < 4 and rnd.random() < 0.4:
            kind = "keputusan"
            decisions += 1
        step: dict[str, Any] = {
            "no": no,
            "jenis": kind,
            "uraian": f"Kegiatan {no}" + ("?" if kind == "keputusan" else "."),
            "pelaksana": "pemohon" if no == 1 else rnd.choice(["petugas", "kepala"]),
            "waktu": rnd.choice(TIMES),
            "output": [f"Hasil {no}"] if rnd.random() < 0.5 else [],
        }
        if kind == "keputusan":
            back = rnd.randint(1, no - 1)
            ending = {"akhir": rnd.choice(["dikembalikan", "dihentikan"]), "alasan": "Belum"}
            step["ya"] = no + 1
            step["tidak"] = back if rnd.random() < 0.5 else ending
        if kind == "selesai" and rnd.random() < 0.3:
            step["akhir"] = "dihentikan"
        steps.append(step)
    sop = Sop.model_validate(
        {
            "format": 1,
            "kode": "uji-naik",
            "identitas": {"nama": "SOP Uji", "disahkan_oleh": {"jabatan": "Kepala Dinas"}},
            "pelaksana": [
                {"id": "pemohon", "nama": "Pemohon", "pemohon": True},
                {"id": "petugas", "nama": "Petugas"},
                {"id": "kepala", "nama": "Kepala"},
            ],
            "langkah": steps,
        }
    )
    lines = dumps(sop).splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 6))):
        at = rnd.randint(0, len(lines))
        lines.insert(
            at, "# (reading) catatan kantor: " + rnd.choice(["ya", "format: 1", "—"]) + "\n"
        )
    return "".join(lines)


@settings(max_examples=60, deadline=None)
@given(version_1_files())
def test_an_upgraded_file_differs_only_in_its_format_and_runs_the_same_on_every_path(
    text: str,
) -> None:
    upgraded = upgrade_text(text)

    assert changed_lines(text, upgraded) == [("format: 1", "format: 2")]
    before, after = loads(text), loads(upgraded)
    assert (before.format, after.format) == (1, 2)
    assert after.model_dump(exclude={"format"}) == before.model_dump(exclude={"format"})
    assert runs(after) == runs(before)
    assert upgrade_text(upgraded) == upgraded  # once is enough


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_each_seed_upgrades_with_its_comments_and_runs_the_same(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    upgraded = upgrade_text(text)

    assert [(a.strip(), b.strip()) for a, b in changed_lines(text, upgraded)] == [
        ("format: 1", "format: 2")
    ]
    assert upgraded.count("# (reading)") == text.count("# (reading)")
    assert runs(loads(upgraded)) == runs(loads(text))


@pytest.mark.parametrize(
    ("text", "line", "english"),
    [
        ("kode: x\n", 1, "The file has no top-level 'format' key."),
        ("format: '1'\nkode: x\n", 1, "Write 'format: 1' as a number without quotes"),
        ("# lama\nformat: 3\n", 2, "'format: 3' is not a version that can be upgraded (1)."),
        ("format: [1\n", 1, "The YAML cannot be read; fix it first"),
    ],
)
def test_what_cannot_be_upgraded_is_refused_naming_why(text: str, line: int, english: str) -> None:
    with pytest.raises(NotUpgradable) as refused:
        upgrade_text(text)
    assert refused.value.line == line
    assert refused.value.message("en").startswith(english)


def test_the_command_rewrites_files_in_place_and_says_what_it_did(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "lama.yaml"
    old.write_text(SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")
    new = tmp_path / "baru.yaml"
    new.write_text(upgrade_text(SEEDS[1].read_text(encoding="utf-8")), encoding="utf-8")
    broken = tmp_path / "rusak.yaml"
    broken.write_text("kode: x\n", encoding="utf-8")

    assert main(["sop", "upgrade", str(old), str(new), str(broken)]) == 1

    captured = capsys.readouterr()
    assert captured.out.splitlines() == [f"{old}: format 1 → 2", f"{new}: sudah format 2"]
    assert (
        captured.err
        == f"alur: {broken}:1: Berkas tidak memuat kunci 'format' di tingkat teratas.\n"
    )
    assert loads(old.read_text(encoding="utf-8")).format == 2
    assert broken.read_text(encoding="utf-8") == "kode: x\n"
    assert main(["sop", "check", str(old)]) == 0
