"""``alur manage reports_compact``: fold the report's rollup rows of each key into one (what
``alur worker`` does every minute), e.g. before a backup or after a busy import."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from alur.reports.compaction import rollups_compact


class Command(BaseCommand):
    help = "Gabungkan baris rekap laporan kinerja per kunci menjadi satu baris."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = rollups_compact()
        rows = ", ".join(f"{name} {n}" for name, n in removed.items())
        self.stdout.write(f"Baris rekap yang digabung: {rows}")
