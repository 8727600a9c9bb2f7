"""The SOP definition: the official SOP-AP form as typed data.

One model is both the document an office signs and the process Alur runs:

    Sop
    ├── identitas        the identity block (Nomor SOP, dates, Disahkan oleh, Dasar Hukum, ...)
    ├── pelaksana        the lanes (one column per executor role in the flow table)
    ├── formulir         forms with typed fields (e.g. Formulir PA.20 Sistem Elektronik)
    ├── rujukan          reference documents of the SOP itself (a regulation, a checklist, a
    │                    form template) that a step's actor works with
    ├── jadwal_mulai     optional: the SOP starts on a schedule, not by a request
    └── langkah          the flow table, one row per step:
                         no, uraian, jenis, pelaksana, kelengkapan, waktu, output, keterangan,
                         ya/tidak for decisions, lanjut for the next step, rujukan used

Keys are Indonesian because the people who write these files work in Indonesian and the keys
follow the printed form. The JSON Schema of this model (``alur sop schema``) lets an editor
complete and check a file as it is written.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Strict, Tag

from alur.sop._definition.duration import Duration, parse_duration

FORMAT_VERSION = 2
"""The newest version of the file format: 2 added the rules of service standards (a service
deadline, extension limits, the ``ditolak`` ending, conditional requirements, reference
documents, scheduled starts); a version-1 file reads the same under it (``alur sop upgrade``)."""
"""The version of the definition format this code writes; ``format: 1`` in a file."""

StepNumber = Annotated[
    int,
    Strict(),  # a boolean is not a step number (YAML's true would otherwise read as 1)
    Field(ge=1, le=999, description="Nomor langkah, 1 sampai 999."),
]

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        max_length=64,
        description="Huruf kecil, angka, '-' atau '_' (mis. 'kabid-ti').",
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class StepKind(StrEnum):
    """The symbol of a step in the flow table, and how the flow passes it."""

    MULAI = "mulai"
    """The first step; drawn as a rounded terminator. Work is done in it like in a process."""
    PROSES = "proses"
    """A process step (rectangle)."""
    KEPUTUSAN = "keputusan"
    """A decision (diamond) with a ``ya`` and a ``tidak`` branch."""
    SELESAI = "selesai"
    """A final step (rounded terminator): when it is done the case ends."""
    PENGHUBUNG = "penghubung"
    """An off-page connector (pentagon): nobody acts, the flow passes to ``lanjut``."""


class Outcome(StrEnum):
    """How a case ends."""

    SELESAI = "selesai"
    """Finished with its result."""
    DIKEMBALIKAN = "dikembalikan"
    """Returned to the requester (e.g. requirements incomplete); nothing was produced."""
    DIHENTIKAN = "dihentikan"
    """Stopped without result (e.g. the office cannot build it)."""
    DITOLAK = "ditolak"
    """Refused: the office decided not to grant the request (e.g. it does not meet the rules)."""


class JointPolicy(StrEnum):
    """Who must confirm a step that sits in two or more lanes."""

    SALAH_SATU = "salah_satu"
    """One confirmation from any of the step's lanes completes it."""
    SEMUA = "semua"
    """Every lane must confirm; the last confirmation completes it."""


class FieldKind(StrEnum):
    TEKS = "teks"
    TEKS_PANJANG = "teks_panjang"
    TANGGAL = "tanggal"
    URL = "url"
    EMAIL = "email"
    PILIHAN = "pilihan"
    DAFTAR = "daftar"
    BERKAS = "berkas"


class Source(StrEnum):
    """Where a required input (kelengkapan) comes from."""

    LANGKAH = "langkah"
    """An output of an earlier step (the default)."""
    PEMOHON = "pemohon"
    """Supplied by the requester with the request."""
    DILAMPIRKAN = "dilampirkan"
    """Supplied by whoever acts on this step, when they act."""
    SARANA = "sarana"
    """Equipment or a tool (e.g. a laptop, a project-management application): not a document."""


