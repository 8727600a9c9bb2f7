"""Every seed SOP runs end to end through the services, with the demo people, every branch of
SOPS.md taken: the tasks each case went through, who did them, and how it ended."""

from __future__ import annotations

from casekit import (
    SOP1_DOCS,
    SOP2_DOCS,
    SOP3,
    SOP4,
    SOP4_DOCS,
    SOP5_DOCS,
    done_tasks,
    sop1_at_decision,
    sop2_from_step_2,
    sop2_opened,
    sop5_at_availability,
)

from alur.cases import audit
from alur.cases.models import Case, Document, Task

SYSTEM = {
    "nama_sistem_elektronik": "SIANTRE Disdukcapil",
    "nomor_tdpse": "TDPSE-2026-0042",
    "url": "https://antre.batam.go.id",
}
APPLICATION = {
    "nama_aplikasi": "SIANTRE",
    "url": "https://antre.batam.go.id",
    "server": "vm-app-07",
}
SOP1_HEAD = [
    (1, 1, "opd.disdukcapil"),
    (2, 1, "tatakelola.batam"),
    (3, 1, "subkoor.pa"),
    (4, 1, "dev.batam"),
    (5, 1, "dev.batam"),
    (6, 1, "subkoor.pa"),
]
SOP2_HEAD = [
    (1, 1, "opd.disdukcapil"),
    (2, 1, "kadis.batam"),
    (3, 1, "kabid.pe"),
    (4, 1, "kasi.pa"),
]
SOP2_TAIL = [
    (7, 1, "kasi.pa"),
    (8, 1, "kasi.pa"),
    (9, 1, "kasi.pa"),
    (10, 1, "kadis.batam"),
]


def _ended(case: Case, status: str, reason: str = "") -> None:
    case.refresh_from_db()
    assert (case.status, case.end_reason) == (status, reason)
    assert case.closed_at is not None
    assert case.state["open"] == []
    assert Task.objects.filter(case=case, status=Task.Status.OPEN).count() == 0


# --- SOP 1: Pengembangan Aplikasi oleh OPD ------------------------------------------------------


def test_sop1_on_kominfo_servers_waits_for_its_hosting_case_then_registers_the_system(
    demo, desk
) -> None:
    case = sop1_at_decision(desk, demo.batam)

    desk.act(case, 6, "subkoor.pa", decision="ya")

    hosting = Case.objects.get(parent=case)
    assert (hosting.sop_version.sop.code, hosting.parent_step) == ("layanan-hosting-aplikasi", 7)
    assert Task.objects.get(case=case, step=7).status == Task.Status.OPEN
    assert [(o["step"], o["waiting"]) for o in case.state["open"]] == [(7, True)]

    desk.act(hosting, 1, "opd.disdukcapil", docs=SOP2_DOCS[1])
    sop2_from_step_2(desk, hosting, capacity="ya", application=APPLICATION)
    _ended(hosting, Case.Status.FINISHED)
    case.refresh_from_db()
    assert [(o["step"], o["waiting"]) for o in case.state["open"]] == [(7, False)]

    desk.act(case, 7, "subkoor.pa")
    desk.act(case, 8, "sandiman.batam")
    desk.act(case, 9, "subkoor.pa", docs=SOP1_DOCS[9], data=SYSTEM)

    _ended(case, Case.Status.FINISHED)
    assert done_tasks(case) == [
        *SOP1_HEAD,
        (7, 1, "subkoor.pa"),
        (8, 1, "sandiman.batam"),
        (9, 1, "subkoor.pa"),
    ]
    assert done_tasks(hosting) == SOP2_HEAD + SOP2_TAIL
    assert Task.objects.get(case=case, step=6).decision == "ya"
    assert list(audit.verify_all()) == []


def test_sop1_elsewhere_than_kominfo_servers_goes_to_the_security_review(demo, desk) -> None:
    case = sop1_at_decision(desk, demo.batam)

    desk.act(case, 6, "subkoor.pa", decision="tidak")
    desk.act(case, 8, "sandiman.batam")
    desk.act(case, 9, "subkoor.pa", docs=SOP1_DOCS[9], data=SYSTEM)

    _ended(case, Case.Status.FINISHED)
    assert done_tasks(case) == [*SOP1_HEAD, (8, 1, "sandiman.batam"), (9, 1, "subkoor.pa")]
    assert Task.objects.get(case=case, step=6).decision == "tidak"
    assert not Case.objects.filter(parent=case).exists()
    assert list(audit.verify_all()) == []


# --- SOP 2: Penyediaan Layanan Hosting Aplikasi -------------------------------------------------


def test_sop2_with_server_capacity_installs_at_once(demo, desk) -> None:
    case = sop2_opened(desk, demo.batam)

    sop2_from_step_2(desk, case, capacity="ya", application=APPLICATION)

    _ended(case, Case.Status.FINISHED)
    assert done_tasks(case) == SOP2_HEAD + SOP2_TAIL
    assert Task.objects.get(case=case, step=4).decision == "ya"
    assert list(audit.verify_all()) == []


