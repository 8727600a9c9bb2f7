"""Helpers for the service tests: a desk that acts on cases as the demo people, and snapshots
that prove a refused action changed nothing.

Every action is given its time (``at``), in the zone of the case's office: the desk's clock
moves half an hour per action, so tasks and events keep the order they were done in.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import connection

from alur.cases import services
from alur.cases.models import Case, Document, Event, Task
from alur.offices.models import Office, User

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")

SOP1 = "pengembangan-aplikasi-opd"
SOP2 = "layanan-hosting-aplikasi"
SOP3 = "integrasi-bedelau"
SOP4 = "pengembangan-aplikasi-egov"
SOP5 = "permohonan-pembuatan-aplikasi"

LETTER = "Surat Permohonan Pembuatan Aplikasi"
"""SOP 5's request letter, sent by the OPD with the request."""

HOSTING_REQUEST = (
    "Rekomendasi penyediaan layanan hosting aplikasi yang dikeluarkan oleh Tim Teknis "
    "Diskominfo Batam",
    "Surat penunjukan pegawai OPD sebagai pengelola/administrator aplikasi",
    "Petunjuk Instalasi Aplikasi",
    "Surat Permohonan",
)
"""What a hosting request (SOP 2 step 1) attaches: the three requirements and the letter."""


def pdf_bytes(label: str) -> bytes:
    """A small PDF whose bytes differ per label, so each document has its own SHA-256."""
    return b"%PDF-1.4\n% " + label.encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class Snapshot:
    """What a refused action must leave as it was."""

    version: int
    status: str
    tasks: tuple[tuple[int, int, str, str | None], ...]
    events: int
    documents: int


def snapshot_of(case: Case) -> Snapshot:
    row = Case.objects.get(pk=case.pk)
    return Snapshot(
        version=row.version,
        status=row.status,
        tasks=tuple(
            (t.step, t.visit, t.status, t.done_by.username if t.done_by else None)
            for t in Task.objects.filter(case=case).select_related("done_by")
        ),
        events=Event.objects.filter(case=case).count(),
        documents=Document.objects.filter(case=case).count(),
    )


def done_tasks(case: Case) -> list[tuple[int, int, str]]:
    """(step, visit, who) of every task of ``case``, in the order they were opened; every task
    must be done (a task left open or closed fails here)."""
    rows = list(Task.objects.filter(case=case).select_related("done_by"))
    assert [t.status for t in rows] == [Task.Status.DONE] * len(rows)
    return [(t.step, t.visit, t.done_by.username) for t in rows]  # type: ignore[union-attr]


class Desk:
    """Acts on cases as the demo people; each action half an hour after the one before."""

    def __init__(self, people: Mapping[str, User], start: dt.datetime) -> None:
        self.people = people
        self.now = start

    def tick(self, office: Office) -> dt.datetime:
        self.now += dt.timedelta(minutes=30)
        return self.now.astimezone(ZoneInfo(office.zone))

    def open(
        self,
        office: Office,
        sop: str,
        who: str,
        *,
        docs: Iterable[str] = (),
        title: str = "Aplikasi pelayanan",
        data: Mapping[str, object] | None = None,
    ) -> Case:
        return services.case_open(
            office=office,
            sop_code=sop,
            requester=self.people[who],
            title=title,
            data=data,
            uploads=self.uploads(docs),
            at=self.tick(office),
        )

    def act(
        self,
        case: Case,
        step: int,
        who: str,
        *,
        docs: Iterable[str] = (),
        decision: str | None = None,
        note: str = "",
        data: Mapping[str, object] | None = None,
    ) -> Case:
        return services.task_act(
            case=case,
            step=step,
            actor=self.people[who],
            decision=decision,
            note=note,
            data=data,
            uploads=self.uploads(docs) or None,
            at=self.tick(case.office),
        )

    @staticmethod
    def uploads(names: Iterable[str]) -> dict[str, tuple[io.BytesIO, str]]:
        return {
            name: (io.BytesIO(pdf_bytes(name)), f"berkas-{i}.pdf") for i, name in enumerate(names)
        }


