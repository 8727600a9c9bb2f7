"""Signing in through the installation's own identity provider by OpenID Connect, against a
real provider: oidc-provider-mock serving HTTP on 127.0.0.1 in a thread of the test process.
The test plays the browser: Alur's start page sends it to the provider's authorization page,
where it chooses the subject (whose claims it gave the provider beforehand), and the provider
sends it back to Alur's callback, which asks the provider's token and userinfo endpoints itself.

The provider's tokens carry ``iat`` and ``exp`` from ``time.time()`` in the same process, so
under the suite's travelling clock (tests/clock) they are issued at the test's moment and
checked against it, whatever day the suite runs: the leeway Alur allows for a provider's clock
(``LEEWAY_SECONDS``) is not what lets them pass.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import pytest
import werkzeug.serving
from django.test import Client
from django.urls import reverse

from alur.demo import DEMO_PASSWORD
from alur.offices.models import KnownAddress, User
from alur.offices.oidc import IDP_SIGN_IN, LEEWAY_SECONDS
from alur.web.sessions import STARTED

pytestmark = [
    pytest.mark.django_db,
    # The provider, a test tool, still calls Authlib's older ways of making an ID token. Its
    # warnings (in its server's thread) are about it, not about Alur, and would otherwise turn
    # into errors there and into 500 answers from the provider.
    pytest.mark.filterwarnings("ignore::authlib.deprecate.AuthlibDeprecationWarning"),
    pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning"),
]

BACKEND = "alur.offices.oidc.OIDCBackend"
REFUSED = 'id="sso-ditolak"'


@contextmanager
def _serving(**options: Any) -> Iterator[str]:
    """A provider on 127.0.0.1 and its issuer URL, e.g. ``http://127.0.0.1:40123``; any client
    id and secret are accepted, and the claims of a subject are set with ``PUT /users/<sub>``.
    ``options``: those of ``oidc_provider_mock.app``."""
    # Imported here, under the module's warning filters: importing it warns about Authlib.
    import oidc_provider_mock

    app = oidc_provider_mock.app(require_nonce=True, **options)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with _serving() as issuer:
        yield issuer


def _configured(settings: Any, provider: str) -> str:
    settings.ALUR_OIDC_ISSUER = provider
    settings.OIDC_RP_CLIENT_ID = "alur-test"
    settings.OIDC_RP_CLIENT_SECRET = "rahasia-uji"  # noqa: S105 - the provider takes any
    settings.ALUR_OIDC_NAME = "SSO Pemda Uji"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    return provider


@pytest.fixture
def sso(settings: Any, provider: str) -> str:
    """Alur configured for the provider, by its issuer alone (the endpoints discovered)."""
    return _configured(settings, provider)


def _through_provider(
    provider: str, client: Client, claims: dict[str, Any], *, next_page: str = ""
) -> Any:
    """Start at Alur, be the person ``claims`` describe at the provider, come back to Alur's
    callback: its answer."""
    sub = str(uuid.uuid4())
    assert httpx.put(f"{provider}/users/{quote(sub)}", json=claims).status_code == 204
    start = client.get(reverse("oidc_start"), {"next": next_page} if next_page else {})
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider}/oauth2/authorize?")
    authorized = httpx.post(start["Location"], data={"sub": sub})
    assert authorized.status_code == 302, authorized.text
    back = urlsplit(authorized.headers["location"])
    assert back.path == reverse("oidc_callback")
    return client.get(f"{back.path}?{back.query}")


def _refused_page(client: Client, answer: Any) -> str:
    assert answer.status_code == 302 and answer["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session
    return str(client.get(answer["Location"]).content.decode())


def test_a_person_signs_in_by_e_mail_and_lands_where_they_were_going(
    demo: SimpleNamespace, sso: str
) -> None:
    person = demo.people["kabid.ti"]
    client = Client()

    answer = _through_provider(
        sso,
        client,
        {"email": person.email.upper(), "email_verified": True},
        next_page=reverse("case_list"),
    )

    assert (answer.status_code, answer["Location"]) == (302, reverse("case_list"))
    assert client.session["_auth_user_id"] == str(person.pk)
    assert client.session["_auth_user_backend"] == BACKEND
    assert client.session[IDP_SIGN_IN] is True
    # Django's login() ran, and with it the user_logged_in handler of alur/web/sessions.py.
    assert STARTED in client.session
    assert KnownAddress.objects.filter(user=person).exists()
    inbox = client.get(reverse("inbox"))
    assert inbox.status_code == 200
    assert inbox.wsgi_request.user == person


def test_a_person_signs_in_by_nip_with_the_claim_the_installation_names(
    demo: SimpleNamespace, sso: str, settings: Any
) -> None:
    settings.ALUR_OIDC_MATCH = "nip"
    settings.ALUR_OIDC_NIP_CLAIM = "nip_pegawai"
    person = demo.people["kasi.aplikasi"]
    person.nip = "198001012005011001"
    person.save(update_fields=["nip"])
    client = Client()

    answer = _through_provider(
        sso,
        client,
        # The e-mail is another person's: by NIP, only the NIP counts.
        {"nip_pegawai": "19800101 200501 1 001", "email": demo.people["kabid.ti"].email},
    )

    assert (answer.status_code, answer["Location"]) == (302, reverse("inbox"))
    assert client.session["_auth_user_id"] == str(person.pk)
    assert client.session[IDP_SIGN_IN] is True
    assert client.get(reverse("inbox")).status_code == 200


def test_an_unknown_e_mail_is_refused_with_the_reason_and_logged(
    demo: SimpleNamespace, sso: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client()

    with caplog.at_level(logging.WARNING, logger="alur.offices.oidc"):
        answer = _through_provider(sso, client, {"email": "orang.lain@pemda.invalid"})

    page = _refused_page(client, answer)
    assert REFUSED in page
    assert (
        "Akun SSO Anda (orang.lain@pemda.invalid) tidak terhubung dengan pegawai mana pun di "
        "Alur. Minta admin kantor mencatat e-mail Anda."
    ) in page
    assert [r.getMessage() for r in caplog.records if r.name == "alur.offices.oidc"] == [
        "oidc sign-in refused: unknown email=orang.lain@pemda.invalid"
    ]
    # Said once: the page after it is the plain sign-in page again.
    assert REFUSED not in client.get(reverse("login")).content.decode()


def test_an_inactive_person_is_refused(demo: SimpleNamespace, sso: str) -> None:
    person = demo.people["dev.sumbawa"]
    person.is_active = False
    person.save(update_fields=["is_active"])
    client = Client()

    page = _refused_page(client, _through_provider(sso, client, {"email": person.email}))

    assert f"Akun SSO Anda ({person.email}) terhubung dengan pegawai yang tidak aktif" in page


def test_a_system_account_is_refused(demo: SimpleNamespace, sso: str) -> None:
    User.objects.create_user(
        "sistem.sumbawa",
        email="sistem@pemda.invalid",
        office=demo.sumbawa,
        is_system_account=True,
    )
    client = Client()

    answer = _through_provider(sso, client, {"email": "sistem@pemda.invalid"})

    assert "terhubung dengan akun sistem" in _refused_page(client, answer)


def test_an_address_two_active_people_share_is_refused(demo: SimpleNamespace, sso: str) -> None:
    shared = demo.people["kabid.ti"].email
    User.objects.create_user("kabid.ti.lama", email=shared.upper(), office=demo.sumbawa)
    client = Client()

    answer = _through_provider(sso, client, {"email": shared})

    assert "cocok dengan lebih dari satu pegawai" in _refused_page(client, answer)


def test_an_address_the_provider_has_not_verified_is_refused(
    demo: SimpleNamespace, sso: str
) -> None:
    person = demo.people["kabid.ti"]
    client = Client()

    answer = _through_provider(sso, client, {"email": person.email, "email_verified": False})

    assert "belum diverifikasi oleh SSO Pemda Uji" in _refused_page(client, answer)


def test_a_sign_in_denied_at_the_provider_comes_back_to_the_sign_in_page(
    demo: SimpleNamespace, sso: str
) -> None:
    client = Client()
    start = client.get(reverse("oidc_start"))

    denied = httpx.post(start["Location"], data={"action": "deny"})
    back = urlsplit(denied.headers["location"])
    answer = client.get(f"{back.path}?{back.query}")

    assert "Masuk dengan SSO Pemda Uji tidak berhasil" in _refused_page(client, answer)


def test_an_id_token_past_its_time_is_refused(demo: SimpleNamespace, settings: Any) -> None:
    """A provider whose tokens expire a minute past the leeway before they are issued."""
    client = Client()
    late = dt.timedelta(seconds=-LEEWAY_SECONDS - 60)

    with _serving(access_token_max_age=late) as issuer:
        _configured(settings, issuer)
        answer = _through_provider(issuer, client, {"email": demo.people["kabid.ti"].email})

    assert "tidak berhasil" in _refused_page(client, answer)


def test_with_a_provider_the_sign_in_page_has_its_button_keeping_next(db: None, sso: str) -> None:
    page = Client().get(reverse("login"), {"next": "/tugas/?halaman=2"}).content.decode()

    assert (
        f'href="{reverse("oidc_start")}?next=/tugas/%3Fhalaman%3D2">Masuk dengan SSO Pemda Uji</a>'
    ) in page


def test_with_a_provider_the_password_still_signs_in(demo: SimpleNamespace, sso: str) -> None:
    client = Client()

    assert client.login(username="kabid.ti", password=DEMO_PASSWORD)
    assert IDP_SIGN_IN not in client.session


def test_without_a_provider_nothing_changes(db: None, settings: Any) -> None:
    assert not settings.OIDC_RP_CLIENT_ID
    assert BACKEND not in settings.AUTHENTICATION_BACKENDS
    client = Client()

    assert "masuk-sso" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_start")).status_code == 404
    assert client.get(reverse("oidc_callback"), {"code": "x", "state": "y"}).status_code == 404


def test_the_provider_s_sign_in_is_the_second_factor_of_a_head_who_must_have_one(
    demo: SimpleNamespace, sso: str, settings: Any
) -> None:
    settings.ALUR_TWO_FACTOR_REQUIRED = True
    person = demo.people["kadis.batam"]
    by_password = Client()
    by_password.post(reverse("login"), {"username": person.username, "password": DEMO_PASSWORD})
    assert by_password.get(reverse("inbox"))["Location"].startswith(reverse("two_factor_setup"))
    client = Client()

    _through_provider(sso, client, {"email": person.email, "email_verified": True})

    assert client.get(reverse("inbox")).status_code == 200
