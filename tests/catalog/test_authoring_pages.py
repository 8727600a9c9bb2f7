"""The office administrator's SOP pages (/pengaturan/sop/): who reaches them, a new SOP and its
upload errors, the editor's check and its conflict, the moves, two versions side by side."""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from alur.catalog.authoring import sop_draft_new
from alur.catalog.models import Sop, SopVersion
from alur.catalog.services import office_today
from alur.offices.models import SettingChange
from alur.sop import check_text
from tests.catalog.conftest import SOP5_TEXT

Clients = Callable[[str], Client]


def _draft(demo: SimpleNamespace, sop5: Sop) -> SopVersion:
    return sop_draft_new(source=sop5.versions.get(number=1), actor=demo.people["admin.sumbawa"])


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("kabid.ti", 403), ("opd.bappeda", 403), ("admin.batam", 404)],
)
def test_only_the_offices_administrator_reaches_its_sop_pages(
    client_for: Clients, demo: SimpleNamespace, sop5: Sop, who: str | None, status: int
) -> None:
    client = Client() if who is None else client_for(who)
    draft = _draft(demo, sop5)
    urls = [
        f"/pengaturan/sop/{sop5.pk}/versi/1/",
        f"/pengaturan/sop/{sop5.pk}/versi/{draft.number}/ubah/",
        f"/pengaturan/sop/{sop5.pk}/banding/",
    ]
    for url in urls:
        assert client.get(url).status_code == status, url
    refused = client.post(f"/pengaturan/sop/{sop5.pk}/versi/{draft.number}/cabut/")
    assert refused.status_code == status
    assert SopVersion.objects.get(pk=draft.pk).status == "draf"
    if who is not None and who != "admin.batam":
        assert client.get("/pengaturan/sop/").status_code == 403


def test_the_administrator_sees_every_version_and_its_state(
    client_for: Clients, demo: SimpleNamespace, sop5: Sop
) -> None:
    _draft(demo, sop5)

    html = client_for("admin.sumbawa").get("/pengaturan/sop/").content.decode()

    assert '<tr data-sop="permohonan-pembuatan-aplikasi">' in html
    assert '<li data-versi="2" data-status="draf">' in html
    assert '<li data-versi="1" data-status="berlaku">' in html
    assert 'data-sop="integrasi-bedelau"' not in html  # Batam's
    assert 'id="pengaturan-sop" href="/pengaturan/sop/" aria-current="page"' in html


def test_the_public_sop_pages_keep_working_for_everyone_of_the_office(
    client_for: Clients, sop5: Sop
) -> None:
    for who in ("opd.bappeda", "kabid.ti", "admin.sumbawa"):
        assert client_for(who).get(f"/sop/{sop5.pk}/").status_code == 200


def _upload(client: Client, content: bytes, name: str = "sop.yaml") -> tuple[int, str]:
    response = client.post(
        "/pengaturan/sop/baru/",
        {"sumber": "unggah", "berkas": SimpleUploadedFile(name, content)},
    )
    return response.status_code, response.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a: b\n" * 300_000, "Berkas terlalu besar: paling besar 1024 KB."),
        ("format: 1\nkode: é\n".encode("latin-1"), "Berkas bukan teks UTF-8"),
        (b"%PDF-1.4\n\x00\x01\x02", "Berkas bukan teks YAML: berisi karakter biner."),
        (b"format: 1\nkode: [tidak ditutup\n", "sop.yaml:2:7: galat: Penulisan YAML tidak sah"),
        (b"hanya sebaris teks\n", "sop.yaml:1:1: galat: Isi berkas harus berupa pemetaan kunci"),
    ],
    ids=["too-big", "not-utf8", "binary", "yaml-syntax", "not-a-mapping"],
)
def test_an_upload_that_cannot_be_an_sop_gets_a_clear_message(
    client_for: Clients, demo: SimpleNamespace, content: bytes, message: str
) -> None:
    versions = SopVersion.objects.count()

    status, html = _upload(client_for("admin.sumbawa"), content)

    assert status == 422
    assert message in html
    assert SopVersion.objects.count() == versions


def test_an_invalid_sop_upload_lists_every_problem_with_its_line_and_column(
    client_for: Clients, demo: SimpleNamespace
) -> None:
    text = SOP5_TEXT.replace("waktu: 1 Hari Kerja", "waktu: sebentar", 1)
    expected = [p.format("id") for p in check_text(text, "sop5.yaml").problems]

    status, html = _upload(client_for("admin.sumbawa"), text.encode(), "sop5.yaml")

    assert status == 422
    assert expected
    for line in expected:
        first = line.splitlines()[0]
        assert re.match(r"sop5\.yaml:\d+:\d+: galat: ", first)
        assert first.replace("'", "&#x27;") in html


