"""``alur sop check`` and ``alur sop schema`` from the command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from alur.cli import main

ROOT = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).resolve().parent / "broken"
CLEAN = """\
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
    output: [Surat Permohonan]
    waktu: 1 hari
  - no: 2
    jenis: selesai
    uraian: Kerjakan
    pelaksana: kabid
    kelengkapan: [Surat Permohonan]
    waktu: 2 hari
"""


def declared(name: str) -> list[tuple[int, int, str]]:
    """The (line, column, code) a broken file declares in its '# expect:' header lines."""
    text = (BROKEN / name).read_text(encoding="utf-8")
    found = re.findall(r"^# expect: (\d+):(\d+) (\S+) ", text, flags=re.M)
    return [(int(line), int(column), code) for line, column, code in found]


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "bersih.yaml"
    path.write_text(CLEAN, encoding="utf-8")
    return path


def test_a_clean_file_exits_0(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sop", "check", str(clean)]) == 0
    out, err = capsys.readouterr()
    assert out == "1 berkas diperiksa: tidak ada masalah.\n"
    assert err == ""


def test_a_clean_file_in_english(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sop", "check", "--lang", "en", str(clean), str(clean)]) == 0
    assert capsys.readouterr().out == "2 file(s) checked: no problems.\n"


def test_problems_exit_1_with_every_problem_and_a_summary(
    clean: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    many = BROKEN / "banyak-alur.yaml"
    one = BROKEN / "waktu-minggu.yaml"
    assert main(["sop", "check", str(clean), str(many), str(one)]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines[-1] == "7 masalah dalam 3 berkas."
    errors = [line for line in lines if ": galat: " in line]
    hints = [line for line in lines if line.startswith("    saran: ")]
    assert len(errors) == len(hints) == 7
    assert sum(line.startswith(f"{many}:") for line in errors) == 6
    ((line, column, _),) = declared(one.name)
    assert f"{one}:{line}:{column}: galat: Langkah 4: waktu '2 minggu' tidak dikenali." in errors


def test_english_output(capsys: pytest.CaptureFixture[str]) -> None:
    path = BROKEN / "lajur-tidak-dikenal.yaml"
    assert main(["sop", "check", "--lang", "en", str(path)]) == 1
    ((line, column, _),) = declared(path.name)
    assert capsys.readouterr().out == (
        f"{path}:{line}:{column}: error: Step 4: the lane 'kasi-ti' is not in 'pelaksana'.\n"
        "    fix: Lanes defined: opd, kadis, kabid, kasi-pa. Add the lane 'kasi-ti' to "
        "'pelaksana' or fix the id.\n"
        "1 problem(s) in 1 file(s).\n"
    )


def test_json_output(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = BROKEN / "banyak-identitas.yaml"
    assert main(["sop", "check", "--json", str(clean), str(broken)]) == 1
    report = json.loads(capsys.readouterr().out)
    first, second = report["files"]
    assert first == {"file": str(clean), "ok": True, "problems": []}
    assert second["file"] == str(broken)
    assert second["ok"] is False
    problems = second["problems"]
    # sorted: the checker lists a failed shape stage in pydantic's order (see test_check.py)
    found = sorted((p["line"], p["column"], p["code"]) for p in problems)
    assert found == sorted(declared(broken.name))
    assert [code for _, _, code in found] == [
        "key.missing",
        "key.unknown",
        "value.type",
        "value.type",
        "value.identifier",
    ]
    for problem in problems:
        assert set(problem) == {"file", "line", "column", "code", "message", "hint"}
        assert problem["file"] == str(broken)
        assert problem["message"]
        assert problem["hint"]
    (unknown,) = [p for p in problems if p["code"] == "key.unknown"]
    assert unknown["message"] == "Kunci tidak dikenal 'unti' di identitas."
    assert unknown["hint"].startswith("Maksud Anda 'unit'?")


def test_json_output_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    path = BROKEN / "format-versi.yaml"
    assert main(["sop", "check", "--json", "--lang", "en", str(path)]) == 1
    (problem,) = json.loads(capsys.readouterr().out)["files"][0]["problems"]
    assert problem["message"] == (
        "'format' must be the number 1 or 2 (this file format's version); found 3."
    )
    assert problem["hint"] == (
        "Write 'format: 2' (a number, without quotes), or 'format: 1' for an older file."
    )


def test_a_missing_file_exits_2(clean: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = clean.parent / "tidak-ada.yaml"
    assert main(["sop", "check", str(clean), str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"alur: {missing}: berkas tidak ditemukan\n"
    assert main(["sop", "check", "--lang", "en", str(missing)]) == 2
    assert capsys.readouterr().err == f"alur: {missing}: file not found\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["sop", "periksa", "x.yaml"],
        ["laporan"],
        ["sop", "check"],
        ["sop", "check", "--lang", "jv", "x.yaml"],
        ["sop", "check", "--verbose", "x.yaml"],
        [],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "usage: alur" in err
    assert "galat/error:" in err


def test_the_schema_printed_is_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sop", "schema"]) == 0
    printed = capsys.readouterr().out
    shipped = (ROOT / "schema" / "sop.schema.json").read_text(encoding="utf-8")
    assert json.loads(printed) == json.loads(shipped)
    assert printed == shipped


def test_the_schema_written_to_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "sop.schema.json"
    assert main(["sop", "schema", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"format", "kode", "identitas", "pelaksana", "langkah"}


def test_a_real_process(clean: Path) -> None:
    broken = BROKEN / "tujuan-ya-tidak-ada.yaml"
    command = [sys.executable, "-m", "alur.cli", "sop", "check", str(clean), str(broken)]
    run = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False, timeout=60)
    assert run.returncode == 1, run.stderr
    assert run.stderr == ""
    ((line, column, _),) = declared(broken.name)
    assert run.stdout.splitlines() == [
        f"{broken}:{line}:{column}: galat: Langkah 3: 'ya' menuju langkah 7 yang tidak ada.",
        "    saran: Langkah yang ada: 1, 2, 3, 4, 5.",
        "1 masalah dalam 2 berkas.",
    ]
    clean_run = subprocess.run(
        [*command[:-1], "--json"], capture_output=True, text=True, cwd=ROOT, check=False, timeout=60
    )
    assert clean_run.returncode == 0
    assert json.loads(clean_run.stdout)["files"][0]["ok"] is True
