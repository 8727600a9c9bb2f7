"""``alur sop check | schema | simulate``: the definition checked, its schema, a run start to
end. No Django."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from alur.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, load_checked
from alur.cli.common import t as _t
from alur.sop import (
    FORMAT_VERSION,
    EndlessSimulation,
    InputValue,
    Lang,
    NotUpgradable,
    OfficeCalendar,
    Refused,
    Simulation,
    Sop,
    check_file,
    schema_json,
    simulate,
    upgrade_text,
)


def check_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lang: Lang = args.lang
    missing = [f for f in args.files if not pathlib.Path(f).is_file()]
    if missing:
        for name in missing:
            text = "berkas tidak ditemukan" if lang == "id" else "file not found"
            err.write(f"alur: {name}: {text}\n")
        return EXIT_USAGE
    results = [check_file(f) for f in args.files]
    problems = [p for r in results for p in r.problems]
    if args.json:
        report = {
            "files": [
                {"file": r.file, "ok": r.ok, "problems": [p.to_json(lang) for p in r.problems]}
                for r in results
            ]
        }
        out.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    else:
        for problem in problems:
            out.write(problem.format(lang) + "\n")
        out.write(_summary(len(problems), len(results), lang) + "\n")
    return EXIT_PROBLEMS if problems else EXIT_OK


def upgrade_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Each file rewritten in place to the newest format; one line per file saying what was
    done. A file that cannot be read is named and left as it is."""
    lang: Lang = args.lang
    failed = False
    for name in args.files:
        path = pathlib.Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            err.write(
                f"alur: {name}: {_t(lang, 'berkas tidak dapat dibaca', 'cannot read the file')}\n"
            )
            failed = True
            continue
        try:
            upgraded = upgrade_text(text)
        except NotUpgradable as refused:
            err.write(f"alur: {name}:{refused.line}: {refused.message(lang)}\n")
            failed = True
            continue
        if upgraded == text:
            out.write(f"{name}: {_t(lang, 'sudah format', 'already format')} {FORMAT_VERSION}\n")
            continue
        path.write_text(upgraded, encoding="utf-8")
        out.write(f"{name}: format 1 → {FORMAT_VERSION}\n")
    return EXIT_PROBLEMS if failed else EXIT_OK


def _summary(problems: int, files: int, lang: Lang) -> str:
    if lang == "id":
        if not problems:
            return f"{files} berkas diperiksa: tidak ada masalah."
        return f"{problems} masalah dalam {files} berkas."
    if not problems:
        return f"{files} file(s) checked: no problems."
    return f"{problems} problem(s) in {files} file(s)."


def schema_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    text = schema_json()
    if args.output is None:
        out.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
    return EXIT_OK


