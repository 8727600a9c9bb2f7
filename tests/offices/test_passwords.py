"""A person without a password gets in through a one-time password the administrator hands
over, or through a link by e-mail that works once and for a limited time."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alur.notifications.models import Mail
from alur.offices.models import SettingChange, User
from alur.offices.services import PersonData, person_create
from tests.clock import sitecustomize as clock

pytestmark = pytest.mark.django_db

CHOSEN = "Sungai-Jodoh-2027"


@pytest.fixture
def newcomer(demo: SimpleNamespace) -> User:
    return person_create(
        office=demo.batam,
        actor=demo.people["admin.batam"],
        data=PersonData(username="rina", name="Rina Wati", email="rina@demo.invalid"),
    )


def _link(mail: Mail) -> str:
    match = re.search(r"http://[^/\s]+(/sandi/\S+/)", mail.body)
    assert match is not None, mail.body
    return match.group(1)


def _signs_in(password: str) -> bool:
    response = Client().post("/masuk/", {"username": "rina", "password": password})
    return response.status_code == 302


def test_a_one_time_password_is_shown_once_and_lets_the_person_in(
    newcomer: User, admin: Client
) -> None:
    response = admin.post(reverse("person_password", args=[newcomer.pk]), {"cara": "sandi"})

    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    match = re.search(
        r'<code class="password" id="sandi">([^<]+)</code>', response.content.decode()
    )
    assert match is not None
    assert _signs_in(match.group(1))
    change = SettingChange.objects.get(action="sandi sekali pakai dibuat")
    assert match.group(1) not in str(change.before) + str(change.after)
    page = admin.get(reverse("person_detail", args=[newcomer.pk])).content.decode()
    assert match.group(1) not in page


def test_an_invitation_link_sets_the_password_once(newcomer: User, admin: Client) -> None:
    admin.post(reverse("person_password", args=[newcomer.pk]), {"cara": "undangan"})

    [mail] = Mail.objects.all()
    assert mail.to == "rina@demo.invalid"
    assert "Undangan" in mail.subject
    link = _link(mail)
    visitor = Client()
    assert visitor.get(link).status_code == 200
    response = visitor.post(link, {"new_password1": CHOSEN, "new_password2": CHOSEN})
    assert response.status_code == 302
    assert _signs_in(CHOSEN)
    again = Client().get(link)
    assert again.status_code == 410
    assert 'id="tautan-tidak-berlaku"' in again.content.decode()
    assert SettingChange.objects.filter(action="diundang").count() == 1


def test_a_reset_link_expires(newcomer: User, admin: Client, settings: Any) -> None:
    newcomer.set_password("lama-sekali-123")
    newcomer.save()
    admin.post(reverse("person_password", args=[newcomer.pk]), {"cara": "tautan"})
    link = _link(Mail.objects.get())

    later = timezone.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with clock.travelling(later):
        response = Client().post(link, {"new_password1": CHOSEN, "new_password2": CHOSEN})

    assert response.status_code == 410
    assert _signs_in("lama-sekali-123")


def test_a_mismatched_password_is_named_and_the_link_still_works(
    newcomer: User, admin: Client
) -> None:
    admin.post(reverse("person_password", args=[newcomer.pk]), {"cara": "undangan"})
    link = _link(Mail.objects.get())

    response = Client().post(link, {"new_password1": CHOSEN, "new_password2": "lain"})

    assert response.status_code == 422
    assert 'id="id_new_password2_galat"' in response.content.decode()
    assert Client().get(link).status_code == 200


def test_without_a_mail_server_no_link_is_offered_or_sent(
    newcomer: User, admin: Client, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    page = admin.get(reverse("person_detail", args=[newcomer.pk])).content.decode()
    assert 'value="undangan"' not in page
    response = admin.post(
        reverse("person_password", args=[newcomer.pk]), {"cara": "undangan"}, follow=True
    )
    assert "Pengiriman e-mail belum diatur" in response.content.decode()
    assert not Mail.objects.exists()


def test_a_link_for_a_deactivated_person_does_not_work(newcomer: User, admin: Client) -> None:
    admin.post(reverse("person_password", args=[newcomer.pk]), {"cara": "undangan"})
    link = _link(Mail.objects.get())
    User.objects.filter(pk=newcomer.pk).update(is_active=False)

    assert Client().get(link).status_code == 410


def test_the_person_replaces_a_handed_password_with_their_own(
    newcomer: User, admin: Client
) -> None:
    response = admin.post(reverse("person_password", args=[newcomer.pk]), {"cara": "sandi"})
    match = re.search(r'id="sandi">([^<]+)<', response.content.decode())
    assert match is not None
    person = Client()
    assert (
        person.post("/masuk/", {"username": "rina", "password": match.group(1)}).status_code == 302
    )

    wrong = person.post(
        reverse("password_change"),
        {"old_password": "keliru", "new_password1": CHOSEN, "new_password2": CHOSEN},
    )
    changed = person.post(
        reverse("password_change"),
        {"old_password": match.group(1), "new_password1": CHOSEN, "new_password2": CHOSEN},
    )

    assert wrong.status_code == 422 and 'id="id_old_password_galat"' in wrong.content.decode()
    assert changed.status_code == 302
    assert person.get(reverse("password_change")).status_code == 200  # still signed in
    assert not _signs_in(match.group(1))
    assert _signs_in(CHOSEN)


def test_a_handed_password_opens_only_the_change_page_until_the_person_chooses_their_own(
    newcomer: User, admin: Client
) -> None:
    response = admin.post(reverse("person_password", args=[newcomer.pk]), {"cara": "sandi"})
    match = re.search(r'id="sandi">([^<]+)<', response.content.decode())
    assert match is not None
    person = Client()
    signed_in = person.post("/masuk/", {"username": "rina", "password": match.group(1)})
    assert signed_in.status_code == 302

    inbox = person.get("/tugas/")
    htmx = person.get("/pemberitahuan/lonceng/", headers={"HX-Request": "true"})
    page = person.get(reverse("password_change"))

    assert (inbox.status_code, inbox["Location"]) == (302, reverse("password_change"))
    assert (htmx.status_code, htmx["HX-Redirect"]) == (204, reverse("password_change"))
    assert page.status_code == 200 and 'id="wajib-ganti"' in page.content.decode()
    person.post(
        reverse("password_change"),
        {"old_password": match.group(1), "new_password1": CHOSEN, "new_password2": CHOSEN},
    )
    assert person.get("/tugas/").status_code == 200
    assert not User.objects.get(pk=newcomer.pk).must_change_password


def test_a_password_set_by_link_is_the_persons_own_and_is_not_to_be_changed_again(
    newcomer: User, admin: Client
) -> None:
    admin.post(reverse("person_password", args=[newcomer.pk]), {"cara": "sandi"})
    newcomer.refresh_from_db()
    assert newcomer.must_change_password
    admin.post(reverse("person_password", args=[newcomer.pk]), {"cara": "tautan"})
    link = _link(Mail.objects.latest("pk"))

    Client().post(link, {"new_password1": CHOSEN, "new_password2": CHOSEN})

    assert not User.objects.get(pk=newcomer.pk).must_change_password
    person = Client()
    person.post("/masuk/", {"username": "rina", "password": CHOSEN})
    assert person.get("/tugas/").status_code == 200
