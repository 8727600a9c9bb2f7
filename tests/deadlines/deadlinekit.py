"""Helpers for the deadline tests (fixtures in ``conftest``): zones, uploads, and a hosting
request (SOP 2, Diskominfo Batam, WIB) brought to step 3, the Kepala Bidang PE's check
(1 hari). Step 3's lane is the Kabid PE (kabid.pe); the head of that role is the Kadis
(kadis.batam)."""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.db import connection

from alur.cases.models import Case, Task
from alur.deadlines.alerts import ScanResult

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")

HOSTING_REQUEST = (
    "Rekomendasi penyediaan layanan hosting aplikasi yang dikeluarkan oleh Tim Teknis "
    "Diskominfo Batam",
    "Surat penunjukan pegawai OPD sebagai pengelola/administrator aplikasi",
    "Petunjuk Instalasi Aplikasi",
    "Surat Permohonan",
)


def pdf_bytes(label: str) -> bytes:
    return b"%PDF-1.4\n% " + label.encode() + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def uploads(names: tuple[str, ...]) -> dict[str, tuple[io.BytesIO, str]]:
    return {name: (io.BytesIO(pdf_bytes(name)), f"berkas-{i}.pdf") for i, name in enumerate(names)}


StepThree = Callable[[dt.datetime], tuple[Case, Task]]
"""Opens a hosting request whose step 3 opens at the given moment: (case, step 3's task)."""


def at_once(action: Callable[[], ScanResult], n: int) -> list[ScanResult | BaseException]:
    """Run ``action`` in ``n`` threads released together, each on its own connection."""
    barrier = threading.Barrier(n)
    results: list[ScanResult | BaseException] = [ScanResult()] * n

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = action()
        except BaseException as error:  # reported by the caller's assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results