def test_sop2_without_server_capacity_provides_and_documents_a_server_first(demo, desk) -> None:
    case = sop2_opened(desk, demo.batam)

    sop2_from_step_2(desk, case, capacity="tidak", application=APPLICATION)

    _ended(case, Case.Status.FINISHED)
    assert done_tasks(case) == [
        *SOP2_HEAD,
        (5, 1, "kasi.infratek"),
        (6, 1, "kasi.infratek"),
        *SOP2_TAIL,
    ]
    assert Task.objects.get(case=case, step=4).decision == "tidak"
    assert list(audit.verify_all()) == []


def test_sop2_with_incomplete_requirements_is_returned_with_its_reason(demo, desk) -> None:
    case = sop2_opened(desk, demo.batam)
    desk.act(case, 2, "kadis.batam", docs=SOP2_DOCS[2])

    desk.act(
        case,
        3,
        "kabid.pe",
        decision="tidak",
        note="Surat penunjukan administrator belum ditandatangani Kepala OPD.",
    )

    _ended(
        case,
        Case.Status.RETURNED,
        "Surat penunjukan administrator belum ditandatangani Kepala OPD.",
    )
    assert done_tasks(case) == SOP2_HEAD[:3]
    step3 = Task.objects.get(case=case, step=3)
    assert (step3.decision, step3.note) == (
        "tidak",
        "Surat penunjukan administrator belum ditandatangani Kepala OPD.",
    )
    assert case.state["ended"]["outcome"] == "dikembalikan"
    assert list(audit.verify_all()) == []


# --- SOP 3: Pengajuan Integrasi Aplikasi dengan Bedelau -----------------------------------------

PA20 = {
    "nama_sistem": "SIMPUS Dinkes",
    "opd_pemilik": "Dinas Kesehatan Kota Batam",
    "tujuan": "Rekam medis puskesmas terhubung ke Bedelau.",
    "url": "https://simpus.batam.go.id",
    "api_endpoint": ["https://simpus.batam.go.id/api/v1/pasien"],
    "data_dipertukarkan": "NIK, nama, riwayat kunjungan",
    "kontak_nama": "Rina",
    "kontak_email": "rina@dinkes.batam.go.id",
    "jenis_sistem": "Aplikasi Khusus",
}


def test_sop3_runs_on_the_pa20_form_sent_with_the_request(demo, desk) -> None:
    case = desk.open(demo.batam, SOP3, "opd.dinkes", title="Integrasi SIMPUS", data={"pa20": PA20})

    desk.act(case, 2, "dev.batam")
    desk.act(case, 3, "dev.batam")

    _ended(case, Case.Status.FINISHED)
    assert done_tasks(case) == [(1, 1, "opd.dinkes"), (2, 1, "dev.batam"), (3, 1, "dev.batam")]
    assert case.state["data"] == {"pa20": PA20}
    assert Document.objects.filter(case=case).count() == 0
    assert list(audit.verify_all()) == []


# --- SOP 4: Pengembangan Aplikasi E-Government (joint steps) ------------------------------------


def test_sop4_runs_its_joint_steps_with_the_owner_agency_and_the_office(demo, desk) -> None:
    case = desk.open(demo.batam, SOP4, "opd.disdukcapil", docs=SOP4_DOCS[1], title="SIAK Online")
    desk.act(case, 2, "analis.batam", docs=SOP4_DOCS[2])
    desk.act(case, 3, "kasi.pa", docs=SOP4_DOCS[3])
    assert Task.objects.get(case=case, step=3).status == Task.Status.OPEN
    desk.act(case, 3, "opd.disdukcapil")
    desk.act(case, 4, "kasi.pa", docs=SOP4_DOCS[4])
    desk.act(case, 5, "analis.batam", docs=SOP4_DOCS[5])
    desk.act(case, 6, "kasi.pa", docs=SOP4_DOCS[6])
    desk.act(case, 7, "analis.batam", docs=SOP4_DOCS[7])
    desk.act(case, 8, "analis.batam", docs=SOP4_DOCS[8])
    desk.act(case, 9, "dev.batam")
    desk.act(case, 10, "dev.batam", docs=SOP4_DOCS[10])
    desk.act(case, 10, "opd.disdukcapil")
    desk.act(case, 11, "kasi.pa", docs=SOP4_DOCS[11])
    desk.act(case, 12, "opd.disdukcapil", docs=SOP4_DOCS[12])
    desk.act(case, 12, "kasi.pa")
    desk.act(case, 13, "dev.batam", docs=SOP4_DOCS[13])
    desk.act(case, 14, "dev.batam")

    _ended(case, Case.Status.FINISHED)
    assert done_tasks(case) == [
        (1, 1, "opd.disdukcapil"),
        (2, 1, "analis.batam"),
        (3, 1, "opd.disdukcapil"),
        (4, 1, "kasi.pa"),
        (5, 1, "analis.batam"),
        (6, 1, "kasi.pa"),
        (7, 1, "analis.batam"),
        (8, 1, "analis.batam"),
        (9, 1, "dev.batam"),
        (10, 1, "opd.disdukcapil"),
        (11, 1, "kasi.pa"),
        (12, 1, "kasi.pa"),
        (13, 1, "dev.batam"),
        (14, 1, "dev.batam"),
    ]
    confirmed = dict(Task.objects.filter(case=case).values_list("step", "confirmed_by"))
    assert (confirmed[1], confirmed[3], confirmed[10], confirmed[12]) == (
        ["instansi-pemilik"],
        ["kasi", "instansi-pemilik"],
        ["staf", "instansi-pemilik"],
        ["instansi-pemilik", "kasi"],
    )
    assert list(
        Document.objects.filter(case=case, name="Surat perintah tugas").values_list(
            "version", "step"
        )
    ) == [(2, 6), (1, 4)]
    assert list(audit.verify_all()) == []