class RequesterKind(StrEnum):
    """Who may file a request of an SOP (``jenis_pemohon``), as service standards name them."""

    OPD = "opd"
    """A person of a requesting agency (OPD) the office serves, for their unit."""
    ASN = "asn"
    """An employee (ASN) of the office itself, for themselves (leave, a certificate)."""
    PUBLIK = "publik"
    """A member of the public, a citizen or a business, with no staff account: files on the
    public request page and follows the case by its tracking number."""


class Registry(StrEnum):
    """The office records a step writes to when it completes."""

    SISTEM_ELEKTRONIK = "sistem_elektronik"
    """Pendataan Sistem Elektronik: registers the case's electronic system."""
    DAFTAR_APLIKASI = "daftar_aplikasi"
    """The list of all applications (application inventory) is updated."""


LetterKind = Literal["disposisi", "balasan-draf", "balasan", "berita-acara"]
"""The letter Alur drafts at a step (``surat``): a disposition sheet, a reply letter (draft or
final) or a Berita Acara Pekerjaan."""


class ReferenceKind(StrEnum):
    """What kind of document a reference (rujukan) is."""

    PERATURAN = "peraturan"
    """A regulation or decree."""
    DAFTAR = "daftar"
    """A checklist (daftar periksa)."""
    FORMULIR = "formulir"
    """A standard form template."""
    LAINNYA = "lainnya"
    """Any other document."""


class Reference(_Strict):
    """A document of the SOP itself that a step's actor uses while working: neither a step's
    output nor something the requester brings."""

    id: Identifier
    nama: str = Field(description="Nama dokumen seperti tercetak.")
    jenis: ReferenceKind = Field(
        default=ReferenceKind.LAINNYA,
        description="'peraturan', 'daftar' (daftar periksa), 'formulir' (templat) atau 'lainnya'.",
    )
    tautan: str | None = Field(
        default=None,
        description="Alamat dokumen (http:// atau https://), bila dapat dibuka daring.",
        json_schema_extra={"pattern": "^https?://"},
    )
    keterangan: str | None = None


class Signatory(_Strict):
    jabatan: str | None = Field(
        default=None, description="Jabatan yang mengesahkan, mis. 'Kepala Dinas ...'."
    )
    nama: str | None = None
    pangkat: str | None = None
    nip: str | None = None


class RelatedSop(_Strict):
    nama: str = Field(description="Nama SOP terkait seperti tercetak.")
    kode: Identifier | None = Field(default=None, description="Kode SOP terkait di Alur, bila ada.")


# Union members are chosen by the value's shape. The tags are in angle brackets because they
# appear in validation error locations, where they must never be mistaken for a key of the file.
TEXT, MAPPING, LIST, NUMBER, END, OTHER = (
    "<text>",
    "<mapping>",
    "<list>",
    "<number>",
    "<end>",
    "<other>",
)


def _text_or_mapping(value: object) -> str:
    if isinstance(value, str):
        return TEXT
    if isinstance(value, dict | BaseModel):
        return MAPPING
    return OTHER  # no member: reported as "text or a mapping" rather than as one of them


RelatedItem = Annotated[
    Annotated[str, Tag(TEXT)] | Annotated[RelatedSop, Tag(MAPPING)],
    Discriminator(_text_or_mapping),
]


