"""The demo installation: two offices, their people in every lane, requesting OPDs, the seeds.

Diskominfo Kota Batam (WIB) runs SOPs 1-4; DKISP Kabupaten Sumbawa (WITA) runs SOP 5. Every
lane of every SOP has a person; each office serves two OPDs with a requester each. Loading again
keeps what exists (people keep their passwords, SOPs get a new version only when the file
changed).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from django.db import transaction

from alur.catalog.models import SopVersion
from alur.catalog.services import sop_version_create, sop_version_publish
from alur.letters.models import Letterhead
from alur.offices.models import Membership, Office, Role, Unit, User

SOPS_DIR = Path(__file__).resolve().parents[2] / "sops"
DEMO_PASSWORD = "alur-demo-2026"  # noqa: S105 - the published password of the demo accounts


@dataclasses.dataclass(frozen=True)
class Person:
    username: str
    name: str
    position: str
    unit: str
    roles: tuple[str, ...] = ()
    office_admin: bool = False


@dataclasses.dataclass(frozen=True)
class LetterheadSpec:
    """The kop surat lines and the head of office who signs the demo's letters."""

    name: str
    address: str
    contact: str
    unit_code: str
    head_name: str
    head_position: str
    head_rank: str
    head_nip: str


@dataclasses.dataclass(frozen=True)
class OfficeSpec:
    code: str
    name: str
    government: str
    city: str
    zone: str
    pattern: str
    sops: tuple[str, ...]
    divisions: tuple[tuple[str, str], ...]
    agencies: tuple[tuple[str, str], ...]
    roles: tuple[tuple[str, str, str | None], ...]
    """(code, name, head role code)."""
    people: tuple[Person, ...]
    letterhead: LetterheadSpec


BATAM = OfficeSpec(
    code="diskominfo-batam",
    name="Dinas Komunikasi dan Informatika Kota Batam",
    government="Pemerintah Kota Batam",
    city="Batam",
    zone="Asia/Jakarta",
    pattern="{seq:03d}/{sop}/KOMINFO/{month_roman}/{year}",
    sops=(
        "01-pengembangan-aplikasi-opd.yaml",
        "02-penyediaan-layanan-hosting-aplikasi.yaml",
        "03-integrasi-aplikasi-bedelau.yaml",
        "04-pengembangan-aplikasi-e-government.yaml",
    ),
    divisions=(
        ("sekretariat", "Sekretariat"),
        ("bidang-pe", "Bidang Penyelenggaraan E-Government"),
        ("bidang-ti", "Bidang Teknologi Informasi"),
    ),
    agencies=(
        ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil Kota Batam"),
        ("dinkes", "Dinas Kesehatan Kota Batam"),
    ),
    roles=(
        ("kadis", "Kepala Dinas Komunikasi dan Informatika", None),
        ("kabid-pe", "Kepala Bidang Penyelenggaraan E-Government", "kadis"),
        ("kasi-pa", "Kepala Seksi Pengembangan Aplikasi", "kabid-pe"),
        ("kasi-infratek", "Kepala Seksi Infrastruktur & Teknologi", "kabid-pe"),
        ("tata-kelola", "Sub Koordinator Tata Kelola E-Government", "kabid-pe"),
        ("sub-koor-pa", "Sub Koordinator Pengembangan Aplikasi", "kabid-pe"),
        ("persandian", "Sub Koordinator Persandian", "kabid-pe"),
        ("tim-pengembang", "Tim Pengembang Aplikasi", "sub-koor-pa"),
        ("pranata-komputer", "Pranata Komputer", "kasi-pa"),
        ("kasi", "Kasi (Bidang E-Gov, Sistem dan Statistik)", "kabid-pe"),
        ("system-analyst", "System Analyst", "kasi"),
        ("staf", "Staf Pengembang", "kasi"),
    ),
    people=(
        Person(
            "kadis.batam", "Kepala Dinas Kominfo Batam", "Kepala Dinas", "sekretariat", ("kadis",)
        ),
        Person("kabid.pe", "Kabid PE Batam", "Kepala Bidang PE", "bidang-pe", ("kabid-pe",)),
        Person("kasi.pa", "Kasi PA Batam", "Kepala Seksi PA", "bidang-pe", ("kasi-pa", "kasi")),
        Person(
            "kasi.infratek",
            "Kasi Infratek Batam",
            "Kepala Seksi Infratek",
            "bidang-ti",
            ("kasi-infratek",),
        ),
        Person(
            "tatakelola.batam",
            "Sub Koordinator Tata Kelola",
            "Pranata Komputer Ahli Muda",
            "bidang-pe",
            ("tata-kelola",),
        ),
        Person(
            "subkoor.pa",
            "Sub Koordinator PA",
            "Pranata Komputer Ahli Muda",
            "bidang-pe",
            ("sub-koor-pa",),
        ),
        Person(
            "sandiman.batam",
            "Sub Koordinator Persandian",
            "Sandiman Ahli Muda",
            "bidang-ti",
            ("persandian",),
        ),
        Person(
            "dev.batam",
            "Pengembang Batam",
            "Pranata Komputer Ahli Pertama",
            "bidang-pe",
            ("tim-pengembang", "staf", "pranata-komputer"),
        ),
        Person(
            "analis.batam",
            "System Analyst Batam",
            "Pranata Komputer Ahli Pertama",
            "bidang-pe",
            ("system-analyst",),
        ),
        Person("opd.disdukcapil", "Kepala Disdukcapil Batam", "Kepala Dinas", "disdukcapil"),
        Person("opd.dinkes", "Kepala Dinkes Batam", "Kepala Dinas", "dinkes"),
        Person(
            "admin.batam",
            "Admin Kantor Kominfo Batam",
            "Pengelola Layanan",
            "sekretariat",
            office_admin=True,
        ),
    ),
    letterhead=LetterheadSpec(
        name="Dinas Komunikasi dan Informatika",
        address="Jl. Engku Putri No. 1, Batam Centre, Batam 29461",
        contact="Telp. (0778) 462050, Laman kominfo.batam.go.id",
        unit_code="KOMINFO",
        head_name="Kepala Dinas Kominfo Batam",
        head_position="Kepala Dinas Komunikasi dan Informatika",
        head_rank="Pembina Utama Muda (IV/c)",
        head_nip="197001012000031001",
    ),
)

