"""The office administrator's API tokens (/pengaturan/token/): a token for a person or a system
account of the office, shown once on the answer that made it and working at once; the office's
tokens listed with their state and last use; one revoked and refused from then on; a system
account with its unit and roles, no password, that files a request of its OPD through the API.
Each change in the office's settings log."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.test import Client

from alur.cases.models import Case
from alur.common.formatting import datetime_text
from alur.offices.models import ApiToken, Role, SettingChange, Unit, User
from alur.offices.tokens import token_create
from tests.conftest import PDF

LETTER = "Surat Permohonan Pembuatan Aplikasi"


@pytest.fixture
def admin_sumbawa(client_for: Callable[[str], Client]) -> Client:
    return client_for("admin.sumbawa")


def _bearer(plain: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {plain}"})


def _shown_token(html: str) -> str:
    found = re.search(r'<code class="password" id="token">([^<]+)</code>', html)
    assert found is not None
    return found.group(1)


def test_a_token_is_shown_once_and_works_at_once(
    demo: SimpleNamespace, admin_sumbawa: Client
) -> None:
    kabid = demo.people["kabid.ti"]

    made = admin_sumbawa.post(
        "/pengaturan/token/",
        {"owner": kabid.pk, "name": "Dasbor Bupati", "scope": "read", "expires_days": "30"},
    )

    assert made.status_code == 200
    assert made["Cache-Control"].startswith("max-age=0")
    plain = _shown_token(made.content.decode())
    token = ApiToken.objects.get()
    assert (token.owner, token.name, token.scope) == (kabid, "Dasbor Bupati", "read")
    assert plain.startswith(f"alur_{token.prefix}_")
    assert _bearer(plain).get("/api/v1/tasks").status_code == 200
    page = admin_sumbawa.get("/pengaturan/token/").content.decode()
    assert plain not in page
    row = page[page.index(f'data-token="{token.prefix}"') :]
    row = row[: row.index("</tr>")]
    assert "Dasbor Bupati" in row and "berlaku" in row and "baca" in row
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert datetime_text(token.last_used_at, demo.sumbawa.zone, short=True) in row
    logged = SettingChange.objects.get(office=demo.sumbawa)
    assert (logged.action, logged.actor) == ("create", demo.people["admin.sumbawa"])


def test_a_revoked_token_is_refused_and_says_so(
    demo: SimpleNamespace, admin_sumbawa: Client
) -> None:
    token, plain = token_create(owner=demo.people["kabid.ti"], name="Portal", actor=None)

    response = admin_sumbawa.post(f"/pengaturan/token/{token.pk}/cabut/")

    assert response.status_code == 302
    assert response["Location"] == "/pengaturan/token/"
    assert _bearer(plain).get("/api/v1/sop").status_code == 401
    page = admin_sumbawa.get("/pengaturan/token/").content.decode()
    assert f"Token {token.prefix} (Portal) dicabut" in page
    assert f'id="cabut-{token.prefix}"' not in page
    assert list(
        SettingChange.objects.filter(office=demo.sumbawa).values_list("action", "actor__username")
    ) == [("revoke", "admin.sumbawa"), ("create", None)]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": ""}, "name"),
        ({"expires_days": "0"}, "expires_days"),
        ({"scope": "admin"}, "scope"),
        ({"owner": "batam"}, "owner"),
    ],
)
def test_a_wrong_token_form_makes_nothing(
    demo: SimpleNamespace, admin_sumbawa: Client, values: dict[str, str], field: str
) -> None:
    posted = {"owner": demo.people["kabid.ti"].pk, "name": "Portal", "scope": "act", **values}
    if posted["owner"] == "batam":
        posted["owner"] = demo.people["kadis.batam"].pk

    response = admin_sumbawa.post("/pengaturan/token/", posted)

    assert response.status_code == 422
    assert f'field-error" data-field="{field}"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_system_account_of_an_opd_files_its_requests_through_the_api(
    demo: SimpleNamespace, admin_sumbawa: Client
) -> None:
    bappeda = Unit.objects.get(office=demo.sumbawa, code="bappeda")

    created = admin_sumbawa.post(
        "/pengaturan/token/akun-sistem/",
        {"username": "sistem.bappeda", "name": "SIMRENDA Bappeda", "unit": bappeda.pk},
    )
    account = User.objects.get(username="sistem.bappeda")
    made = admin_sumbawa.post(
        "/pengaturan/token/", {"owner": account.pk, "name": "SIMRENDA", "scope": "act"}
    )
    letter = io.BytesIO(PDF)
    letter.name = "surat.pdf"
    filed = _bearer(_shown_token(made.content.decode())).post(
        "/api/v1/cases",
        {
            "payload": json.dumps(
                {"sop": "permohonan-pembuatan-aplikasi", "title": "Aplikasi e-Musrenbang"}
            ),
            LETTER: letter,
        },
    )

    assert created.status_code == 302
    assert (account.is_system_account, account.has_usable_password(), account.unit) == (
        True,
        False,
        bappeda,
    )
    assert filed.status_code == 201
    assert Case.objects.get(pk=filed.json()["id"]).requester == account
    people = admin_sumbawa.get("/pengaturan/pegawai/").content.decode()
    row = people[people.index('data-person="sistem.bappeda"') :]
    assert "akun sistem" in row[: row.index("</tr>")]


def test_a_system_account_has_roles_and_no_password(
    demo: SimpleNamespace, admin_sumbawa: Client
) -> None:
    role = Role.objects.get(office=demo.sumbawa, code="kasi-aplikasi")
    admin_sumbawa.post(
        "/pengaturan/token/akun-sistem/",
        {"username": "sistem.tiket", "name": "Sistem Tiket", "roles": [role.pk]},
    )
    account = User.objects.get(username="sistem.tiket")

    page = admin_sumbawa.get(f"/pengaturan/pegawai/{account.pk}/").content.decode()
    password = admin_sumbawa.post(
        f"/pengaturan/pegawai/{account.pk}/sandi/", {"cara": "sandi"}, follow=True
    )
    admin = admin_sumbawa.post(
        f"/pengaturan/pegawai/{account.pk}/ubah/",
        {"name": "Sistem Tiket", "roles": [role.pk], "is_office_admin": "on"},
    )

    assert list(account.roles.values_list("code", flat=True)) == ["kasi-aplikasi"]
    assert 'id="token-akun-sistem"' in page and 'id="kata-sandi"' not in page
    assert "Akun sistem tidak memakai kata sandi" in password.content.decode()
    assert admin.status_code == 422
    account.refresh_from_db()
    assert (account.has_usable_password(), account.is_office_admin) == (False, False)
    logged = SettingChange.objects.get(office=demo.sumbawa, subject="Pegawai sistem.tiket")
    assert logged.after["is_system_account"] is True


def test_a_taken_user_name_is_refused_beside_it(
    demo: SimpleNamespace, admin_sumbawa: Client
) -> None:
    response = admin_sumbawa.post(
        "/pengaturan/token/akun-sistem/", {"username": "kabid.ti", "name": "Sistem"}
    )

    assert response.status_code == 422
    assert 'field-error" data-field="username"' in response.content.decode()
    assert not User.objects.filter(is_system_account=True).exists()