def test_a_checked_upload_becomes_the_next_draft_of_its_sop(
    client_for: Clients, demo: SimpleNamespace, sop5: Sop
) -> None:
    response = client_for("admin.sumbawa").post(
        "/pengaturan/sop/baru/",
        {"sumber": "unggah", "berkas": SimpleUploadedFile("s.yaml", (SOP5_TEXT + "#x\n").encode())},
    )

    assert response.status_code == 302
    assert response["Location"] == f"/pengaturan/sop/{sop5.pk}/versi/2/"
    assert list(sop5.versions.order_by("number").values_list("number", "status")) == [
        (1, "berlaku"),
        (2, "draf"),
    ]


def test_a_new_sop_from_the_template_is_a_draft_whose_blanks_the_check_names(
    client_for: Clients, demo: SimpleNamespace
) -> None:
    client = client_for("admin.sumbawa")
    response = client.post(
        "/pengaturan/sop/baru/",
        {"sumber": "templat", "kode": "layanan-baru", "nama": 'Layanan "Baru"'},
    )

    sop = Sop.objects.get(office=demo.sumbawa, code="layanan-baru")
    assert response["Location"] == f"/pengaturan/sop/{sop.pk}/versi/1/"
    draft = sop.versions.get()
    result = check_text(draft.definition)
    assert result.sop is None
    assert [(p.line, str(p.params.get("where"))) for p in result.problems] == [
        (20, "pelaksana › #1 › nama"),
        (24, "langkah 1 › uraian"),
        (30, "langkah 2 › uraian"),
    ]
    editor = client.get(f"/pengaturan/sop/{sop.pk}/versi/1/ubah/").content.decode()
    assert "baris 20, kolom 27</strong>: pelaksana › #1 › nama: harus teks" in editor
    assert 'nama: "Layanan \\"Baru\\""' in draft.definition


def test_a_new_sop_from_a_copy_takes_the_new_code_and_name(
    client_for: Clients, demo: SimpleNamespace, sop5: Sop
) -> None:
    response = client_for("admin.sumbawa").post(
        "/pengaturan/sop/baru/",
        {
            "sumber": "salin",
            "versi_sumber": sop5.versions.get(number=1).pk,
            "kode": "aplikasi-salinan",
            "nama": "Salinan Permohonan",
        },
    )

    assert response.status_code == 302
    copy = SopVersion.objects.get(sop__office=demo.sumbawa, sop__code="aplikasi-salinan")
    definition = check_text(copy.definition).sop
    assert definition is not None
    assert (definition.kode, definition.identitas.nama) == (
        "aplikasi-salinan",
        "Salinan Permohonan",
    )


def test_the_check_endpoint_answers_with_the_words_of_alur_sop_check(
    client_for: Clients, demo: SimpleNamespace, sop5: Sop
) -> None:
    draft = _draft(demo, sop5)
    text = SOP5_TEXT.replace("waktu: 1 Hari Kerja", "waktu: sebentar", 1)
    [problem] = check_text(text).problems
    url = f"/pengaturan/sop/{sop5.pk}/versi/{draft.number}/periksa/"

    html = client_for("admin.sumbawa").post(url, {"teks": text}).content.decode()
    english = client_for("admin.sumbawa")
    english.cookies["django_language"] = "en"
    in_english = english.post(url, {"teks": text}).content.decode()
    fine = client_for("admin.sumbawa").post(url, {"teks": SOP5_TEXT}).content.decode()

    where = f'data-baris="{problem.line}" data-kolom="{problem.column}"'
    assert where in html
    assert problem.message("id").replace("'", "&#x27;") in html
    assert str(problem.hint("id")).replace("'", "&#x27;") in html
    assert problem.message("en").replace("'", "&#x27;") in in_english
    assert 'id="tanpa-masalah"' in fine
    assert fine.count('class="chart-page card"') == 3
    assert 'class="chart-page card"' not in html


def test_a_second_save_of_the_same_draft_is_refused_and_keeps_its_text(
    client_for: Clients, demo: SimpleNamespace, sop5: Sop
) -> None:
    draft = _draft(demo, sop5)
    url = f"/pengaturan/sop/{sop5.pk}/versi/{draft.number}/ubah/"
    first, second = client_for("admin.sumbawa"), client_for("admin.sumbawa")
    revision = draft.revision

    saved = first.post(url, {"teks": SOP5_TEXT + "# pertama\n", "revisi": revision})
    refused = second.post(url, {"teks": SOP5_TEXT + "# kedua <b>\n", "revisi": revision})

    assert saved.status_code == 302
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Draf ini sudah disimpan orang lain sejak Anda membukanya" in html
    assert "# kedua &lt;b&gt;\n</textarea>" in html
    assert f'name="revisi" value="{revision}"' in html
    draft.refresh_from_db()
    assert (draft.definition, draft.revision) == (SOP5_TEXT + "# pertama\n", revision + 1)