class Identity(_Strict):
    """The identity block (Identitas) of the SOP-AP form."""

    pemerintah: str | None = Field(default=None, description="Mis. 'Pemerintah Kota Batam'.")
    instansi: str | None = Field(
        default=None, description="Nama dinas, mis. 'Dinas Komunikasi dan Informatika'."
    )
    unit: str | None = Field(default=None, description="Bidang yang memiliki SOP.")
    nomor: str | None = Field(default=None, description="Nomor SOP sesuai tata naskah dinas.")
    nama: str = Field(description="Nama SOP.")
    tanggal_pembuatan: dt.date | None = None
    tanggal_revisi: dt.date | None = Field(
        default=None, description="Tanggal revisi atau rencana peninjauan."
    )
    tanggal_efektif: dt.date | None = None
    disahkan_oleh: Signatory
    dasar_hukum: list[str] = Field(default_factory=list)
    kualifikasi_pelaksana: list[str] = Field(default_factory=list)
    keterkaitan: list[RelatedItem] = Field(default_factory=list)
    peralatan: list[str] = Field(default_factory=list)
    peringatan: list[str] = Field(default_factory=list)
    pencatatan: list[str] = Field(default_factory=list)
    penjelasan: list[str] = Field(
        default_factory=list, description="Penjelasan istilah yang dicetak bersama SOP."
    )


class Lane(_Strict):
    """A column of the flow table: the executor role that acts on its steps."""

    id: Identifier
    nama: str = Field(description="Nama pelaksana seperti tercetak di kepala kolom.")
    peran: Identifier | None = Field(
        default=None,
        description="Kode peran di kantor yang bertindak di lajur ini (bawaan: sama dengan id).",
    )
    pemohon: bool = Field(
        default=False, description="Lajur pihak pemohon (OPD): diisi oleh pengaju permohonan."
    )
    keterangan: str | None = None

    @property
    def role(self) -> str:
        return self.peran or self.id


class Condition(_Strict):
    """When a requirement or a field is required (``bila``): a field holding a value
    (``sama_dengan``), or being filled in at all (``terisi``). Exactly one of the two is
    written; the checker reports both or neither."""

    isian: Identifier = Field(
        description="Id isian yang menentukan: isian formulir atau isian langkah, diisi pada "
        "langkah ini atau sebelumnya."
    )
    sama_dengan: str | list[str] | None = Field(
        default=None,
        description="Berlaku bila isian bernilai ini (atau salah satu nilai daftar ini).",
    )
    terisi: bool | None = Field(
        default=None,
        description="true: berlaku bila isian terisi; false: berlaku bila isian kosong.",
    )

    @property
    def values(self) -> tuple[str, ...]:
        """The values ``sama_dengan`` accepts (one or a list), empty when it is not written."""
        if self.sama_dengan is None:
            return ()
        if isinstance(self.sama_dengan, str):
            return (self.sama_dengan,)
        return tuple(self.sama_dengan)


class FormField(_Strict):
    id: Identifier
    label: str
    jenis: FieldKind = FieldKind.TEKS
    wajib: bool = False
    pilihan: list[str] = Field(default_factory=list, description="Untuk jenis 'pilihan'.")
    bantuan: str | None = None
    bila: Condition | None = Field(
        default=None,
        description="Isian wajib ini hanya wajib bila syarat ini terpenuhi, mis. "
        "{isian: diajukan-oleh, sama_dengan: Kuasa}.",
    )


class Form(_Strict):
    id: Identifier
    nama: str
    isian: list[FormField]


class Requirement(_Strict):
    """One required input (kelengkapan) of a step."""

    nama: str
    sumber: Source = Source.LANGKAH
    dari: StepNumber | None = Field(
        default=None, description="Nomor langkah yang menghasilkannya (bila sumber 'langkah')."
    )
    formulir: Identifier | None = Field(
        default=None, description="Formulir yang harus terisi (id di 'formulir')."
    )
    wajib: bool = True
    bila: Condition | None = Field(
        default=None,
        description="Kelengkapan ini hanya wajib bila syarat ini terpenuhi, mis. surat kuasa "
        "bila {isian: diajukan-oleh, sama_dengan: Kuasa}.",
    )


class Output(_Strict):
    """One output of a step."""

    nama: str
    berkas: bool = Field(
        default=True, description="Apakah output ini sebuah berkas yang dilampirkan."
    )
    formulir: Identifier | None = Field(default=None, description="Formulir yang diisi di sini.")


