"""`alur demo` loads the demo installation and prints how to sign in."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable

import pytest

from alur.catalog.models import Sop, SopVersion
from alur.catalog.services import sop_version_create
from alur.cli import main
from alur.demo import DEMO_PASSWORD, OFFICES
from alur.offices.models import Membership, Office, Role, Unit, User

PEOPLE = [person for office in OFFICES for person in office.people]


def _snapshot() -> dict[str, object]:
    return {
        "offices": Office.objects.count(),
        "units": Unit.objects.count(),
        "roles": Role.objects.count(),
        "people": sorted(User.objects.values_list("username", "password")),
        "memberships": Membership.objects.count(),
        "sops": Sop.objects.count(),
        "versions": sorted(SopVersion.objects.values_list("sop__code", "number", "status")),
    }


@pytest.mark.django_db
def test_it_prints_every_demo_login_and_the_password(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Akun demo; kata sandi setiap akun: {DEMO_PASSWORD}"
    assert re.fullmatch(r"Nama pengguna +Nama +Kantor +Peran / OPD", lines[2])
    rows = {line.split()[0]: line for line in lines[3:]}
    assert sorted(rows) == sorted(p.username for p in PEOPLE)
    assert re.fullmatch(
        r"kasi\.pa +Kasi PA Batam +diskominfo-batam +kasi-pa, kasi", rows["kasi.pa"]
    )
    assert re.fullmatch(
        r"opd\.bappeda +Tim Teknis Bappeda Sumbawa +dkisp-sumbawa +OPD bappeda",
        rows["opd.bappeda"],
    )
    assert re.fullmatch(
        r"admin\.sumbawa +Admin Kantor DKISP Sumbawa +dkisp-sumbawa +admin kantor",
        rows["admin.sumbawa"],
    )


@pytest.mark.django_db
def test_every_demo_person_signs_in_with_the_printed_password() -> None:
    main(["demo"])

    for person in PEOPLE:
        assert User.objects.get(username=person.username).check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_running_it_twice_keeps_the_same_people_and_sop_versions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["demo"])
    first_output = capsys.readouterr().out
    first = _snapshot()

    assert main(["demo"]) == 0

    assert _snapshot() == first
    assert capsys.readouterr().out == first_output
    assert first["versions"] == [
        ("integrasi-bedelau", 1, "berlaku"),
        ("layanan-hosting-aplikasi", 1, "berlaku"),
        ("pengembangan-aplikasi-egov", 1, "berlaku"),
        ("pengembangan-aplikasi-opd", 1, "berlaku"),
        ("permohonan-pembuatan-aplikasi", 1, "berlaku"),
    ]


def test_it_says_so_when_the_database_is_not_set_up(
    alur_process: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    result = alur_process("demo")

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.endswith(
        "alur: basis data belum disiapkan; jalankan dulu: alur manage migrate\n"
    )


@pytest.mark.django_db
def test_running_it_again_keeps_a_version_the_office_published_since() -> None:
    main(["demo"])
    office = Office.objects.get(code="dkisp-sumbawa")
    seed = SopVersion.objects.get(sop__office=office).definition
    sop_version_create(office=office, text=seed + "\n# revisi kantor\n", publish=True)

    main(["demo"])

    assert list(
        SopVersion.objects.filter(sop__office=office)
        .order_by("number")
        .values_list("number", "status")
    ) == [(1, "dicabut"), (2, "berlaku")]