# --- SOP 5: Layanan Permohonan Pembuatan Aplikasi (Sumbawa) -------------------------------------

SOP5_HEAD = [
    (1, 1, "opd.bappeda"),
    (2, 1, "kadis.sumbawa"),
    (3, 1, "kabid.ti"),
    (4, 1, "kasi.aplikasi"),
    (5, 1, "kasi.aplikasi"),
    (6, 1, "kabid.ti"),
]


def test_sop5_stops_at_step_7_when_infrastructure_staff_or_budget_is_not_available(
    demo, desk
) -> None:
    case = sop5_at_availability(desk, demo.sumbawa)

    desk.act(case, 6, "kabid.ti", decision="tidak", docs=SOP5_DOCS[6])
    desk.act(
        case,
        7,
        "kabid.ti",
        docs=SOP5_DOCS[7],
        note="Anggaran pengembangan tahun 2026 tidak tersedia.",
    )

    _ended(case, Case.Status.STOPPED, "Anggaran pengembangan tahun 2026 tidak tersedia.")
    assert done_tasks(case) == [*SOP5_HEAD, (7, 1, "kabid.ti")]
    assert list(audit.verify_all()) == []


def test_sop5_replans_twice_redevelops_once_and_ends_with_the_berita_acara(demo, desk) -> None:
    case = sop5_at_availability(desk, demo.sumbawa)
    desk.act(case, 6, "kabid.ti", decision="ya", docs=SOP5_DOCS[6])
    desk.act(case, 8, "kasi.aplikasi")
    for answer in ("tidak", "tidak", "ya"):
        desk.act(case, 9, "dev.sumbawa", docs=SOP5_DOCS[9])
        desk.act(case, 10, "dev.sumbawa", docs=SOP5_DOCS[10])
        desk.act(case, 11, "opd.bappeda", decision=answer, note=f"Tanggapan: {answer}")
    for answer in ("tidak", "ya"):
        desk.act(case, 12, "dev.sumbawa", docs=SOP5_DOCS[12])
        desk.act(case, 13, "dev.sumbawa", docs=SOP5_DOCS[13])
        desk.act(case, 14, "opd.bappeda", decision=answer, docs=SOP5_DOCS[14])
    desk.act(case, 15, "dev.sumbawa", docs=SOP5_DOCS[15])
    desk.act(case, 16, "kabid.ti")
    desk.act(case, 17, "dev.sumbawa", docs=SOP5_DOCS[17])

    _ended(case, Case.Status.FINISHED)
    assert done_tasks(case) == [
        *SOP5_HEAD,
        (8, 1, "kasi.aplikasi"),
        (9, 1, "dev.sumbawa"),
        (10, 1, "dev.sumbawa"),
        (11, 1, "opd.bappeda"),
        (9, 2, "dev.sumbawa"),
        (10, 2, "dev.sumbawa"),
        (11, 2, "opd.bappeda"),
        (9, 3, "dev.sumbawa"),
        (10, 3, "dev.sumbawa"),
        (11, 3, "opd.bappeda"),
        (12, 1, "dev.sumbawa"),
        (13, 1, "dev.sumbawa"),
        (14, 1, "opd.bappeda"),
        (12, 2, "dev.sumbawa"),
        (13, 2, "dev.sumbawa"),
        (14, 2, "opd.bappeda"),
        (15, 1, "dev.sumbawa"),
        (16, 1, "kabid.ti"),
        (17, 1, "dev.sumbawa"),
    ]
    assert list(
        Task.objects.filter(case=case, step__in=(11, 14)).values_list("step", "visit", "decision")
    ) == [(11, 1, "tidak"), (11, 2, "tidak"), (11, 3, "ya"), (14, 1, "tidak"), (14, 2, "ya")]
    assert case.state["visits"] == {
        **{str(n): 1 for n in (1, 2, 3, 4, 5, 6, 8, 15, 16, 17)},
        "9": 3,
        "10": 3,
        "11": 3,
        "12": 2,
        "13": 2,
        "14": 2,
    }
    assert list(
        Document.objects.filter(case=case, name="Laporan hasil instalasi dan testing")
        .order_by("version")
        .values_list("version", "step")
    ) == [(1, 13), (2, 13), (3, 15)]
    assert Document.objects.filter(case=case, name="Berita Acara Pekerjaan").count() == 1
    assert list(audit.verify_all()) == []