class End(_Strict):
    """A branch that ends the case."""

    akhir: Outcome
    alasan: str = Field(description="Alasan yang dicatat dan disampaikan kepada pemohon.")


class Goto(_Strict):
    ke: StepNumber = Field(description="Nomor langkah tujuan.")
    label: str | None = Field(default=None, description="Label pada panah, mis. 'Tersedia'.")


def _branch_shape(value: object) -> str:
    """Pick the union member from a value's shape, so a wrong value gets one clear error."""
    if isinstance(value, dict):
        return END if "akhir" in value else MAPPING
    if isinstance(value, BaseModel):
        return END if isinstance(value, End) else MAPPING
    return NUMBER if isinstance(value, int) else OTHER


Target = Annotated[
    Annotated[StepNumber, Tag(NUMBER)] | Annotated[Goto, Tag(MAPPING)] | Annotated[End, Tag(END)],
    Discriminator(_branch_shape),
]
"""A decision branch: a step number, ``{ke: N, label: ...}`` or ``{akhir: ..., alasan: ...}``."""


RequirementItem = Annotated[
    Annotated[str, Tag(TEXT)] | Annotated[Requirement, Tag(MAPPING)],
    Discriminator(_text_or_mapping),
]
OutputItem = Annotated[
    Annotated[str, Tag(TEXT)] | Annotated[Output, Tag(MAPPING)],
    Discriminator(_text_or_mapping),
]
LaneRef = Annotated[
    Annotated[Identifier, Tag(TEXT)] | Annotated[list[Identifier], Field(min_length=1), Tag(LIST)],
    Discriminator(lambda v: LIST if isinstance(v, list | tuple) else TEXT),
]


class StartsCase(_Strict):
    """Keterkaitan: this step opens a case of a related SOP."""

    sop: Identifier = Field(description="Kode SOP terkait yang kasusnya dibuka.")
    menunggu: bool = Field(
        default=True, description="Langkah ini baru dapat selesai setelah kasus terkait berakhir."
    )
    keterangan: str | None = None


class Extension(_Strict):
    """The limits on extending a step's due (perpanjangan), as a service standard states them.

    A step without it may be extended by the head of its lane as often and as far as they
    agree, with a reason: the meaning of every file written before the key existed."""

    kali: int | None = Field(
        default=None,
        ge=0,
        description="Berapa kali tenggat langkah ini boleh diperpanjang (0: tidak boleh); "
        "kosong: tidak dibatasi.",
    )
    hari_kerja: int | None = Field(
        default=None,
        ge=1,
        description="Paling lama tiap perpanjangan, dalam hari kerja sesudah tenggat saat itu; "
        "kosong: tidak dibatasi.",
    )
    oleh: Identifier | None = Field(
        default=None,
        description="Id lajur yang memberi perpanjangan (mis. kepala-dinas); "
        "kosong: atasan pelaksana langkah.",
    )
    pemberitahuan: bool = Field(
        default=False,
        description="Perpanjangan wajib disertai surat pemberitahuan (berkas) dan pemohon "
        "diberi tahu.",
    )


class Every(StrEnum):
    """How often a scheduled SOP opens a case (``jadwal_mulai.setiap``)."""

    HARI = "hari"
    """Every working day of the office."""
    MINGGU = "minggu"
    """Once a week, on the named weekday (``hari: senin`` ... ``hari: minggu``)."""
    BULAN = "bulan"
    """Once a month, on its first or last working day (``hari: hari-kerja-pertama``)."""


WEEKDAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")
"""The ``hari`` of a weekly schedule, Monday first (their index is ``date.weekday()``)."""

MONTH_DAYS = ("hari-kerja-pertama", "hari-kerja-terakhir")
"""The ``hari`` of a monthly schedule."""

TITLE_FIELDS = ("tanggal", "bulan", "tahun")
"""What a scheduled case's ``judul`` may name in braces: the slot's date ("7 Desember 2026"),
its month ("Desember 2026") and year ("2026")."""


