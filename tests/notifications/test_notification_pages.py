"""The bell with its unread count in the top bar, the list, marking read, and preferences."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from types import SimpleNamespace

from django.test import Client
from django.urls import reverse

from alur.notifications.models import Digest, Kind, Notification, Preference
from alur.notifications.services import notify

AT = dt.datetime(2026, 8, 18, 1, 0, tzinfo=dt.UTC)


def _remind(demo: SimpleNamespace, username: str, title: str) -> Notification:
    [written] = notify(
        recipients=[demo.people[username]],
        kind=Kind.REMINDER,
        title=title,
        body="",
        url="/tugas/",
        at=AT,
    )
    return written


def _bell(html: str) -> str | None:
    """The unread count the bell shows, or None when it shows none."""
    match = re.search(r'<span class="bell-count" data-unread="(\d+)">', html)
    return match.group(1) if match else None


def test_the_bell_counts_only_the_persons_unread_notifications(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    _remind(demo, "kabid.pe", "Satu")
    _remind(demo, "kabid.pe", "Dua")
    _remind(demo, "kadis.batam", "Untuk Kadis")
    read = _remind(demo, "kabid.pe", "Sudah dibaca")
    read.read_at = AT
    read.save(update_fields=["read_at"])

    html = client_for("kabid.pe").get(reverse("inbox")).content.decode()

    assert _bell(html) == "2"
    assert 'id="lonceng"' in html


def test_with_nothing_unread_the_bell_shows_no_count(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    html = client_for("kabid.pe").get(reverse("inbox")).content.decode()

    assert 'id="lonceng"' in html
    assert _bell(html) is None


def test_the_bell_refreshes_itself_with_the_new_count(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    client = client_for("kabid.pe")
    page = client.get(reverse("inbox")).content.decode()
    assert f'hx-get="{reverse("notification_bell")}"' in page
    _remind(demo, "kabid.pe", "Baru")

    response = client.get(reverse("notification_bell"), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<a id="lonceng"')
    assert _bell(html) == "1"


def test_a_signed_out_bell_is_left_as_it_was(client: Client) -> None:
    response = client.get(reverse("notification_bell"), headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response.content == b""


def test_the_list_shows_the_persons_own_newest_first(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    _remind(demo, "kabid.pe", "Pertama")
    _remind(demo, "kabid.pe", "Kedua")
    _remind(demo, "kadis.batam", "Bukan untuk Kabid")

    html = client_for("kabid.pe").get(reverse("notification_list")).content.decode()

    assert re.findall(r"<strong>([^<]+)</strong>\s*<span class=\"muted", html) == [
        "Kedua",
        "Pertama",
    ]
    assert "2 belum dibaca." in html


def test_opening_one_marks_it_read_and_follows_its_link(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    item = _remind(demo, "kabid.pe", "Buka saya")
    client = client_for("kabid.pe")

    response = client.post(reverse("notification_read", args=[item.pk]), {"buka": "1"})

    assert (response.status_code, response["Location"]) == (302, "/tugas/")
    item.refresh_from_db()
    assert item.read_at is not None
    assert _bell(client.get(reverse("inbox")).content.decode()) is None


def test_another_persons_notification_cannot_be_marked(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    item = _remind(demo, "kadis.batam", "Milik Kadis")

    response = client_for("kabid.pe").post(reverse("notification_read", args=[item.pk]))

    assert response.status_code == 404
    item.refresh_from_db()
    assert item.read_at is None


def test_mark_all_read(demo: SimpleNamespace, client_for: Callable[[str], Client]) -> None:
    _remind(demo, "kabid.pe", "Satu")
    _remind(demo, "kabid.pe", "Dua")
    _remind(demo, "kadis.batam", "Untuk Kadis")

    response = client_for("kabid.pe").post(reverse("notification_read_all"), follow=True)

    assert "2 pemberitahuan ditandai sudah dibaca." in response.content.decode()
    assert list(
        Notification.objects.filter(read_at__isnull=True).values_list(
            "recipient__username", flat=True
        )
    ) == ["kadis.batam"]


def test_the_preferences_page_saves_each_kind_and_shows_it_back(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    client = client_for("kabid.pe")
    form = {"pengingat-aplikasi": "on", "eskalasi-surel": "on", "tenggat-aplikasi": "on"}

    response = client.post(reverse("notification_preferences"), form, follow=True)

    assert "Pilihan pemberitahuan disimpan." in response.content.decode()
    saved = {
        kind: (in_app, email)
        for kind, in_app, email in Preference.objects.filter(
            user=demo.people["kabid.pe"]
        ).values_list("kind", "in_app", "email")
    }
    assert saved == {
        "pengingat": (True, False),
        "eskalasi": (False, True),
        "tenggat": (True, False),
        "tinjauan": (False, False),
        "pengingat-layanan": (False, False),
        "eskalasi-layanan": (False, False),
        "gugur": (False, False),
        "webhook": (False, False),
        "ditarik": (False, False),
        "komentar": (False, False),
        "langkah-baru": (False, False),
        "dikembalikan": (False, False),
        "langkah-selesai": (False, False),
        "berakhir": (False, False),
        "skm": (False, False),
    }
    html = client.get(reverse("notification_preferences")).content.decode()
    checked = re.findall(r'id="([a-z]+-(?:aplikasi|surel))" [^>]*checked', html)
    assert checked == ["pengingat-aplikasi", "eskalasi-surel", "tenggat-aplikasi"]
    assert 'id="ringkasan-harian" aria-describedby="ringkasan-harian-bantuan">' in html


def test_the_preferences_page_keeps_the_choice_of_a_daily_digest(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    client = client_for("kabid.pe")

    client.post(reverse("notification_preferences"), {"ringkasan-harian": "on"})

    assert Digest.objects.filter(user=demo.people["kabid.pe"]).count() == 1
    html = client.get(reverse("notification_preferences")).content.decode()
    assert 'aria-describedby="ringkasan-harian-bantuan" checked>' in html
    client.post(reverse("notification_preferences"), {})
    assert not Digest.objects.filter(user=demo.people["kabid.pe"]).exists()


def test_the_pages_need_a_sign_in(db: None) -> None:
    for name in ("notification_list", "notification_preferences"):
        response = Client().get(reverse(name))
        assert (response.status_code, response["Location"]) == (
            302,
            f"/masuk/?next={reverse(name)}",
        )


def test_the_list_is_paged_and_the_older_ones_are_on_the_next_page(
    demo: SimpleNamespace, client_for: Callable[[str], Client]
) -> None:
    from alur.notifications.selectors import PAGE_SIZE

    for n in range(PAGE_SIZE + 3):
        _remind(demo, "kabid.pe", f"Pengingat {n:02d}")
    client = client_for("kabid.pe")

    first = client.get(reverse("notification_list")).content.decode()
    second = client.get(reverse("notification_list"), {"halaman": 2}).content.decode()

    titles = r"<strong>(Pengingat \d+)</strong>"
    assert len(re.findall(titles, first)) == PAGE_SIZE
    assert re.findall(titles, second) == ["Pengingat 02", "Pengingat 01", "Pengingat 00"]
    assert 'href="?halaman=2"' in first
    assert "Halaman 2 dari 2" in second
    assert f"{PAGE_SIZE + 3} belum dibaca." in second