SUMBAWA = OfficeSpec(
    code="dkisp-sumbawa",
    name="Dinas Komunikasi Informatika Statistik dan Persandian Kabupaten Sumbawa",
    government="Pemerintah Kabupaten Sumbawa",
    city="Sumbawa Besar",
    zone="Asia/Makassar",
    pattern="555/{seq:03d}/DKIST/{year}",
    sops=("05-permohonan-pembuatan-aplikasi.yaml",),
    divisions=(
        ("sekretariat", "Sekretariat"),
        ("bidang-ti", "Bidang Teknologi Informasi"),
    ),
    agencies=(
        ("bappeda", "Badan Perencanaan Pembangunan Daerah Kabupaten Sumbawa"),
        ("dikbud", "Dinas Pendidikan dan Kebudayaan Kabupaten Sumbawa"),
    ),
    roles=(
        ("kadis", "Kepala Dinas Komunikasi Informatika Statistik dan Persandian", None),
        ("kabid-ti", "Kepala Bidang Teknologi Informasi", "kadis"),
        ("kasi-aplikasi", "Kepala Seksi Aplikasi dan E-Government", "kabid-ti"),
        ("tim-pengembang", "Tim Pengembang Aplikasi", "kasi-aplikasi"),
    ),
    people=(
        Person("kadis.sumbawa", "Kepala DKISP Sumbawa", "Kepala Dinas", "sekretariat", ("kadis",)),
        Person("kabid.ti", "Kabid TI Sumbawa", "Kepala Bidang TI", "bidang-ti", ("kabid-ti",)),
        Person(
            "kasi.aplikasi",
            "Kasi Aplikasi Sumbawa",
            "Kepala Seksi Aplikasi dan E-Government",
            "bidang-ti",
            ("kasi-aplikasi",),
        ),
        Person("dev.sumbawa", "Pengembang Sumbawa", "Programmer", "bidang-ti", ("tim-pengembang",)),
        Person("opd.bappeda", "Tim Teknis Bappeda Sumbawa", "Kepala Bidang", "bappeda"),
        Person("opd.dikbud", "Tim Teknis Dikbud Sumbawa", "Kepala Bidang", "dikbud"),
        Person(
            "admin.sumbawa",
            "Admin Kantor DKISP Sumbawa",
            "Pengelola Layanan",
            "sekretariat",
            office_admin=True,
        ),
    ),
    letterhead=LetterheadSpec(
        name="Dinas Komunikasi Informatika Statistik dan Persandian",
        address="Jl. Garuda No. 1, Sumbawa Besar 84312",
        contact="Laman diskominfo.sumbawakab.go.id",
        unit_code="DKISP",
        head_name="Kepala DKISP Sumbawa",
        head_position="Kepala Dinas Komunikasi Informatika Statistik dan Persandian",
        head_rank="Pembina Utama Muda (IV/c)",
        head_nip="197105052001121002",
    ),
)

