"""Who filed each request: every request so far came from an OPD, except the cases an officer
opened in the lane of their own role (their requesting unit is a division of the office)."""

from typing import Any

from django.db import migrations, models


def mark_officer_cases(apps: Any, schema_editor: Any) -> None:
    Case = apps.get_model("cases", "Case")
    Case.objects.filter(requester_unit__kind="bidang").update(requester_kind="")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_case_service_due"),
        ("offices", "0006_requester_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="requester_kind",
            field=models.CharField(
                blank=True,
                choices=[("opd", "OPD"), ("asn", "pegawai (ASN)"), ("publik", "masyarakat")],
                default="opd",
                help_text=(
                    "Siapa yang mengajukan: OPD, pegawai (ASN) kantor untuk dirinya, atau "
                    "masyarakat tanpa akun; kosong bila kasus dibuka oleh pegawai di lajur "
                    "perannya sendiri."
                ),
                max_length=10,
                verbose_name="jenis pemohon",
            ),
        ),
        migrations.RunPython(mark_officer_cases, migrations.RunPython.noop),
    ]
