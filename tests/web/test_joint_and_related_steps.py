"""Steps that more than one lane confirms (SOP 4 step 3), and a step that waits for the case of a
related SOP (SOP 1 step 7 opens a hosting request)."""

import datetime as dt

import pytest

from alur.cases import services
from alur.cases.models import Case

EGOV = "pengembangan-aplikasi-egov"


@pytest.fixture
def review(demo, pdf) -> Case:
    """An e-government case from Disdukcapil at step 3, the joint review of Kasi and the owner."""
    case = services.case_open(
        office=demo.batam,
        sop_code=EGOV,
        requester=demo.people["opd.disdukcapil"],
        title="Aplikasi antrean Disdukcapil",
        uploads={"Dokumen identifikasi kebutuhan": pdf("identifikasi")},
    )
    services.task_act(
        case=case,
        step=2,
        actor=demo.people["analis.batam"],
        uploads={"Dokumen spesifikasi kebutuhan": pdf("spesifikasi")},
    )
    return case


def test_a_joint_step_asks_each_lane_to_confirm_and_shows_who_has(client_for, review, pdf) -> None:
    kasi = client_for("kasi.pa")
    before = kasi.get(f"/permohonan/{review.pk}/").content.decode()
    assert ">Konfirmasi</button>" in before
    assert "Belum ada yang mengonfirmasi." in before
    document, name = pdf("modifikasi")
    document.name = name

    response = kasi.post(
        f"/permohonan/{review.pk}/langkah/3/",
        {"version": review.version, "doc-0": document},
        follow=True,
    )

    html = response.content.decode()
    assert "Konfirmasi Anda pada langkah 3 tercatat." in html
    assert 'id="aksi-3"' not in html
    owner = client_for("opd.disdukcapil").get(f"/permohonan/{review.pk}/").content.decode()
    assert "Sudah mengonfirmasi: <strong>Kasi</strong>." in owner


@pytest.fixture
def waiting(demo, pdf) -> Case:
    """A development plan (SOP 1) whose step 7 has opened a hosting request and waits for it."""
    people = demo.people
    case = services.case_open(
        office=demo.batam,
        sop_code="pengembangan-aplikasi-opd",
        requester=people["opd.disdukcapil"],
        title="Aplikasi antrean",
        data={"jadwal_selesai_pengembangan": dt.date(2027, 3, 1)},
        uploads={"Rencana Pengembangan Aplikasi": pdf("rencana")},
    )
    steps = {
        2: (
            "tatakelola.batam",
            ["Master Plan Smart City", "Peta Rencana SPBE", "Dokumen Clearance"],
        ),
        3: (
            "subkoor.pa",
            [
                "SK Siklus Hidup Pengembangan Perangkat Lunak di Lingkungan Pemerintah Kota Batam",
                "Standarisasi Server, Teknologi, Pengujian dan lainnya",
                "Kebutuhan dokumentasi yang diperlukan (User Manual, Dokumentasi Pengembangan, "
                "dan Dokumentasi Instalasi)",
            ],
        ),
        4: (
            "dev.batam",
            [
                "Repositori",  # a non-file output of step 3 that the service still asks for
                "Source Code",
                "User Manual",
                "Dokumentasi Pengembangan",
                "Dokumentasi Instalasi",
                "Bukti Pengujian",
                "Laporan hasil pengujian keamanan",
            ],
        ),
        5: ("dev.batam", []),
    }
    for step, (who, names) in steps.items():
        uploads = {name: pdf(f"berkas-{i}") for i, name in enumerate(names)}
        services.task_act(case=case, step=step, actor=people[who], uploads=uploads)
    services.task_act(case=case, step=6, actor=people["subkoor.pa"], decision="ya")
    return case


def test_a_step_waiting_for_a_related_case_says_so_and_links_it(client_for, waiting) -> None:
    child = Case.objects.get(parent=waiting)

    html = client_for("subkoor.pa").get(f"/permohonan/{waiting.pk}/").content.decode()

    assert "menunggu permohonan terkait (Penyediaan Layanan Hosting Aplikasi) selesai" in html
    assert 'id="selesaikan" type="submit" class="button-primary" disabled>' in html
    assert f'data-related-case="{child.number}"' in html
    child_html = client_for("subkoor.pa").get(f"/permohonan/{child.pk}/").content.decode()
    assert f'data-related-case="{waiting.number}"' in child_html