class StartSchedule(_Strict):
    """Jadwal mulai: the SOP is started by the office's calendar, not by a request.

    At each slot the worker opens one case whose first step is open for the staff of its lane.
    Times are the office's own (its time zone and working calendar)."""

    setiap: Every = Field(
        description="'hari' (tiap hari kerja), 'minggu' (sekali seminggu) atau 'bulan' "
        "(sekali sebulan)."
    )
    hari: str | None = Field(
        default=None,
        description="Untuk 'minggu': senin, selasa, rabu, kamis, jumat, sabtu atau minggu; "
        "untuk 'bulan': hari-kerja-pertama atau hari-kerja-terakhir; untuk 'hari': kosong.",
    )
    pukul: str = Field(
        default="08:00",
        description="Jam dibukanya kasus menurut zona waktu kantor, 'JJ:MM' dalam tanda kutip "
        "(bawaan '08:00').",
    )
    judul: str | None = Field(
        default=None,
        description="Perihal kasus yang dibuka; boleh memuat {tanggal}, {bulan} dan {tahun} "
        "(bawaan: nama SOP dan tanggalnya).",
    )

    @property
    def time(self) -> dt.time:
        """The ``pukul`` as a time; raises ``ValueError`` if it is not 'HH:MM' (see ``check``)."""
        return parse_clock(self.pukul)


def parse_clock(text: str) -> dt.time:
    """'08:00', '8:00' or '08.00' (hours 0-23, minutes 00-59) as a time; ``ValueError``
    otherwise."""
    hours, sep, minutes = text.replace(".", ":").partition(":")
    if not (sep and len(hours) in (1, 2) and len(minutes) == 2 and (hours + minutes).isdigit()):
        raise ValueError(text)
    return dt.time(int(hours), int(minutes))


class RequesterLimit(_Strict):
    """The requester's time limit on a step of the requester's lane (batas_pemohon): a case
    returned to the requester to complete lapses (``gugur``) when the limit passes.

    The limit counts calendar days from the local day the step opens and ends at the end of
    the last day: a step opened on Monday 7 December with ``hari: 14`` may be done until
    Monday 21 December, 24:00 in the office's zone. The requester is reminded ``pengingat``
    days before that last day (checked: each positive, below ``hari``, no duplicates)."""

    hari: int = Field(
        ge=1,
        description="Batas pemohon dalam hari kalender, dihitung dari hari langkah dibuka; "
        "lewat hari terakhir, permohonan gugur.",
    )
    pengingat: list[int] = Field(
        default_factory=list,
        description="Berapa hari sebelum batas pemohon diingatkan (mis. [7, 1]); tiap angka "
        "positif dan kurang dari 'hari'.",
    )


