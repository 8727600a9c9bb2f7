"""``alur sop bpmn`` and ``alur sop import-bpmn``."""

from __future__ import annotations

from pathlib import Path

import pytest

from alur.cli import main
from alur.sop import check_file, from_bpmn, load

ROOT = Path(__file__).resolve().parents[2]
SOP_2 = ROOT / "sops" / "02-penyediaan-layanan-hosting-aplikasi.yaml"
FILES = Path(__file__).parent / "bpmn_files"


def test_bpmn_writes_the_export_and_import_bpmn_brings_the_same_sop_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bpmn, yaml = tmp_path / "hosting.bpmn", tmp_path / "hosting.yaml"

    assert main(["sop", "bpmn", str(SOP_2), "-o", str(bpmn)]) == 0
    assert main(["sop", "import-bpmn", str(bpmn), "-o", str(yaml)]) == 0

    checked = check_file(yaml)
    assert checked.problems == []
    assert checked.sop is not None
    assert checked.sop.model_dump() == load(SOP_2).model_dump()
    err = capsys.readouterr().err
    assert err == f"{bpmn}: BPMN ditulis\n{yaml}: 10 langkah ditulis; 0 hal tidak dibawa.\n"


def test_bpmn_without_o_prints_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sop", "bpmn", str(SOP_2)]) == 0
    out = capsys.readouterr().out
    result = from_bpmn(out)
    assert result.sop is not None
    assert result.sop.kode == "layanan-hosting-aplikasi"


def test_bpmn_of_a_file_with_problems_exits_1_with_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "rusak.yaml"
    broken.write_text(SOP_2.read_text(encoding="utf-8").replace("ya: 4", "ya: 40"), "utf-8")
    assert main(["sop", "bpmn", str(broken), "-o", str(tmp_path / "x.bpmn")]) == 1
    assert not (tmp_path / "x.bpmn").exists()
    assert "rusak.yaml:" in capsys.readouterr().err


def test_a_camunda_drawing_imports_cleanly_into_a_file_that_passes_the_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "izin.yaml"
    assert main(["sop", "import-bpmn", str(FILES / "camunda-izin.bpmn"), "-o", str(out)]) == 0
    assert main(["sop", "check", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schema/sop.schema.json\nformat: 2\n"
    )


def test_a_parallel_gateway_and_a_timer_exit_1_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = FILES / "paralel-timer.bpmn", tmp_path / "pengadaan.yaml"
    assert main(["sop", "import-bpmn", str(source), "-o", str(out)]) == 1
    assert not out.exists()
    assert capsys.readouterr().err.splitlines() == [
        f"{source}:6: [bagi] tidak dibawa: gerbang paralel tidak dapat dibawa ke SOP Alur: "
        "Alur menjalankan satu langkah pada satu waktu, tanpa cabang yang berjalan bersamaan",
        f"{source}:9: [gabung] tidak dibawa: gerbang paralel tidak dapat dibawa ke SOP Alur: "
        "Alur menjalankan satu langkah pada satu waktu, tanpa cabang yang berjalan bersamaan",
        f"{source}:10: [tunggu] tidak dibawa: peristiwa antara (timer) tidak dapat dibawa ke "
        "SOP Alur: di Alur tenggat adalah waktu langkah dan hubungan dengan pihak lain adalah "
        "langkah, bukan peristiwa",
        "Alur proses tidak dapat dibawa: tidak ada berkas yang ditulis.",
    ]


def test_what_was_not_carried_is_reported_in_english_and_kept_as_comments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, out = FILES / "sebagian.bpmn", tmp_path / "surat.yaml"
    assert main(["sop", "import-bpmn", "--lang", "en", str(source), "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert f"{source}:7: [konsep] not carried: the attribute camunda:assignee is not carried" in err
    assert err[-1] == f"{out}: 3 steps written; 5 item(s) not carried."
    text = out.read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("# not carried from")]
    assert comments[1] == (
        "# not carried from sebagian.bpmn:7: [konsep] not carried: "
        "the attribute camunda:assignee is not carried"
    )
    assert len(comments) == 5
    assert check_file(out).problems == []


def test_a_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sop", "import-bpmn", "tidak-ada.bpmn"]) == 2
    assert capsys.readouterr().err == "alur: tidak-ada.bpmn: berkas tidak ditemukan\n"
