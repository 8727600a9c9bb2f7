"""The local folder stays the default store and is checked on read as the bucket is; the S3
settings come all four or none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from alur.cases import services
from alur.cases.models import Document
from alur.common.storage import S3_REQUIRED, default_storage_config

ROOT = Path(__file__).resolve().parents[2]
SOP5 = "permohonan-pembuatan-aplikasi"
LETTER = "Surat Permohonan Pembuatan Aplikasi"


def test_without_s3_settings_files_go_to_the_local_folder() -> None:
    assert default_storage_config({}, region="us-east-1") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_with_all_four_s3_settings_files_go_to_a_private_bucket() -> None:
    config = default_storage_config(
        {name: f"nilai-{name}" for name in S3_REQUIRED}, region="ap-southeast-3"
    )

    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert (options["endpoint_url"], options["bucket_name"], options["region_name"]) == (
        "nilai-ALUR_S3_ENDPOINT",
        "nilai-ALUR_S3_BUCKET",
        "ap-southeast-3",
    )
    assert (options["default_acl"], options["file_overwrite"]) == ("private", False)


def test_some_s3_settings_without_the_others_are_refused_naming_the_missing() -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        default_storage_config(
            {"ALUR_S3_ENDPOINT": "http://s3.local", "ALUR_S3_BUCKET": "alur"}, region="us-east-1"
        )

    assert str(refused.value) == (
        "S3 storage needs all of ALUR_S3_ENDPOINT, ALUR_S3_BUCKET, ALUR_S3_ACCESS_KEY, "
        "ALUR_S3_SECRET_KEY; missing: ALUR_S3_ACCESS_KEY, ALUR_S3_SECRET_KEY"
    )


def test_the_command_refuses_to_start_with_half_the_s3_settings(tmp_path: Path) -> None:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("ALUR_S3_") and k != "DATABASE_URL"
    }
    environment |= {"ALUR_VAR_DIR": str(tmp_path), "ALUR_S3_BUCKET": "alur"}

    result = subprocess.run(
        [sys.executable, "-m", "alur.cli", "audit", "verify"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 2
    assert result.stderr == (
        "alur: pengaturan tidak sah / invalid setting: S3 storage needs all of ALUR_S3_ENDPOINT, "
        "ALUR_S3_BUCKET, ALUR_S3_ACCESS_KEY, ALUR_S3_SECRET_KEY; missing: ALUR_S3_ENDPOINT, "
        "ALUR_S3_ACCESS_KEY, ALUR_S3_SECRET_KEY\n"
    )


def test_a_file_changed_in_the_local_folder_is_refused(
    demo: SimpleNamespace, pdf: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    case = services.case_open(
        office=demo.sumbawa,
        sop_code=SOP5,
        requester=demo.people["opd.bappeda"],
        title="Aplikasi e-Perencanaan",
        uploads={LETTER: pdf("surat")},
    )
    document = Document.objects.get(case=case)
    client = Client()
    client.force_login(demo.people["opd.bappeda"])
    url = f"/permohonan/{case.pk}/dokumen/{document.pk}/"
    served = client.get(url)
    assert b"".join(served.streaming_content) == pdf("surat")[0].getvalue()
    (tmp_path / "media" / document.file.name).write_bytes(b"%PDF-1.4\nlain\n")

    response = client.get(url)

    assert response.status_code == 500
    assert "Berkas surat.pdf tidak diberikan" in response.content.decode()
