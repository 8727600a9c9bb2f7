"""`alur sop simulate`: one line per visited step, the end reached, the working time allowed."""

import json
from pathlib import Path

import pytest

from alur.cli import main

SOPS = Path(__file__).resolve().parents[2] / "sops"
SOP1 = str(SOPS / "01-pengembangan-aplikasi-opd.yaml")
SOP2 = str(SOPS / "02-penyediaan-layanan-hosting-aplikasi.yaml")
SOP5 = str(SOPS / "05-permohonan-pembuatan-aplikasi.yaml")


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["sop", "simulate", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_sop5_walks_both_loops_once_to_the_berita_acara(capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(
        capsys,
        SOP5,
        "--office-zone=Asia/Makassar",
        "--start=2026-08-14T10:00:00+08:00",
        "--answer=11=tidak,ya",
        "--answer=14=tidak,ya",
    )
    steps = [s["step"] for s in report["steps"]]
    assert steps == [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 9, 10, 11, 12, 13, 14, 12, 13, 14, 15, 16, 17]
    assert report["end"] == {
        "step": 17,
        "outcome": "selesai",
        "reason": None,
        "at": report["steps"][-1]["done"],
    }


def test_a_one_working_day_step_skips_independence_day(capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(
        capsys, SOP5, "--office-zone=Asia/Makassar", "--start=2026-08-14T10:00:00+08:00"
    )
    step2 = report["steps"][1]
    assert (step2["step"], step2["lane"]) == (2, "Kepala Dinas")
    assert step2["opened"] == "2026-08-14T10:00:00+08:00"
    assert step2["due"] == "2026-08-18T10:00:00+08:00"


def test_a_step_with_no_time_has_no_due_and_takes_none(capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(
        capsys, SOP5, "--office-zone=Asia/Makassar", "--start=2026-08-14T10:00:00+08:00"
    )
    step1 = report["steps"][0]
    assert step1["due"] is None
    assert step1["allowed_minutes"] == 0
    assert report["steps"][1]["opened"] == step1["opened"]


def test_sop5_ends_without_result_when_nothing_is_available(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = run_json(capsys, SOP5, "--start=2026-08-14T10:00:00+08:00", "--answer=6=tidak")
    assert [s["step"] for s in report["steps"]] == [1, 2, 3, 4, 5, 6, 7]
    assert report["end"]["outcome"] == "dihentikan"


def test_sop2_returned_at_step_3_carries_the_printed_reason(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = run_json(capsys, SOP2, "--start=2026-03-17T10:00:00+07:00", "--answer=3=tidak")
    assert [s["step"] for s in report["steps"]] == [1, 2, 3]
    assert report["end"]["outcome"] == "dikembalikan"
    assert "tidak lengkap" in report["end"]["reason"]


def test_sop2_without_capacity_provides_a_server(capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(capsys, SOP2, "--start=2026-03-17T10:00:00+07:00", "--answer=4=tidak")
    assert [s["step"] for s in report["steps"]] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    # 1 hari from Tuesday 17 March 2026 crosses Nyepi, Idul Fitri and cuti bersama
    assert report["steps"][0]["due"] == "2026-03-25T10:00:00+07:00"
    # step 4 is 3 jam of office time
    assert report["steps"][3]["allowed_minutes"] == 180


def test_the_total_is_the_sum_of_allowed_working_time(capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(capsys, SOP2, "--start=2026-03-17T10:00:00+07:00")
    minutes = sum(s["allowed_minutes"] for s in report["steps"])
    assert report["total_allowed_minutes"] == minutes
    # SOP 2 with capacity: 1+1+1 hari, 3 jam, 3+1+1+1 hari = 9 working days and 3 hours
    assert minutes == 9 * 480 + 180


def test_a_scheduled_step_is_due_at_the_recorded_date(capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(
        capsys,
        SOP1,
        "--start=2026-03-02T09:00:00+07:00",
        "--data=jadwal_selesai_pengembangan=2026-06-30",
    )
    step4 = next(s for s in report["steps"] if s["step"] == 4)
    assert step4["due"].startswith("2026-06-30T")


def test_the_related_hosting_case_is_shown(capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(capsys, SOP1, "--start=2026-03-02T09:00:00+07:00", "--answer=6=ya")
    assert [s["step"] for s in report["steps"]] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    step7 = report["steps"][6]
    assert step7["related_sop"] == "layanan-hosting-aplikasi"


def test_the_text_report_has_one_line_per_step_and_the_end(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["sop", "simulate", SOP2, "--start=2026-03-17T10:00:00+07:00", "--answer=3=tidak"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0] == "Penyediaan Layanan Hosting Aplikasi (layanan-hosting-aplikasi)"
    assert lines[1].split() == ["Langkah", "Lajur", "Dibuka", "Tenggat"]
    assert lines[2].split()[0] == "1"
    assert "2026-03-17 10:00 WIB" in lines[2]
    assert lines[4].endswith("→ tidak")
    assert lines[5].startswith("Akhir: langkah 3, dikembalikan: ")
    assert lines[6] == "Total waktu kerja yang diizinkan: 3 hari kerja"


@pytest.mark.parametrize(
    "args",
    [
        ["--answer=11=mungkin"],
        ["--answer=sebelas=ya"],
        ["--start=kemarin"],
        ["--office-zone=Asia/Atlantis"],
        ["--data=tanpa-tanda-sama-dengan"],
    ],
)
def test_bad_arguments_are_usage_errors(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    assert main(["sop", "simulate", SOP5, *args]) == 2
    assert "alur:" in capsys.readouterr().err


def test_answers_that_loop_for_ever_stop_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    answers = ",".join(["tidak"] * 2000)
    assert main(["sop", "simulate", SOP5, f"--answer=11={answers}"]) == 1
    assert "tidak sampai ke akhir" in capsys.readouterr().err


COMPLAINT = (
    Path(__file__).resolve().parents[1] / "deadlines" / "sops" / "pengaduan-perpanjangan.yaml"
)


def test_the_service_deadline_is_printed_and_a_path_within_it_fits(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # 3 + 2 working days of steps against a service deadline of 5 working days.
    args = [str(COMPLAINT), "--office-zone=Asia/Makassar", "--start=2026-03-02T09:00:00+08:00"]
    assert run_json(capsys, *args)["service"] == {
        "deadline": "5 Hari Kerja",
        "due": "2026-03-09T09:00:00+08:00",
        "fits": True,
    }
    assert main(["sop", "simulate", *args]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Batas waktu layanan: 5 Hari Kerja, sampai 2026-03-09 09:00 WITA: jalur ini muat"
    )


def test_a_path_longer_than_the_service_deadline_is_said_to_exceed_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    shorter = tmp_path / "pengaduan.yaml"
    text = COMPLAINT.read_text(encoding="utf-8")
    shorter.write_text(text.replace("batas_waktu: 5 Hari Kerja", "batas_waktu: 4 Hari Kerja"))
    args = [str(shorter), "--office-zone=Asia/Makassar", "--start=2026-03-02T09:00:00+08:00"]
    assert run_json(capsys, *args)["service"] == {
        "deadline": "4 Hari Kerja",
        "due": "2026-03-06T09:00:00+08:00",
        "fits": False,
    }
    assert main(["sop", "simulate", *args, "--lang=en"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Service deadline: 4 Hari Kerja, until 2026-03-06 09:00 WITA: this path EXCEEDS it"
    )


def test_an_sop_without_a_service_deadline_reports_none(
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = run_json(capsys, SOP2, "--office-zone=Asia/Jakarta", "--start=2026-08-14T10:00")
    assert report["service"] is None


def test_a_step_with_the_requesters_limit_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    sop = Path(__file__).resolve().parents[1] / "deadlines" / "sops" / "izin-lengkapi.yaml"
    args = [str(sop), "--answer=2=tidak,ya", "--office-zone=Asia/Makassar"]
    assert main(["sop", "simulate", *args, "--start=2026-12-07T09:00:00+08:00"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[4].split() == [
        "3",
        "OPD",
        "2026-12-08",
        "09:00",
        "WITA",
        "—",
        "[batas",
        "pemohon",
        "14",
        "hari]",
    ]