# --- the documents each seed step asks for (requirements handed over, files produced) ---------

SOP1_DOCS: Mapping[int, tuple[str, ...]] = {
    1: ("Rencana Pengembangan Aplikasi",),
    2: ("Master Plan Smart City", "Peta Rencana SPBE", "Dokumen Clearance"),
    3: (
        "SK Siklus Hidup Pengembangan Perangkat Lunak di Lingkungan Pemerintah Kota Batam",
        "Standarisasi Server, Teknologi, Pengujian dan lainnya",
        "Kebutuhan dokumentasi yang diperlukan (User Manual, Dokumentasi Pengembangan, dan "
        "Dokumentasi Instalasi)",
    ),
    4: (
        "Source Code",
        "User Manual",
        "Dokumentasi Pengembangan",
        "Dokumentasi Instalasi",
        "Bukti Pengujian",
        "Laporan hasil pengujian keamanan",
    ),
    9: ("Bukti Pendataan Sistem Elektronik",),
}

SOP2_DOCS: Mapping[int, tuple[str, ...]] = {
    1: HOSTING_REQUEST,
    2: ("Surat Disposisi",),
    5: ("Spesifikasi Server",),
    6: ("Dokumentasi perangkat/server", "Dokumentasi topologi jaringan"),
    8: ("Dokumentasi instalasi",),
    9: ("Draft Surat Tanggapan atas Permohonan Pembuatan Subdomain",),
    10: ("Surat Tanggapan atas Permohonan Pembuatan Subdomain",),
}

SOP4_DOCS: Mapping[int, tuple[str, ...]] = {
    1: ("Dokumen identifikasi kebutuhan",),
    2: ("Dokumen spesifikasi kebutuhan",),
    3: ("Dokumen permintaan modifikasi kebutuhan",),
    4: ("Surat perintah tugas",),
    5: ("Dokumen rencana implementasi dan jadwal pelaksanaan dan kebutuhan usulan programmer",),
    6: ("Surat perintah tugas",),
    7: ("Dokumen DFD dan ERD",),
    8: ("Dokumen awal user acceptance test",),
    10: ("Laporan pelaksanaan user acceptance test",),
    11: ("Rencana jadwal review",),
    12: ("Laporan hasil review",),
    13: ("Laporan pelaksanaan pelatihan",),
}

SOP5_DOCS: Mapping[int, tuple[str, ...]] = {
    1: (LETTER,),
    2: ("Disposisi Dinas",),
    3: ("Disposisi Dinas",),
    5: (
        "Dokumentasi daftar aplikasi",
        "Daftar Kebutuhan aplikasi",
        "Laporan Ketersediaan Infrastruktur, SDM dan anggaran",
        "Laporan Hasil Analisis",
    ),
    6: ("Laporan Ketersediaan Infrastruktur", "Renstra, Renja, RKA"),
    7: (
        "Laporan ketidaktersediaan infrastruktur dan/atau SDM dan/atau anggaran",
        "Surat kepada OPD terkait",
    ),
    9: (
        "Standarisasi Pembangunan dan Pengembangan TIK Pemkab Sumbawa",
        "Jadwal Pengembangan Aplikasi",
        "Alur Bisnis",
        "Dokumen analisis",
    ),
    10: ("Tanggapan atas rencana pengembangan aplikasi",),
    12: (
        "Dokumentasi dan hasil analisis",
        "Dokumentasi pengembangan",
        "Dokumentasi Pengujian",
        "Petunjuk Instalasi",
        "Petunjuk Penggunaan",
        "Dokumentasi API",
    ),
    13: ("Laporan hasil instalasi dan testing",),
    14: ("Tanggapan atas hasil pengembangan aplikasi",),
    15: ("Laporan hasil instalasi dan testing",),
    17: ("Berita Acara Pekerjaan",),
}


# --- bringing a case to the step a test is about ----------------------------------------------