OFFICES = (BATAM, SUMBAWA)


def demo_load(*, sops_dir: Path = SOPS_DIR) -> list[Person]:
    """Create or complete the demo installation; returns the demo people."""
    people: list[Person] = []
    with transaction.atomic():
        for spec in OFFICES:
            office = _office(spec)
            for file in spec.sops:
                _sop(office, sops_dir / file)
            people += spec.people
    return people


def _office(spec: OfficeSpec) -> Office:
    office, _ = Office.objects.get_or_create(
        code=spec.code,
        defaults={
            "name": spec.name,
            "government": spec.government,
            "city": spec.city,
            "zone": spec.zone,
            "case_number_pattern": spec.pattern,
            "opens": dt.time(8, 0),
            "closes": dt.time(16, 0),
        },
    )
    units = {}
    for code, name in spec.divisions:
        units[code], _ = Unit.objects.get_or_create(
            office=office, code=code, defaults={"name": name, "kind": Unit.Kind.DIVISION}
        )
    for code, name in spec.agencies:
        units[code], _ = Unit.objects.get_or_create(
            office=office, code=code, defaults={"name": name, "kind": Unit.Kind.AGENCY}
        )
    roles = {}
    for code, name, _head in spec.roles:
        roles[code], _ = Role.objects.get_or_create(
            office=office, code=code, defaults={"name": name}
        )
    for code, _name, head in spec.roles:
        if head is not None and roles[code].head_id is None:
            roles[code].head = roles[head]
            roles[code].save(update_fields=["head"])
    for person in spec.people:
        first, _, last = person.name.partition(" ")
        user, created = User.objects.get_or_create(
            username=person.username,
            defaults={
                "first_name": first,
                "last_name": last,
                "office": office,
                "unit": units[person.unit],
                "position": person.position,
                "email": f"{person.username}@demo.invalid",
                "is_office_admin": person.office_admin,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for role in person.roles:
            Membership.objects.get_or_create(user=user, role=roles[role])
    _letterhead(office, spec)
    return office


HEAD_FIELDS = ("head_name", "head_position", "head_rank", "head_nip")


def _letterhead(office: Office, spec: OfficeSpec) -> Letterhead:
    """The office's kop surat with its signer, so the demo's letters can be made; an office
    whose letterhead has no head of office yet gets the demo's, the rest is kept."""
    values = dataclasses.asdict(spec.letterhead)
    letterhead, created = Letterhead.objects.get_or_create(
        office=office, defaults={"government": spec.government, **values}
    )
    if not created and not letterhead.head_name.strip():
        for name in HEAD_FIELDS:
            setattr(letterhead, name, values[name])
        letterhead.save(update_fields=list(HEAD_FIELDS))
    return letterhead


def _sop(office: Office, path: Path) -> SopVersion:
    text = path.read_text(encoding="utf-8")
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    existing = SopVersion.objects.filter(sop__office=office, checksum=checksum).first()
    if existing is not None:
        # Publish the seed again only if nothing else is in force or scheduled: a version the
        # office brought into force since stays the one new cases start on.
        published = SopVersion.objects.filter(sop=existing.sop, status=SopVersion.Status.IN_FORCE)
        if not published.exists():
            sop_version_publish(version=existing)
        return existing
    return sop_version_create(office=office, text=text, filename=path.name, publish=True)
