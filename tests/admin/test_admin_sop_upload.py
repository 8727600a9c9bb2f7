"""Uploading an SOP definition in the admin: checked like `alur sop check`, stored as a draft,
published by an action; running cases keep the version they started on."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from alur.cases import services
from alur.cases.models import Case
from alur.catalog.models import SopVersion
from alur.sop import check_text

UPLOAD = reverse("admin:catalog_sopversion_add")
CHANGELIST = reverse("admin:catalog_sopversion_changelist")


def _broken(text: str) -> str:
    """SOP 5 with misspelt keys at steps 2 and 3."""
    text = text.replace(
        "    pelaksana: kadis\n    kelengkapan:", "    pelaksana: kadis\n    kelengkapn:"
    )
    return text.replace("  - no: 3\n    uraian:", "  - no: 3\n    uraina:", 1)


def _sop5_versions(demo: SimpleNamespace) -> list[tuple[int, str]]:
    return list(
        SopVersion.objects.filter(sop__office=demo.sumbawa)
        .order_by("number")
        .values_list("number", "status")
    )


def test_a_broken_file_shows_every_problem_as_sop_check_does_and_stores_nothing(
    admin_client: Client, demo: SimpleNamespace, sop5_text: str
) -> None:
    broken = _broken(sop5_text)
    expected = [p.format("id") for p in check_text(broken, "sop-5-rusak.yaml").problems]

    response = admin_client.post(
        UPLOAD,
        {
            "office": demo.sumbawa.pk,
            "file": SimpleUploadedFile("sop-5-rusak.yaml", broken.encode(), "application/yaml"),
        },
    )

    assert response.status_code == 200
    assert list(response.context["form"].non_field_errors()) == expected
    html = response.content.decode()
    assert (
        "sop-5-rusak.yaml:101:5: galat: Kunci tidak dikenal &#x27;kelengkapn&#x27; di langkah 2."
        "\n    saran: Maksud Anda &#x27;kelengkapan&#x27;?"
    ) in html
    assert "sop-5-rusak.yaml:109:5: galat: Kunci tidak dikenal &#x27;uraina&#x27;" in html
    for problem in expected:
        assert escape(problem) in html
    assert _sop5_versions(demo) == [(1, "berlaku")]


def test_pasted_text_is_checked_the_same_way(
    admin_client: Client, demo: SimpleNamespace, sop5_text: str
) -> None:
    broken = _broken(sop5_text)
    expected = [p.format("id") for p in check_text(broken, "definisi.yaml").problems]

    response = admin_client.post(UPLOAD, {"office": demo.sumbawa.pk, "text": broken})

    assert list(response.context["form"].non_field_errors()) == expected
    assert _sop5_versions(demo) == [(1, "berlaku")]


def test_a_file_that_is_not_utf8_is_reported_like_sop_check_reports_it(
    admin_client: Client, demo: SimpleNamespace
) -> None:
    response = admin_client.post(
        UPLOAD,
        {"office": demo.sumbawa.pk, "file": SimpleUploadedFile("latin.yaml", b"kode: caf\xe9\n")},
    )

    errors = list(response.context["form"].non_field_errors())
    assert len(errors) == 1
    assert errors[0].startswith("latin.yaml:1:1: galat: Berkas tidak dapat dibaca: ")
    assert _sop5_versions(demo) == [(1, "berlaku")]


def test_a_good_file_becomes_the_next_version_as_a_draft(
    admin_client: Client, demo: SimpleNamespace, sop5_text: str
) -> None:
    revised = sop5_text.replace("waktu: 1 Hari Kerja", "waktu: 2 Hari Kerja", 1)

    response = admin_client.post(
        UPLOAD,
        {
            "office": demo.sumbawa.pk,
            "file": SimpleUploadedFile("sop-5-revisi.yaml", revised.encode()),
        },
    )

    draft = SopVersion.objects.get(sop__office=demo.sumbawa, number=2)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:catalog_sopversion_change", args=[draft.pk])
    assert _sop5_versions(demo) == [(1, "berlaku"), (2, "draf")]
    assert draft.definition == revised
    assert draft.uploaded_by is not None
    assert draft.uploaded_by.username == "admin"


def test_neither_or_both_of_file_and_text_is_refused(
    admin_client: Client, demo: SimpleNamespace, sop5_text: str
) -> None:
    neither = admin_client.post(UPLOAD, {"office": demo.sumbawa.pk})
    both = admin_client.post(
        UPLOAD,
        {
            "office": demo.sumbawa.pk,
            "text": sop5_text,
            "file": SimpleUploadedFile("sop.yaml", sop5_text.encode()),
        },
    )

    assert list(neither.context["form"].non_field_errors()) == [
        "Unggah berkas definisi atau tempel isinya."
    ]
    assert list(both.context["form"].non_field_errors()) == [
        "Pilih salah satu: unggah berkas atau tempel isinya."
    ]
    assert _sop5_versions(demo) == [(1, "berlaku")]


def test_a_version_page_shows_its_definition_read_only(
    admin_client: Client, demo: SimpleNamespace
) -> None:
    version = SopVersion.objects.get(sop__office=demo.sumbawa, number=1)

    response = admin_client.get(reverse("admin:catalog_sopversion_change", args=[version.pk]))

    html = response.content.decode()
    assert '<pre class="sop-definition">' in html
    assert "kode: permohonan-pembuatan-aplikasi" in html
    assert 'name="_save"' not in html
    post = admin_client.post(
        reverse("admin:catalog_sopversion_change", args=[version.pk]), {"status": "dicabut"}
    )
    assert post.status_code == 403
    version.refresh_from_db()
    assert version.status == SopVersion.Status.IN_FORCE


def _upload(client: Client, office_pk: int, text: str) -> SopVersion:
    client.post(UPLOAD, {"office": office_pk, "text": text}, follow=True)  # shows its message
    return SopVersion.objects.filter(sop__office_id=office_pk).order_by("-number")[0]


def _publish(client: Client, *versions: SopVersion) -> list[str]:
    response = client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [v.pk for v in versions]},
        follow=True,
    )
    return [str(m) for m in response.context["messages"]]


def test_publishing_v2_retires_v1_and_running_cases_keep_v1(
    admin_client: Client,
    demo: SimpleNamespace,
    sop5_text: str,
    open_sop5: Callable[[], Case],
    pdf: Callable[[str], tuple[object, str]],
) -> None:
    running = open_sop5()
    v2 = _upload(
        admin_client,
        demo.sumbawa.pk,
        sop5_text.replace("waktu: 1 Hari Kerja", "waktu: 2 Hari Kerja", 1),
    )

    messages = _publish(admin_client, v2)

    assert messages == [
        "Layanan Permohonan Pembuatan Aplikasi v2 diterbitkan: permohonan baru memakai versi "
        "ini; permohonan yang sedang berjalan tetap pada versinya."
    ]
    assert _sop5_versions(demo) == [(1, "dicabut"), (2, "berlaku")]
    running.refresh_from_db()
    assert running.sop_version.number == 1
    newer = open_sop5()
    assert newer.sop_version.number == 2
    # The running case still moves on its own version.
    services.task_act(
        case=running,
        step=2,
        actor=demo.people["kadis.sumbawa"],
        uploads={"Disposisi Dinas": pdf("disposisi")},
    )
    running.refresh_from_db()
    assert running.sop_version.number == 1
    assert running.tasks.get(step=3).status == "terbuka"


def test_a_version_whose_lane_has_no_role_in_the_office_is_not_published(
    admin_client: Client, demo: SimpleNamespace, sop5_text: str
) -> None:
    v2 = _upload(
        admin_client,
        demo.sumbawa.pk,
        sop5_text.replace("  - id: kadis\n", "  - id: kadis\n    peran: kadis-lain\n"),
    )

    messages = _publish(admin_client, v2)

    assert messages == [
        "Layanan Permohonan Pembuatan Aplikasi v2 belum dapat diterbitkan: Lajur 'kadis' "
        "(Kepala Dinas): kantor tidak punya peran berkode 'kadis-lain'; pilih perannya di Peran "
        "lajur."
    ]
    assert _sop5_versions(demo) == [(1, "berlaku"), (2, "draf")]


def test_two_versions_of_one_sop_are_not_published_at_once(
    admin_client: Client, demo: SimpleNamespace, sop5_text: str
) -> None:
    v2 = _upload(admin_client, demo.sumbawa.pk, sop5_text + "\n# revisi 2\n")
    v3 = _upload(admin_client, demo.sumbawa.pk, sop5_text + "\n# revisi 3\n")

    messages = _publish(admin_client, v2, v3)

    assert messages == ["Pilih satu versi untuk setiap SOP: Layanan Permohonan Pembuatan Aplikasi."]
    assert _sop5_versions(demo) == [(1, "berlaku"), (2, "draf"), (3, "draf")]


def test_a_person_without_the_right_to_add_versions_cannot_upload(
    client: Client, demo: SimpleNamespace, sop5_text: str
) -> None:
    staff = demo.people["kasi.aplikasi"]
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    client.force_login(staff)

    response = client.post(UPLOAD, {"office": demo.sumbawa.pk, "text": sop5_text + "\n#\n"})

    assert response.status_code == 403
    assert _sop5_versions(demo) == [(1, "berlaku")]