def sop1_at_decision(desk: Desk, office: Office, who: str = "opd.disdukcapil") -> Case:
    """A development plan (SOP 1) handed over by the developers: step 6 is open."""
    case = desk.open(
        office,
        SOP1,
        who,
        docs=SOP1_DOCS[1],
        title="Aplikasi antrean",
        data={"jadwal_selesai_pengembangan": "2026-06-30"},
    )
    desk.act(case, 2, "tatakelola.batam", docs=SOP1_DOCS[2])
    desk.act(case, 3, "subkoor.pa", docs=SOP1_DOCS[3])
    desk.act(case, 4, "dev.batam", docs=SOP1_DOCS[4])
    return desk.act(case, 5, "dev.batam")


def sop2_opened(desk: Desk, office: Office, who: str = "opd.disdukcapil") -> Case:
    """A hosting request (SOP 2) sent with its documents: step 2 waits for the Kadis."""
    return desk.open(office, SOP2, who, docs=SOP2_DOCS[1], title="Hosting aplikasi antrean")


def sop2_from_step_2(
    desk: Desk, case: Case, *, capacity: str, application: Mapping[str, object]
) -> Case:
    """Drive a hosting request from step 2 to its end, with or without server capacity."""
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])
    desk.act(case, 3, "kabid.pe", decision="ya")
    desk.act(case, 4, "kasi.pa", decision=capacity)
    if capacity == "tidak":
        desk.act(case, 5, "kasi.infratek", docs=SOP2_DOCS[5])
        desk.act(case, 6, "kasi.infratek", docs=SOP2_DOCS[6])
    desk.act(case, 7, "kasi.pa")
    desk.act(case, 8, "kasi.pa", docs=SOP2_DOCS[8], data=application)
    desk.act(case, 9, "kasi.pa", docs=SOP2_DOCS[9])
    return desk.act(case, 10, "kadis.batam", docs=SOP2_DOCS[10])


def sop5_opened(desk: Desk, office: Office, who: str = "opd.bappeda") -> Case:
    """A Bappeda request (SOP 5) with its letter: step 2 waits for the Kadis."""
    return desk.open(office, SOP5, who, docs=SOP5_DOCS[1], title="Aplikasi e-Perencanaan")


def sop5_at_availability(desk: Desk, office: Office) -> Case:
    """SOP 5 analysed by the Kasi: step 6 (is everything available?) is open for Kabid TI."""
    case = sop5_opened(desk, office)
    desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2])
    desk.act(case, 3, "kabid.ti", docs=SOP5_DOCS[3])
    desk.act(case, 4, "kasi.aplikasi")
    return desk.act(case, 5, "kasi.aplikasi", docs=SOP5_DOCS[5])


def sop5_replanned(desk: Desk, office: Office, times: int) -> Case:
    """SOP 5 re-planned ``times`` times: step 9 waits for the developers again."""
    case = sop5_at_availability(desk, office)
    desk.act(case, 6, "kabid.ti", decision="ya", docs=SOP5_DOCS[6])
    desk.act(case, 8, "kasi.aplikasi")
    for _ in range(times):
        desk.act(case, 9, "dev.sumbawa", docs=SOP5_DOCS[9])
        desk.act(case, 10, "dev.sumbawa", docs=SOP5_DOCS[10])
        desk.act(case, 11, "opd.bappeda", decision="tidak", note="Rencana diubah.")
    return case


def all_at_once(actions: list[Callable[[], object]]) -> list[object]:
    """Run each action in its own thread and database connection, released together by a
    barrier; what each returned or raised, in order."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = action()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads)
    return results


@contextmanager
def record_writable() -> Iterator[None]:
    """What the database's owner can do and Alur cannot: change the record's rows in place. On
    PostgreSQL the append-only trigger is disabled meanwhile (the owner may do that); on SQLite
    there is none."""
    if connection.vendor != "postgresql":
        yield
        return
    _trigger("DISABLE")
    try:
        yield
    finally:
        _trigger("ENABLE")


def _trigger(state: str) -> None:
    # ALTER TABLE waits for no deferred check: run those first (the foreign keys), then defer
    # them again as Django has them
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in ("cases_event", "monitoring_monitoringevent"):
            cursor.execute(f"ALTER TABLE {table} {state} TRIGGER {table}_append_only")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
