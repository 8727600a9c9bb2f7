"""The page where the lane's head extends a step's due, and what the case page shows."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from deadlinekit import WIB, StepThree
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import translation

from alur.cases.models import Task
from alur.deadlines.models import DueChange

OPENED = dt.datetime(2026, 8, 14, 10, 0, tzinfo=WIB)


def _client(demo: SimpleNamespace, username: str) -> Client:
    client = Client()
    client.force_login(demo.people[username])
    return client


def test_the_head_sees_the_link_and_extends_the_due(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, task = hosting_at_step_3(OPENED)
    kadis = _client(demo, "kadis.batam")
    url = reverse("due_extend", args=[case.pk, task.pk])

    page = kadis.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f'href="{url}"' in page
    assert 'id="tenggat-permohonan"' in page

    response = kadis.post(
        url, {"date": "2026-08-20", "time": "", "reason": "Menunggu dokumen revisi"}
    )

    assert (response.status_code, response["Location"]) == (
        302,
        reverse("case_detail", args=[case.pk]),
    )
    [change] = DueChange.objects.all()
    assert (change.due_at, change.reason) == (
        dt.datetime(2026, 8, 20, 16, 0, tzinfo=WIB),
        "Menunggu dokumen revisi",
    )
    assert Task.objects.get(pk=task.pk).due_at == dt.datetime(2026, 8, 18, 10, 0, tzinfo=WIB)
    page = kadis.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert 'id="perubahan-tenggat"' in page
    assert 'data-extended="ya"' in page
    assert "Menunggu dokumen revisi" in page
    assert 'data-seq="13" data-kind="deadlines.due.extended"' in page
    assert "Tenggat diperpanjang" in page


@pytest.mark.parametrize("username", ["kabid.pe", "kasi.pa"])
def test_anyone_else_sees_no_link_and_is_refused(
    demo: SimpleNamespace, hosting_at_step_3: StepThree, username: str
) -> None:
    case, task = hosting_at_step_3(OPENED)
    client = _client(demo, username)
    url = reverse("due_extend", args=[case.pk, task.pk])

    assert (
        f'href="{url}"' not in client.get(reverse("case_detail", args=[case.pk])).content.decode()
    )
    response = client.post(url, {"date": "2026-08-20", "time": "12:00", "reason": "Saya mau"})

    assert response.status_code == 403
    assert (
        "Tenggat langkah 3 hanya dapat diperpanjang oleh atasan pelaksananya."
        in response.content.decode()
    )
    assert DueChange.objects.count() == 0


def test_another_office_and_a_requester_of_another_opd_get_404(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, task = hosting_at_step_3(OPENED)
    url = reverse("due_extend", args=[case.pk, task.pk])

    for username in ("kadis.sumbawa", "opd.dinkes"):
        assert _client(demo, username).get(url).status_code == 404


def test_a_form_without_a_reason_says_what_is_missing(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, task = hosting_at_step_3(OPENED)

    response = _client(demo, "kadis.batam").post(
        reverse("due_extend", args=[case.pk, task.pk]), {"date": "2026-08-20", "reason": ""}
    )

    assert response.status_code == 422
    with translation.override("id"):
        required = str(forms.Field.default_error_messages["required"])
    assert f"<li>Alasan: {required}</li>" in response.content.decode()
    assert DueChange.objects.count() == 0


def test_the_form_leaves_empty_fields_to_the_pages_own_indonesian_message(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, task = hosting_at_step_3(OPENED)

    html = _client(demo, "kadis.batam").get(reverse("due_extend", args=[case.pk, task.pk]))

    # The browser's own check would answer an empty reason in the browser's language.
    assert '<form method="post" id="ubah-tenggat" class="card" novalidate' in html.content.decode()


def test_the_head_extends_by_working_days_instead_of_a_date(
    demo: SimpleNamespace, hosting_at_step_3: StepThree
) -> None:
    case, task = hosting_at_step_3(OPENED)  # step 3 due Tuesday 18 August 10:00
    kadis = _client(demo, "kadis.batam")
    url = reverse("due_extend", args=[case.pk, task.pk])

    assert 'name="days"' in kadis.get(url).content.decode()
    response = kadis.post(url, {"date": "", "days": "3", "reason": "Menunggu dokumen revisi"})

    assert response.status_code == 302
    [change] = DueChange.objects.all()
    assert change.due_at == dt.datetime(2026, 8, 21, 10, 0, tzinfo=WIB)  # Friday, same time


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({"date": "", "days": ""}, "Isi tanggal tenggat baru, atau berapa hari kerja ditambahkan."),
        (
            {"date": "2026-08-20", "days": "2"},
            "Isi salah satu saja: tanggal tenggat baru, atau berapa hari kerja ditambahkan.",
        ),
        ({"date": "", "days": "0"}, "Atau: tambah hari kerja: "),
        (
            {"date": "2026-08-22", "days": ""},
            "Sabtu, 22 Agustus 2026 bukan hari kerja kantor; pilih hari kerja, mis. "
            "Senin, 24 Agustus 2026.",
        ),
    ],
)
def test_a_new_due_the_page_cannot_take_is_explained_and_nothing_changes(
    demo: SimpleNamespace, hosting_at_step_3: StepThree, sent: dict[str, str], message: str
) -> None:
    case, task = hosting_at_step_3(OPENED)
    kadis = _client(demo, "kadis.batam")

    response = kadis.post(
        reverse("due_extend", args=[case.pk, task.pk]), sent | {"reason": "Menunggu dokumen"}
    )

    assert response.status_code in (400, 422)
    assert message in response.content.decode()
    assert DueChange.objects.count() == 0
