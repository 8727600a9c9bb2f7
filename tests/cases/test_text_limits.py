"""Every text a case keeps has a length, checked by the services whatever calls them; a title
or a document's name with an invisible character is refused with the place named. A refusal
keeps nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from casekit import SOP5, SOP5_DOCS, WITA, Desk, pdf_bytes, sop5_opened

from alur.cases import services
from alur.cases.models import Case, Document, Event
from alur.catalog.services import sop_version_create

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 3, 2, 11, 0, tzinfo=WITA)
FORM_SOP = Path(__file__).parent / "sops" / "formulir-pemohon.yaml"


def _record(case: Case) -> tuple[object, ...]:
    fresh = Case.objects.get(pk=case.pk)
    return (
        fresh.version,
        fresh.state,
        Event.objects.filter(case=case).count(),
        Document.objects.filter(case=case).count(),
    )


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (
            "Surat \u202efdp.exe",
            "Perihal memuat karakter tak terlihat (U+202E) pada posisi 7; hapus lalu ulangi.",
        ),
        (
            "Aplikasi\u200b e-Perencanaan",
            "Perihal memuat karakter tak terlihat (U+200B) pada posisi 9; hapus lalu ulangi.",
        ),
        ("A" * 301, "Perihal paling panjang 300 karakter; yang dikirim 301 karakter."),
    ],
)
def test_a_request_with_an_invisible_character_or_a_long_title_is_refused_whole(
    demo: SimpleNamespace, desk: Desk, title: str, message: str
) -> None:
    with pytest.raises(services.Invalid) as refused:
        desk.open(demo.sumbawa, SOP5, "opd.bappeda", docs=SOP5_DOCS[1], title=title)

    assert refused.value.message == message
    assert Case.objects.count() == 0
    assert Document.objects.count() == 0


def test_a_note_over_5000_characters_is_refused_and_nothing_changes(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    before = _record(case)

    with pytest.raises(services.Invalid) as refused:
        desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2], note="x" * 5_001)

    assert refused.value.message == (
        "Catatan paling panjang 5.000 karakter; yang dikirim 5.001 karakter."
    )
    assert _record(case) == before
    desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2], note="x" * 5_000)


def test_a_value_the_step_does_not_define_has_a_length_too(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    before = _record(case)

    with pytest.raises(services.Invalid) as huge:
        desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2], data={"lampiran": "x" * 4_900_000})
    with pytest.raises(services.Invalid) as long:
        desk.act(case, 2, "kadis.sumbawa", docs=SOP5_DOCS[2], data={"lampiran": "x" * 10_001})

    assert huge.value.details == [
        "Isian langkah ini paling banyak 200.000 karakter seluruhnya; yang dikirim 4.900.016."
    ]
    assert long.value.details == ["lampiran: paling panjang 10.000 karakter dan 200 butir."]
    assert _record(case) == before


def test_a_form_field_over_its_length_is_named_with_its_limit(demo: SimpleNamespace) -> None:
    sop_version_create(office=demo.sumbawa, text=FORM_SOP.read_text(encoding="utf-8"), publish=True)

    with pytest.raises(services.Invalid) as refused:
        services.case_open(
            office=demo.sumbawa,
            sop_code="data-aplikasi",
            requester=demo.people["opd.bappeda"],
            title="Pendataan SIMPEG",
            data={"data-aplikasi": {"nama-aplikasi": "S" * 501, "tanggal-operasi": "2026-04-01"}},
            uploads={"Surat Permohonan": (io.BytesIO(pdf_bytes("surat")), "surat.pdf")},
            at=AT,
        )

    assert refused.value.details == [
        "Formulir Data Aplikasi: Nama aplikasi: paling panjang 500 karakter; yang dikirim 501 "
        "karakter."
    ]
    assert Case.objects.count() == 0


def test_a_document_name_with_an_invisible_character_is_refused(
    demo: SimpleNamespace, desk: Desk
) -> None:
    case = sop5_opened(desk, demo.sumbawa)
    before = _record(case)

    with pytest.raises(services.Invalid) as refused:
        services.document_add(
            case=case,
            name="Lampiran\ufeff",
            upload=io.BytesIO(pdf_bytes("lampiran")),
            filename="lampiran.pdf",
            actor=demo.people["kadis.sumbawa"],
            at=AT,
        )

    assert refused.value.message == (
        "Nama dokumen 'Lampiran\ufeff' memuat karakter tak terlihat (U+FEFF) pada posisi 9; "
        "hapus lalu ulangi."
    )
    assert _record(case) == before