class Step(_Strict):
    """One row of the flow table."""

    no: StepNumber
    uraian: str = Field(description="Uraian prosedur, ditulis sebagai kata kerja.")
    jenis: StepKind = StepKind.PROSES
    pelaksana: LaneRef = Field(description="Id lajur (satu atau lebih).")
    konfirmasi: JointPolicy = Field(
        default=JointPolicy.SALAH_SATU,
        description="Untuk langkah bersama: cukup satu lajur atau semua lajur mengonfirmasi.",
    )
    kelengkapan: list[RequirementItem] = Field(default_factory=list)
    waktu: str | None = Field(
        default=None,
        description="'60 mnt', '3 jam', '1 hari', '1 Hari Kerja', '30 hari kalender', "
        "'Maksimal 35 Hari Kerja', 'Sesuai jadwal' atau '—'.",
    )
    jadwal: Identifier | None = Field(
        default=None, description="Untuk 'Sesuai jadwal': isian tanggal yang menentukan tenggat."
    )
    output: list[OutputItem] = Field(default_factory=list)
    keterangan: str | None = None
    isian: list[FormField] = Field(
        default_factory=list, description="Data yang dicatat pada langkah ini."
    )
    lanjut: StepNumber | None = Field(
        default=None, description="Langkah berikutnya (bawaan: nomor berikutnya)."
    )
    ya: Target | None = None
    tidak: Target | None = None
    akhir: Outcome = Field(
        default=Outcome.SELESAI, description="Untuk jenis 'selesai': hasil akhir kasus."
    )
    memulai: StartsCase | None = None
    registri: Registry | None = None
    surat: LetterKind | None = Field(
        default=None,
        description="Surat yang disusun Alur pada langkah ini: 'disposisi' (lembar disposisi), "
        "'balasan-draf', 'balasan' (surat balasan) atau 'berita-acara' (Berita Acara Pekerjaan).",
    )
    serah_terima: list[StepNumber] = Field(
        default_factory=list,
        description="Untuk surat 'berita-acara': langkah yang hasilnya diserahterimakan.",
    )
    perpanjangan: Extension | None = Field(
        default=None,
        description="Batas perpanjangan tenggat langkah ini: berapa kali, paling lama berapa "
        "hari kerja, oleh siapa, dan apakah wajib surat pemberitahuan.",
    )
    rujukan: list[Identifier] = Field(
        default_factory=list,
        description="Dokumen rujukan yang dipakai pada langkah ini (id di 'rujukan').",
    )
    batas_pemohon: RequesterLimit | None = Field(
        default=None,
        description="Untuk langkah lajur pemohon: batas waktu pemohon melengkapi (hari kalender) "
        "dan pengingatnya; lewat batas, permohonan gugur.",
    )

    @property
    def lanes(self) -> tuple[str, ...]:
        return (self.pelaksana,) if isinstance(self.pelaksana, str) else tuple(self.pelaksana)

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        return tuple(Requirement(nama=r) if isinstance(r, str) else r for r in self.kelengkapan)

    @property
    def outputs(self) -> tuple[Output, ...]:
        return tuple(Output(nama=o) if isinstance(o, str) else o for o in self.output)

    @property
    def duration(self) -> Duration:
        """The parsed ``waktu``; raises ``ValueError`` if it does not parse (see ``check``)."""
        return parse_duration(self.waktu)

    @property
    def is_decision(self) -> bool:
        return self.jenis is StepKind.KEPUTUSAN

    @property
    def is_end(self) -> bool:
        return self.jenis is StepKind.SELESAI


