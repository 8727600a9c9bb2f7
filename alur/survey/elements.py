"""What the questionnaire asks: the nine elements of Permenpan RB 14/2017 in the regulation's
order, each with its question and the words of its four values (1 the worst, 4 the best), as
the regulation's sample questionnaire words them; and the respondent's profile, all optional."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Element:
    code: str
    number: int
    name: Promise
    question: Promise
    words: tuple[Promise, Promise, Promise, Promise]
    """The words of the values 1, 2, 3 and 4."""


ELEMENTS: tuple[Element, ...] = (
    Element(
        "persyaratan",
        1,
        _("Persyaratan"),
        _(
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
            "pelayanannya?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Element(
        "prosedur",
        2,
        _("Sistem, mekanisme dan prosedur"),
        _("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?"),
        (_("Tidak mudah"), _("Kurang mudah"), _("Mudah"), _("Sangat mudah")),
    ),
    Element(
        "waktu",
        3,
        _("Waktu penyelesaian"),
        _("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?"),
        (_("Tidak cepat"), _("Kurang cepat"), _("Cepat"), _("Sangat cepat")),
    ),
    Element(
        "biaya",
        4,
        _("Biaya/tarif"),
        _("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?"),
        (_("Sangat mahal"), _("Cukup mahal"), _("Murah"), _("Gratis")),
    ),
    Element(
        "produk",
        5,
        _("Produk spesifikasi jenis pelayanan"),
        _(
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang "
            "tercantum dalam standar pelayanan dengan hasil yang diberikan?"
        ),
        (_("Tidak sesuai"), _("Kurang sesuai"), _("Sesuai"), _("Sangat sesuai")),
    ),
    Element(
        "kompetensi",
        6,
        _("Kompetensi pelaksana"),
        _("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?"),
        (_("Tidak kompeten"), _("Kurang kompeten"), _("Kompeten"), _("Sangat kompeten")),
    ),
    Element(
        "perilaku",
        7,
        _("Perilaku pelaksana"),
        _(
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
            "kesopanan dan keramahan?"
        ),
        (
            _("Tidak sopan dan ramah"),
            _("Kurang sopan dan ramah"),
            _("Sopan dan ramah"),
            _("Sangat sopan dan ramah"),
        ),
    ),
    Element(
        "pengaduan",
        8,
        _("Penanganan pengaduan, saran dan masukan"),
        _("Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?"),
        (
            _("Tidak ada"),
            _("Ada tetapi tidak berfungsi"),
            _("Berfungsi kurang maksimal"),
            _("Dikelola dengan baik"),
        ),
    ),
    Element(
        "sarana",
        9,
        _("Sarana dan prasarana"),
        _("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?"),
        (_("Buruk"), _("Cukup"), _("Baik"), _("Sangat baik")),
    ),
)
CODES: tuple[str, ...] = tuple(element.code for element in ELEMENTS)
BY_CODE = {element.code: element for element in ELEMENTS}

GENDERS = (("L", _("Laki-laki")), ("P", _("Perempuan")))
EDUCATIONS = (
    ("sd", _("SD atau di bawahnya")),
    ("smp", _("SMP")),
    ("sma", _("SMA/SMK")),
    ("diploma", _("D1–D3")),
    ("s1", _("D4/S1")),
    ("s2", _("S2")),
    ("s3", _("S3")),
)
OCCUPATIONS = (
    ("pns", _("PNS/ASN")),
    ("tni-polri", _("TNI/POLRI")),
    ("swasta", _("Pegawai swasta")),
    ("wirausaha", _("Wirausaha")),
    ("pelajar", _("Pelajar/mahasiswa")),
    ("lainnya", _("Lainnya")),
)
AGES = (
    ("-24", _("di bawah 25 tahun")),
    ("25-34", _("25–34 tahun")),
    ("35-44", _("35–44 tahun")),
    ("45-54", _("45–54 tahun")),
    ("55-", _("55 tahun ke atas")),
)
