"""``alur manage reports_rebuild [--kantor KODE]``: recompute the report's rollups from the raw
rows (all offices, or one), e.g. after rows were written outside the service layer."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from alur.offices.models import Office
from alur.reports.rebuild import TABLES, office_rebuild


class Command(BaseCommand):
    help = "Hitung ulang rekap laporan kinerja dari data permohonan (semua kantor atau satu)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--kantor", default="", help="kode kantor; tanpa ini: semua kantor")

    def handle(self, *args: Any, **options: Any) -> None:
        offices = Office.objects.order_by("code")
        if options["kantor"]:
            offices = offices.filter(code=options["kantor"])
            if not offices.exists():
                raise CommandError(f"Kantor dengan kode '{options['kantor']}' tidak ada.")
        for office in offices:
            written = office_rebuild(office_id=office.pk)
            rows = ", ".join(f"{name} {written[name]}" for name in TABLES)
            self.stdout.write(f"{office.code}: {rows}")
