import pytest

from alur.cases import services
from alur.catalog.models import Sop

HOSTING_LETTERS = {
    "Rekomendasi penyediaan layanan hosting aplikasi yang dikeluarkan oleh Tim Teknis "
    "Diskominfo Batam": "rekomendasi",
    "Surat penunjukan pegawai OPD sebagai pengelola/administrator aplikasi": "penunjukan",
    "Petunjuk Instalasi Aplikasi": "petunjuk",
    "Surat Permohonan": "permohonan",
}


@pytest.fixture
def hosted(demo, pdf):
    """A Dinkes hosting request (SOP 2) driven through step 8, which records the application."""
    people = demo.people
    case = services.case_open(
        office=demo.batam,
        sop_code="layanan-hosting-aplikasi",
        requester=people["opd.dinkes"],
        title="Hosting SIMPUS",
        uploads={name: pdf(file) for name, file in HOSTING_LETTERS.items()},
    )
    services.task_act(
        case=case, step=2, actor=people["kadis.batam"], uploads={"Surat Disposisi": pdf("d")}
    )
    services.task_act(case=case, step=3, actor=people["kabid.pe"], decision="ya")
    services.task_act(case=case, step=4, actor=people["kasi.pa"], decision="ya")
    services.task_act(case=case, step=7, actor=people["kasi.pa"])
    services.task_act(
        case=case,
        step=8,
        actor=people["kasi.pa"],
        data={"nama_aplikasi": "SIMPUS", "url": "https://simpus.batam.go.id", "server": "vm-12"},
        uploads={"Dokumentasi instalasi": pdf("instalasi")},
    )
    return case


def test_the_registry_lists_the_application_recorded_at_sop_2_step_8(client_for, hosted) -> None:
    html = client_for("kabid.pe").get("/inventaris/").content.decode()

    assert '<table id="aplikasi"' in html
    assert '<tr data-application="SIMPUS">' in html
    assert "Dinas Kesehatan Kota Batam" in html
    assert "https://simpus.batam.go.id" in html
    assert "vm-12" in html
    assert f'<a href="/permohonan/{hosted.pk}/" data-case="{hosted.number}">' in html


def test_the_owner_opd_sees_its_application_and_another_opd_does_not(client_for, hosted) -> None:
    owner = client_for("opd.dinkes").get("/inventaris/").content.decode()
    other = client_for("opd.disdukcapil").get("/inventaris/").content.decode()

    assert '<tr data-application="SIMPUS">' in owner
    assert '<tr data-application="SIMPUS">' not in other
    assert "Belum ada aplikasi tercatat." in other


def test_another_office_does_not_see_the_application(client_for, hosted) -> None:
    html = client_for("kabid.ti").get("/inventaris/").content.decode()

    assert '<tr data-application="SIMPUS">' not in html


def test_the_sop_list_shows_the_offices_sops_with_their_published_version(client_for) -> None:
    html = client_for("kabid.ti").get("/sop/").content.decode()

    assert '<tr data-sop="permohonan-pembuatan-aplikasi">' in html
    assert 'data-sop="layanan-hosting-aplikasi"' not in html
    assert "2 Desember 2021" in html


def test_the_sop_page_shows_the_identity_and_the_flow_table(client_for, demo) -> None:
    sop = Sop.objects.get(office=demo.sumbawa, code="permohonan-pembuatan-aplikasi")

    html = client_for("opd.bappeda").get(f"/sop/{sop.pk}/").content.decode()

    assert '<section class="section card" id="identitas">' in html
    assert "555/568/DKIST/2021" in html
    assert "30 November 2021" in html
    assert "Undang-undang Nomor 11 Tahun 2008 tentang Informasi dan Transaksi Elektronik;" in html
    assert '<tr data-step="17" class="kind-selesai">' in html
    assert "ya → langkah 8" in html
    assert "Maksimal 35 Hari Kerja" in html


def test_an_sop_of_another_office_is_not_found(client_for, demo) -> None:
    sop = Sop.objects.get(office=demo.batam, code="layanan-hosting-aplikasi")

    assert client_for("kabid.ti").get(f"/sop/{sop.pk}/").status_code == 404


def test_a_record_url_that_is_not_a_web_address_is_shown_but_never_linked(
    client_for, hosted
) -> None:
    from alur.registry.models import Application

    Application.objects.filter(name="SIMPUS").update(url="javascript:alert(1)")

    html = client_for("kabid.pe").get("/inventaris/").content.decode()

    assert 'href="javascript:' not in html
    assert "javascript:alert(1)" in html


def test_the_sop_list_is_paged_by_name(client_for, demo) -> None:
    from alur.catalog.views import SOPS_PER_PAGE

    Sop.objects.bulk_create(
        Sop(office=demo.batam, code=f"uji-{n:03d}", name=f"Uji {n:03d}")
        for n in range(SOPS_PER_PAGE)
    )
    client = client_for("kabid.pe")

    first = client.get("/sop/").content.decode()
    second = client.get("/sop/", {"halaman": 2}).content.decode()

    assert first.count("<tr data-sop=") == SOPS_PER_PAGE
    assert second.count("<tr data-sop=") == Sop.objects.filter(office=demo.batam).count() - (
        SOPS_PER_PAGE
    )
    assert 'href="?halaman=2"' in first
    assert "Halaman 2 dari 2" in second
