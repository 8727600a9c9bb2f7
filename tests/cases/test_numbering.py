"""Case numbers: the office's pattern, one sequence per office and year, the office's own year."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from casekit import HOSTING_REQUEST, LETTER, SOP2, SOP3, SOP5, WIB, WITA, pdf_bytes

from alur.cases import services
from alur.cases.models import Case
from alur.cases.numbering import format_number

UTC = dt.UTC
PA20 = {
    "nama_sistem": "SIMPUS",
    "opd_pemilik": "Dinas Kesehatan",
    "tujuan": "Integrasi",
    "url": "https://simpus.batam.go.id",
    "data_dipertukarkan": "NIK",
    "kontak_nama": "Rina",
    "kontak_email": "rina@dinkes.batam.go.id",
    "jenis_sistem": "Aplikasi Khusus",
}


def _sumbawa(demo, at: dt.datetime, who: str = "opd.bappeda") -> Case:
    return services.case_open(
        office=demo.sumbawa,
        sop_code=SOP5,
        requester=demo.people[who],
        title="Aplikasi",
        uploads={LETTER: (io.BytesIO(pdf_bytes("surat")), "surat.pdf")},
        at=at,
    )


def _hosting(demo, at: dt.datetime) -> Case:
    return services.case_open(
        office=demo.batam,
        sop_code=SOP2,
        requester=demo.people["opd.dinkes"],
        title="Hosting",
        uploads={name: (io.BytesIO(pdf_bytes(name)), "b.pdf") for name in HOSTING_REQUEST},
        at=at,
    )


def _integration(demo, at: dt.datetime) -> Case:
    return services.case_open(
        office=demo.batam,
        sop_code=SOP3,
        requester=demo.people["opd.dinkes"],
        title="Integrasi",
        data={"pa20": PA20},
        at=at,
    )


def test_sumbawa_numbers_its_requests_in_its_pattern(demo) -> None:
    at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WITA)

    numbers = [_sumbawa(demo, at, who).number for who in ("opd.bappeda", "opd.dikbud")]

    assert numbers == ["555/001/DKIST/2026", "555/002/DKIST/2026"]


def test_batam_numbers_every_sop_in_one_sequence_with_the_sop_and_the_roman_month(demo) -> None:
    march = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WIB)
    april = dt.datetime(2026, 4, 1, 9, 0, tzinfo=WIB)

    numbers = [
        _hosting(demo, march).number,
        _integration(demo, march).number,
        _hosting(demo, april).number,
    ]

    pattern = demo.batam.case_number_pattern
    assert pattern == "{seq:03d}/{sop}/KOMINFO/{month_roman}/{year}"
    assert numbers == [
        "001/LAYANAN-HOSTING-APLIKASI/KOMINFO/III/2026",
        "002/INTEGRASI-BEDELAU/KOMINFO/III/2026",
        "003/LAYANAN-HOSTING-APLIKASI/KOMINFO/IV/2026",
    ]


def test_offices_number_independently(demo) -> None:
    at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=WIB)

    first_batam = _hosting(demo, at)
    first_sumbawa = _sumbawa(demo, at)

    assert (first_batam.sequence, first_sumbawa.sequence) == (1, 1)


def test_a_new_year_starts_again_at_001(demo) -> None:
    _sumbawa(demo, dt.datetime(2026, 11, 2, 9, 0, tzinfo=WITA))
    _sumbawa(demo, dt.datetime(2026, 12, 1, 9, 0, tzinfo=WITA))

    january = _sumbawa(demo, dt.datetime(2027, 1, 4, 9, 0, tzinfo=WITA))

    assert (january.number, january.year, january.sequence) == ("555/001/DKIST/2027", 2027, 1)


@pytest.mark.parametrize(
    ("at", "number", "year"),
    [
        # 23.30 WITA on 31 December: still 2026 in Sumbawa
        (dt.datetime(2026, 12, 31, 15, 30, tzinfo=UTC), "555/001/DKIST/2026", 2026),
        # 00.30 WITA on 1 January, though UTC is still on 31 December: 2027 in Sumbawa
        (dt.datetime(2026, 12, 31, 16, 30, tzinfo=UTC), "555/001/DKIST/2027", 2027),
    ],
)
def test_the_year_is_the_offices_local_year(demo, at, number, year) -> None:
    case = _sumbawa(demo, at)

    assert (case.number, case.year) == (number, year)


def test_the_same_moment_can_fall_in_different_years_for_different_offices(demo) -> None:
    moment = dt.datetime(2026, 12, 31, 16, 30, tzinfo=UTC)  # 23.30 WIB, 00.30 WITA

    batam, sumbawa = _hosting(demo, moment), _sumbawa(demo, moment)

    assert (batam.number, sumbawa.number) == (
        "001/LAYANAN-HOSTING-APLIKASI/KOMINFO/XII/2026",
        "555/001/DKIST/2027",
    )


def test_a_pattern_can_use_every_part(demo) -> None:
    number = format_number(
        "{unit}/{sop}/{seq:04d}/{month:02d}/{month_roman}/{year}",
        office=demo.sumbawa,
        sop_code="permohonan-pembuatan-aplikasi",
        seq=7,
        on=dt.date(2026, 9, 30),
    )

    assert number == "DKISP-SUMBAWA/PERMOHONAN-PEMBUATAN-APLIKASI/0007/09/IX/2026"
