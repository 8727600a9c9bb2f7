"""``alur sop render`` writes HTML, SVG and PDF, and refuses a broken file with the checker's
report."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest

from alur.cli import main

ROOT = Path(__file__).resolve().parents[2]
SOP3 = ROOT / "sops" / "03-integrasi-aplikasi-bedelau.yaml"
SOP5 = ROOT / "sops" / "05-permohonan-pembuatan-aplikasi.yaml"
BROKEN = Path(__file__).resolve().parent / "broken" / "akhir-pada-proses.yaml"
SVG = "{http://www.w3.org/2000/svg}svg"


def test_it_writes_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sop3.pdf"

    assert main(["sop", "render", str(SOP3), "--format", "pdf", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert capsys.readouterr().out == f"{out}: 1 halaman bagan alur\n"


def test_it_writes_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sop5.html"

    assert main(["sop", "render", str(SOP5), "--format", "html", "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Layanan Permohonan Pembuatan Aplikasi" in html
    assert capsys.readouterr().out == f"{out}: 3 halaman bagan alur\n"


def test_it_writes_one_svg_with_every_chart_page(tmp_path: Path) -> None:
    out = tmp_path / "sop5.svg"

    assert main(["sop", "render", str(SOP5), "--format", "svg", "-o", str(out)]) == 0
    root = ElementTree.parse(out).getroot()  # noqa: S314 - our own output
    pages = root.findall(SVG)
    assert root.tag == SVG
    assert [p.get("data-halaman") for p in pages] == ["1", "2", "3"]


def test_a_broken_file_gets_the_checkers_report_and_no_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rusak.pdf"

    assert main(["sop", "render", str(BROKEN), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{BROKEN}:64:12: galat: Langkah 4 memakai 'akhir'")
    assert not out.exists()


def test_a_missing_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "tidak-ada.yaml"

    assert main(["sop", "render", str(missing), "-o", str(tmp_path / "x.pdf")]) == 2
    assert capsys.readouterr().err == f"alur: {missing}: berkas tidak ditemukan\n"


def test_an_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["sop", "render", str(SOP3), "--format", "png", "-o", str(tmp_path / "x.png")])
    assert exit_.value.code == 2


def test_an_output_that_cannot_be_written_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tidak" / "ada" / "sop.html"

    assert main(["sop", "render", str(SOP3), "--format", "html", "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith(f"alur: {out}: tidak dapat ditulis: ")
