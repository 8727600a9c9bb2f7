"""The case page of a case with a short and with a long history, against a trivial signed-in
view, in one process on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bench_case_page.py [--loops 300] [--rounds 40] [--profile]

The bench office of ``bench_http.py`` in small: one officer and the loop SOP with uploads
(``bench-berkas``: steps 2 and 3 each attach a file, step 3 sends the case back to step 2).
Three requests are opened and worked through ``services.task_act``, going round the loop once
(short), 12 times (middle: a history just longer than the page shows of it) and ``--loops``
times (long); a round adds two visits, six events and two document versions. Its database is
``alur_bench_case`` on the server of ``DATABASE_URL``, dropped and made again.

Each page is asked through Django's test client with the full middleware (DEBUG off), the
trivial view being the bell's count (``/pemberitahuan/lonceng/``: session, person, one count).
Then the short and the long case are completed ``--rounds`` times each as the page does it
(htmx POST with the step's file), each completion one step further round the loop.
Prints p50 of ``--rounds`` requests of each, the queries of each case page, and the ratios;
``--profile`` adds where the long case page's time goes (cProfile, cumulative).

Bounds (exit 1 when one fails): the long case page (p50) within 1.25x of the middle one, with
the same number of queries as the short one; a completion of the long case within 1.25x of
one of the short case; the long case page (p50) <= 4 trivial requests (p50), the bound
``bench_http.py`` sets over HTTP (in one process, without the server's own cost in either
figure, it is the harder to meet).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from bench_http import BELL, database_url, loop_sop, next_action, recreate, server_url

DATABASE = "alur_bench_case"
OVER_TRIVIAL = 4.0
LONG_OVER_MIDDLE = 1.25
LONG_OVER_SHORT_COMPLETION = 1.25
MIDDLE = 12


def prepare(loops: int) -> tuple[str, dict[str, int]]:
    """The office, its officer and SOP, and three cases: once round the loop, ``MIDDLE`` times
    and ``loops`` times."""
    from alur.cases import services
    from alur.catalog.services import sop_version_create
    from alur.offices.models import Membership, Office, Role, Unit, User

    office = Office.objects.create(
        code="uji-halaman",
        name="Dinas Uji Halaman",
        government="Pemerintah Kota Uji",
        city="Kota Uji",
        zone="Asia/Jakarta",
        case_number_pattern="{seq:05d}/{sop}/{year}",
    )
    unit = Unit.objects.create(office=office, code="uji", name="Bidang Uji", kind="bidang")
    role = Role.objects.create(office=office, code="petugas", name="Petugas")
    officer = User.objects.create(username="uji.petugas", office=office, unit=unit)
    Membership.objects.create(user=officer, role=role)
    sop_version_create(office=office, text=loop_sop("bench-berkas", True), publish=True)

    def worked(rounds: int) -> int:
        case = services.case_open(
            office=office, sop_code="bench-berkas", requester=officer, title=f"Uji {rounds}"
        )
        for n in range(rounds):
            for step, name, decision in (
                (2, "Lampiran tahap kedua", None),
                (3, "Lampiran keputusan", "tidak"),
            ):
                upload = io.BytesIO(b"%PDF-1.4\n% uji\n" + f"{n}".encode())
                case = services.task_act(
                    case=case,
                    step=step,
                    actor=officer,
                    decision=decision,
                    note=f"putaran {n}",
                    uploads={name: (upload, f"{step}-{n}.pdf")},
                )
        return case.pk

    return officer.username, {"short": worked(1), "middle": worked(MIDDLE), "long": worked(loops)}


def p50(ask: Callable[[], object], rounds: int) -> float:
    for _ in range(3):
        ask()
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        ask()
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loops", type=int, default=300, help="rounds of the long case's loop")
    parser.add_argument("--rounds", type=int, default=40, help="requests timed per page")
    parser.add_argument("--profile", action="store_true", help="profile the long case page")
    parser.add_argument("--profile-case", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()

    server = server_url()
    recreate(server, DATABASE)
    os.environ.update(
        DATABASE_URL=database_url(server, DATABASE),
        ALUR_DEBUG="0",
        ALUR_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="alur.settings",
    )
    import tempfile

    os.environ.setdefault("ALUR_VAR_DIR", tempfile.mkdtemp(prefix="alur-bench-case-"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from alur.cases.models import Document, Event, Task
    from alur.offices.models import User

    call_command("migrate", verbosity=0)
    username, cases = prepare(args.loops)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # the statistics autovacuum keeps in service
    browser = Client(HTTP_HOST="127.0.0.1")
    browser.force_login(User.objects.get(username=username))

    def ask(path: str) -> Callable[[], object]:
        def get() -> object:
            response = browser.get(path)
            assert response.status_code == 200, (path, response.status_code)
            return response

        return get

    queries = {}
    for name, pk in cases.items():
        with CaptureQueriesContext(connection) as captured:
            ask(f"/permohonan/{pk}/")()
        queries[name] = len(captured.captured_queries)
    times = {"trivial": p50(ask(BELL), args.rounds)}
    for name, pk in cases.items():
        times[name] = p50(ask(f"/permohonan/{pk}/"), args.rounds)
    print(f"trivial view (the bell)          p50 {times['trivial']:7.2f} ms")
    for name, pk in cases.items():
        print(
            f"case page, {name + ' history':21} p50 {times[name]:7.2f} ms, "
            f"{queries[name]} queries ({Task.objects.filter(case_id=pk).count()} visits, "
            f"{Event.objects.filter(case_id=pk).count()} events, "
            f"{Document.objects.filter(case_id=pk).count()} document versions)"
        )
    timed = ("short", "long")
    where = {
        name: next_action(browser.get(f"/permohonan/{cases[name]}/").content.decode())
        for name in timed
    }

    def complete(name: str) -> Callable[[], object]:
        """The page's htmx completion of the case's open step, with its file; each goes one
        step further round the loop, so the history grows as it is timed."""

        def post() -> object:
            found = where[name]
            assert found is not None, name
            step, version = found
            data = {
                "version": str(version),
                "note": "uji",
                "doc-0": io.BytesIO(b"%PDF-1.4\n% uji\n"),
            }
            if step == 3:
                data["decision"] = "tidak"
            response = browser.post(
                f"/permohonan/{cases[name]}/langkah/{step}/", data, HTTP_HX_REQUEST="true"
            )
            assert response.status_code == 200, (name, response.status_code)
            where[name] = next_action(response.content.decode()) or next_action(
                browser.get(f"/permohonan/{cases[name]}/").content.decode()
            )
            return response

        return post

    completions = {name: p50(complete(name), args.rounds) for name in timed}
    for name in timed:
        print(f"page completion, {name + ' history':15} p50 {completions[name]:7.2f} ms")
    checks = [
        ("long case page / trivial view (p50)", times["long"] / times["trivial"], OVER_TRIVIAL),
        ("long / middle case page (p50)", times["long"] / times["middle"], LONG_OVER_MIDDLE),
        (
            "long / short completion (p50)",
            completions["long"] / completions["short"],
            LONG_OVER_SHORT_COMPLETION,
        ),
    ]
    failed = len(set(queries.values())) != 1
    print("\nratios (bound in brackets)")
    for name, ratio, bound in checks:
        ok = ratio <= bound
        failed |= not ok
        print(f"  {name:40} {ratio:6.2f}  (<= {bound:g})  {'ok' if ok else 'FAIL'}")
    print(f"  {'short case page / trivial view (p50)':40} {times['short'] / times['trivial']:6.2f}")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        get = ask(f"/permohonan/{args.profile_case or cases['long']}/")
        profiler.enable()
        for _ in range(10):
            get()
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(
            r"alur/|template/(base|defaulttags|loader_tags)", 30
        )
        stats.sort_stats("tottime").print_stats(20)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