class Sop(_Strict):
    """An SOP definition, as loaded from its YAML file."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        json_schema_extra={"title": "Alur SOP definition (SOP-AP)"},
    )

    format: Literal[1, 2] = Field(
        description="Versi format berkas definisi: 2 (terbaru) atau 1 (tanpa aturan standar "
        "pelayanan: batas waktu layanan, perpanjangan, ditolak, bila, rujukan, jadwal_mulai, "
        "jenis_pemohon)."
    )
    kode: Identifier = Field(description="Kode unik SOP di kantor, mis. 'layanan-hosting'.")
    identitas: Identity
    pelaksana: list[Lane] = Field(min_length=1)
    jenis_pemohon: list[RequesterKind] | None = Field(
        default=None,
        description="Siapa yang dapat mengajukan permohonan: 'opd' (OPD yang dilayani), "
        "'asn' (pegawai kantor ini, untuk dirinya) dan/atau 'publik' (warga atau badan usaha "
        "tanpa akun). Bawaan: [opd].",
    )
    batas_waktu: str | None = Field(
        default=None,
        description="Batas waktu penyelesaian layanan, dihitung dari permohonan diterima dan "
        "meliputi semua langkah, mis. '14 Hari Kerja' (standar pelayanan).",
    )
    perpanjangan: Extension | None = Field(
        default=None,
        description="Batas perpanjangan batas waktu layanan: berapa kali, paling lama berapa "
        "hari kerja, oleh lajur mana, dan apakah wajib surat pemberitahuan.",
    )
    formulir: list[Form] = Field(default_factory=list)
    rujukan: list[Reference] = Field(
        default_factory=list,
        description="Dokumen rujukan SOP (peraturan, daftar periksa, templat formulir) yang "
        "dipakai pelaksana saat bekerja.",
    )
    jadwal_mulai: StartSchedule | None = Field(
        default=None,
        description="Bila SOP dimulai menurut jadwal (mis. tiap Senin pukul 08.00), bukan oleh "
        "permohonan: kapan kasusnya dibuka.",
    )
    langkah: list[Step] = Field(min_length=1)

    @property
    def requester_kinds(self) -> tuple[RequesterKind, ...]:
        """Who may file a request, in the order written; an OPD when the file does not say."""
        return tuple(self.jenis_pemohon or (RequesterKind.OPD,))

    @property
    def service_duration(self) -> Duration | None:
        """The parsed ``batas_waktu``, ``None`` without one; raises ``ValueError`` if it does
        not parse (see ``check``)."""
        return None if self.batas_waktu is None else parse_duration(self.batas_waktu)

    # Plain properties, not cached: a copy made with model_copy(update=...) must not keep
    # the index of the original.
    @property
    def steps(self) -> dict[int, Step]:
        return {s.no: s for s in self.langkah}

    @property
    def lanes(self) -> dict[str, Lane]:
        return {lane.id: lane for lane in self.pelaksana}

    @property
    def forms(self) -> dict[str, Form]:
        return {f.id: f for f in self.formulir}

    @property
    def references(self) -> dict[str, Reference]:
        return {r.id: r for r in self.rujukan}

    def references_of(self, step: Step) -> list[Reference]:
        """The reference documents ``step`` names, in its order; unknown ids are left out."""
        known = self.references
        return [known[ref] for ref in dict.fromkeys(step.rujukan) if ref in known]

    @property
    def first_step(self) -> Step:
        return self.langkah[0]

    def forms_filled_at(self, step: Step) -> list[Form]:
        """The forms (formulir) filled in at ``step``: those it produces (Formulir PA.20 at
        SOP 3's first step), those its actor supplies (``sumber: dilampirkan``) and those the
        requester supplies (``sumber: pemohon``) where the requester acts: the first step,
        which the request does, and the steps of the requester's lane (a return visit to
        complete what was returned). At other steps a requester's form is only read."""
        lanes = self.lanes
        requester_acts = step.no == self.first_step.no or any(
            lanes[lane].pemohon for lane in step.lanes if lane in lanes
        )
        ids = [o.formulir for o in step.outputs if o.formulir is not None]
        ids += [
            r.formulir
            for r in step.requirements
            if r.formulir is not None
            and (r.sumber is Source.DILAMPIRKAN or (r.sumber is Source.PEMOHON and requester_acts))
        ]
        forms = self.forms
        return [forms[form_id] for form_id in dict.fromkeys(ids) if form_id in forms]

    def next_of(self, step: Step) -> int | None:
        """The step that follows a non-decision step, or None after a final step."""
        if step.is_end:
            return None
        if step.lanjut is not None:
            return step.lanjut
        index = self.langkah.index(step)
        return self.langkah[index + 1].no if index + 1 < len(self.langkah) else None

    def successors(self, step: Step) -> list[Target]:
        """Where the flow may go after ``step``: step numbers or ends."""
        if step.is_decision:
            return [t for t in (step.ya, step.tidak) if t is not None]
        nxt = self.next_of(step)
        return [] if nxt is None else [nxt]


def document_key(name: str) -> str:
    """How two document names are compared (kelengkapan against outputs and uploads): case and
    spacing do not matter."""
    return " ".join(name.split()).casefold()


def target_step(target: Target) -> int | None:
    """The step number a branch goes to, or None if it ends the case."""
    if isinstance(target, int):
        return target
    if isinstance(target, Goto):
        return target.ke
    return None