def simulate_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    lang: Lang = args.lang
    try:
        zone = ZoneInfo(args.office_zone)
    except (ZoneInfoNotFoundError, ValueError):
        err.write(
            f"alur: {_t(lang, 'zona waktu tidak dikenal', 'unknown time zone')}: "
            f"{args.office_zone}\n"
        )
        return EXIT_USAGE
    try:
        start = _start_moment(args.start, zone)
        answers = _answers(args.answer)
        data = _data(args.data)
    except ValueError as error:
        err.write(f"alur: {error}\n")
        return EXIT_USAGE
    sop = load_checked(args.file, lang, err)
    if isinstance(sop, int):
        return sop
    calendar = OfficeCalendar(zone=args.office_zone)
    try:
        run = simulate(sop, calendar, start=start, answers=answers, data=data)
    except EndlessSimulation as endless:
        text = _t(
            lang,
            f"tidak sampai ke akhir: lebih dari {endless.visited} kunjungan langkah "
            f"(terakhir langkah {endless.last_step}); periksa --answer",
            f"no end reached: more than {endless.visited} step visits "
            f"(last at step {endless.last_step}); check --answer",
        )
        err.write(f"alur: {text}\n")
        return EXIT_PROBLEMS
    except Refused as refused:
        err.write(f"alur: {refused.message(lang)}\n")
        return EXIT_PROBLEMS
    if args.json:
        out.write(json.dumps(_simulation_json(run), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_simulation(run, lang, out)
    return EXIT_OK if run.reached_end else EXIT_PROBLEMS


def _start_moment(text: str | None, zone: ZoneInfo) -> dt.datetime:
    if text is None:
        return dt.datetime.now(zone).replace(second=0, microsecond=0)
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"--start: bukan waktu ISO-8601 / not an ISO-8601 time: {text}") from None
    # A time written without an offset is read as office time.
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _answers(items: list[str]) -> dict[int, list[str]]:
    answers: dict[int, list[str]] = {}
    for item in items:
        step, sep, values = item.partition("=")
        choices = [v.strip().lower() for v in values.split(",")]
        if not sep or not step.strip().isdigit() or any(c not in ("ya", "tidak") for c in choices):
            raise ValueError(f"--answer {item}: tulis / write STEP=ya|tidak[,ya|tidak...]")
        answers.setdefault(int(step), []).extend(choices)
    return answers


def _data(items: list[str]) -> dict[str, InputValue]:
    data: dict[str, InputValue] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--data {item}: tulis / write FIELD=VALUE")
        data[name.strip()] = value.strip()
    return data


def _office_time(moment: dt.datetime | None) -> str:
    return "—" if moment is None else moment.strftime("%Y-%m-%d %H:%M %Z")


def _working_time(minutes: int, per_day: int, lang: Lang) -> str:
    days, rest = divmod(minutes, per_day)
    hours, mins = divmod(rest, 60)
    units = ("hari kerja", "jam", "menit") if lang == "id" else ("working days", "h", "min")
    parts = [f"{days} {units[0]}"]
    if hours:
        parts.append(f"{hours} {units[1]}")
    if mins:
        parts.append(f"{mins} {units[2]}")
    return " ".join(parts)


def _requester_limit(sop: Sop, step: int, lang: Lang) -> str:
    """' [batas pemohon 14 hari]' for a step with the requester's time limit: the run assumes
    the requester completes it in time."""
    limit = sop.steps[step].batas_pemohon
    if limit is None:
        return ""
    days = _t(lang, "hari", "days")
    return f" [{_t(lang, 'batas pemohon', 'requester limit')} {limit.hari} {days}]"


def _print_simulation(run: Simulation, lang: Lang, out: TextIO) -> None:
    out.write(f"{run.sop.identitas.nama} ({run.sop.kode})\n")
    rows = [
        (
            f"{v.step}" + (f" ({_t(lang, 'ke', 'visit')}-{v.visit})" if v.visit > 1 else ""),
            " + ".join(v.lane_names),
            _office_time(v.opened),
            _office_time(v.due),
            (f"→ {v.decision.value}" if v.decision else "")
            + (
                f" [{_t(lang, 'membuka kasus', 'opens a case of')} {v.related_sop}]"
                if v.related_sop
                else ""
            )
            + _requester_limit(run.sop, v.step, lang),
        )
        for v in run.steps
    ]
    header = (
        _t(lang, "Langkah", "Step"),
        _t(lang, "Lajur", "Lane"),
        _t(lang, "Dibuka", "Opened"),
        _t(lang, "Tenggat", "Due"),
        "",
    )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        out.write(("  ".join([*cells, row[4]])).rstrip() + "\n")
    outcome = run.outcome.value if run.outcome else "—"
    reason = f": {run.reason}" if run.reason else ""
    out.write(
        _t(lang, "Akhir", "End")
        + f": {_t(lang, 'langkah', 'step')} {run.end_step}, {outcome}{reason} "
        f"({_office_time(run.ended)})\n"
    )
    total = _working_time(run.total_allowed_minutes, run.minutes_per_day, lang)
    label = _t(lang, "Total waktu kerja yang diizinkan", "Total working time allowed")
    out.write(f"{label}: {total}\n")
    if run.service_due is not None:
        label = _t(lang, "Batas waktu layanan", "Service deadline")
        verdict = (
            _t(lang, "jalur ini muat", "this path fits")
            if run.fits_service_deadline
            else _t(lang, "jalur ini MELAMPAUI batas", "this path EXCEEDS it")
        )
        out.write(
            f"{label}: {run.sop.batas_waktu}, {_t(lang, 'sampai', 'until')} "
            f"{_office_time(run.service_due)}: {verdict}\n"
        )


def _simulation_json(run: Simulation) -> dict[str, object]:
    def iso(moment: dt.datetime | None) -> str | None:
        return None if moment is None else moment.isoformat()

    return {
        "sop": run.sop.kode,
        "steps": [
            {
                "step": v.step,
                "visit": v.visit,
                "lane": " + ".join(v.lane_names),
                "lanes": list(v.lanes),
                "opened": iso(v.opened),
                "due": iso(v.due),
                "done": iso(v.done),
                "decision": None if v.decision is None else v.decision.value,
                "allowed_minutes": v.allowed_minutes,
                "related_sop": v.related_sop,
            }
            for v in run.steps
        ],
        "end": {
            "step": run.end_step,
            "outcome": None if run.outcome is None else run.outcome.value,
            "reason": run.reason,
            "at": iso(run.ended),
        },
        "total_allowed_minutes": run.total_allowed_minutes,
        "total_allowed_working_days": round(run.total_allowed_minutes / run.minutes_per_day, 4),
        "service": None
        if run.service_due is None
        else {
            "deadline": run.sop.batas_waktu,
            "due": iso(run.service_due),
            "fits": run.fits_service_deadline,
        },
    }