def test_the_moves_from_the_version_page(
    client_for: Clients, demo: SimpleNamespace, sop5: Sop
) -> None:
    client = client_for("admin.sumbawa")
    draft = _draft(demo, sop5)
    today = office_today(demo.sumbawa).isoformat()
    base = f"/pengaturan/sop/{sop5.pk}/versi/{draft.number}"

    early = client.post(f"{base}/berlakukan/", {"tanggal": today})
    approved = client.post(f"{base}/sahkan/", {"tanggal": today})
    in_force = client.post(f"{base}/berlakukan/", {"tanggal": today})

    assert early.status_code == 422
    assert "berstatus draf" in early.content.decode()
    assert (approved.status_code, in_force.status_code) == (302, 302)
    page = client.get(f"{base}/").content.decode()
    assert 'data-status="berlaku"' in page
    assert "dipakai permohonan baru hari ini" in page
    assert SettingChange.objects.filter(
        office=demo.sumbawa, actor=demo.people["admin.sumbawa"], action="sop.version.in_force"
    ).exists()


def test_bringing_into_force_with_a_lane_without_a_role_is_refused_with_the_list(
    client_for: Clients, demo: SimpleNamespace, sop5: Sop
) -> None:
    client = client_for("admin.sumbawa")
    draft = _draft(demo, sop5)
    text = SOP5_TEXT.replace("  - id: kadis\n", "  - id: kadis\n    peran: kadis-lain\n")
    base = f"/pengaturan/sop/{sop5.pk}/versi/{draft.number}"
    client.post(f"{base}/ubah/", {"teks": text, "revisi": draft.revision})
    today = office_today(demo.sumbawa).isoformat()
    client.post(f"{base}/sahkan/", {"tanggal": today})

    refused = client.post(f"{base}/berlakukan/", {"tanggal": today})

    assert refused.status_code == 422
    assert "kantor tidak punya peran berkode &#x27;kadis-lain&#x27;" in refused.content.decode()
    assert SopVersion.objects.get(pk=draft.pk).status == "disahkan"


def test_two_versions_side_by_side(client_for: Clients, demo: SimpleNamespace, sop5: Sop) -> None:
    client = client_for("admin.sumbawa")
    draft = _draft(demo, sop5)
    changed = SOP5_TEXT.replace("waktu: 1 Hari Kerja", "waktu: 2 Hari Kerja", 1)
    client.post(
        f"/pengaturan/sop/{sop5.pk}/versi/{draft.number}/ubah/",
        {"teks": changed, "revisi": draft.revision},
    )

    html = client.get(f"/pengaturan/sop/{sop5.pk}/banding/?a=1&b=2").content.decode()

    assert '<table class="diff"' in html
    assert '<span class="diff_chg">1</span>' in html
    assert '<span class="diff_chg">2</span>' in html
    assert html.count('class="chart-page card"') == 6


def test_a_draft_that_does_not_check_has_no_print_yet(
    client_for: Clients, demo: SimpleNamespace, sop5: Sop
) -> None:
    client = client_for("admin.sumbawa")
    draft = _draft(demo, sop5)
    client.post(
        f"/pengaturan/sop/{sop5.pk}/versi/{draft.number}/ubah/",
        {"teks": "format: 1\n", "revisi": draft.revision},
    )

    assert client.get(f"/sop/{sop5.pk}/versi/{draft.number}/cetak/").status_code == 404
    assert client.get(f"/sop/{sop5.pk}/versi/1/cetak/").status_code == 200
    assert client.get(f"/pengaturan/sop/{sop5.pk}/versi/{draft.number}/").status_code == 200


def test_the_check_names_a_code_that_is_not_the_sops_and_a_text_too_large(
    client_for: Clients, demo: SimpleNamespace, sop5: Sop
) -> None:
    draft = _draft(demo, sop5)
    url = f"/pengaturan/sop/{sop5.pk}/versi/{draft.number}/periksa/"
    client = client_for("admin.sumbawa")
    renamed = SOP5_TEXT.replace("kode: permohonan-pembuatan-aplikasi", "kode: lain", 1)

    other_code = client.post(url, {"teks": renamed}).content.decode()
    too_large = client.post(url, {"teks": "#" * (1024 * 1024 + 1)}).content.decode()

    assert "Kode &#x27;lain&#x27; bukan kode SOP ini" in other_code
    assert "Teks terlalu besar: paling besar 1024 KB." in too_large
