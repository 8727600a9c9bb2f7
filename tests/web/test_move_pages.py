"""The office administrator's pages for moving running cases to another SOP version: the dry
run, the mapping, applying it, the kept report, and the doors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import Client

from alur.cases.models import Case, Event, VersionMove
from alur.catalog.models import SopVersion
from alur.catalog.services import sop_version_create

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "sops" / "05-permohonan-pembuatan-aplikasi.yaml"


@pytest.fixture
def target(demo: SimpleNamespace) -> SopVersion:
    text = SEED.read_text(encoding="utf-8").replace(
        "uraian: Kepala Dinas mendisposisikan surat ke Kepala Bidang TI.",
        "uraian: Kepala Dinas mendisposisikan surat permohonan ke Kepala Bidang TI.",
    )
    return sop_version_create(office=demo.sumbawa, text=text, filename="v2.yaml", publish=True)


def url(version: SopVersion) -> str:
    return f"/pengaturan/sop/{version.sop_id}/pindahkan/"


def test_the_dry_run_lists_the_running_case_and_its_mapping(
    client_for: Callable[[str], Client], sop5_case: Case, target: SopVersion
) -> None:
    page = client_for("admin.sumbawa").get(url(target))

    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-case="{sop5_case.number}" data-movable="ya"' in html
    assert f'name="peta-{sop5_case.sop_version_id}-2"' in html
    assert "Kepala Dinas mendisposisikan surat permohonan" in html
    assert not Event.objects.filter(kind="case.moved").exists()


def test_a_step_mapped_nowhere_shows_the_case_cannot_move(
    client_for: Callable[[str], Client], sop5_case: Case, target: SopVersion
) -> None:
    field = f"peta-{sop5_case.sop_version_id}-2"
    page = client_for("admin.sumbawa").post(
        url(target), {"versi": target.pk, field: "1", "pratinjau": ""}
    )
    assert page.status_code == 200
    assert f'data-case="{sop5_case.number}" data-movable="ya"' in page.content.decode()

    bad = client_for("admin.sumbawa").post(
        url(target), {"versi": target.pk, field: "dua", "terapkan": ""}
    )
    assert bad.status_code == 422
    assert "Tujuan langkah 2 harus nomor langkah versi" in bad.content.decode()
    assert not VersionMove.objects.exists()


def test_applying_moves_the_case_and_keeps_the_report(
    client_for: Callable[[str], Client], sop5_case: Case, target: SopVersion
) -> None:
    admin = client_for("admin.sumbawa")
    answer = admin.post(url(target), {"versi": target.pk, "terapkan": ""})

    run = VersionMove.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"{url(target)}{run.pk}/"
    sop5_case.refresh_from_db()
    assert sop5_case.sop_version == target
    report = admin.get(answer["Location"])
    assert f'data-case="{sop5_case.number}" data-moved="ya"' in report.content.decode()
    # The case's page shows the move in its record.
    case_page = client_for("kadis.sumbawa").get(f"/permohonan/{sop5_case.pk}/")
    assert case_page.status_code == 200
    assert "Dipindahkan ke versi SOP lain" in case_page.content.decode()


@pytest.mark.parametrize(("who", "status"), [("kadis.sumbawa", 403), ("admin.batam", 404)])
def test_only_the_office_administrator_reaches_the_pages(
    client_for: Callable[[str], Client], target: SopVersion, who: str, status: int
) -> None:
    client = client_for(who)
    assert client.get(url(target)).status_code == status
    assert client.post(url(target), {"terapkan": ""}).status_code == status
    assert not VersionMove.objects.exists()


def test_the_sop_version_page_leads_to_the_move_while_a_case_runs_on_another_version(
    client_for: Callable[[str], Client], sop5_case: Case, target: SopVersion
) -> None:
    admin = client_for("admin.sumbawa")
    version_page = f"/pengaturan/sop/{target.sop_id}/versi/{target.number}/"
    link = f'<a id="pindahkan-permohonan" href="{url(target)}">'

    before = admin.get(version_page).content.decode()
    admin.post(url(target), {"versi": target.pk, "terapkan": ""})
    after = admin.get(version_page).content.decode()

    assert link in before
    assert (
        f"1 permohonan berjalan pada versi lain dari versi {target.number} yang berlaku." in before
    )
    assert link not in after
    assert 'id="permohonan-versi-lain"' not in after


def test_the_sop_version_page_has_no_move_link_while_every_case_runs_on_the_version_in_force(
    client_for: Callable[[str], Client], sop5_case: Case
) -> None:
    version = sop5_case.sop_version
    page = client_for("admin.sumbawa").get(
        f"/pengaturan/sop/{version.sop_id}/versi/{version.number}/"
    )

    assert page.status_code == 200
    assert 'id="pindahkan-permohonan"' not in page.content.decode()
