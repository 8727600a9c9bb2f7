"""Offices set themselves up in the admin: their calendar, people, roles and delegations."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alur.offices.calendar import calendar_for
from alur.offices.models import Delegation, OfficeDay, Role, User


def _post_data(context: Any) -> dict[str, Any]:
    """The data the admin page would post back unchanged: its form and its inline formsets."""
    form = context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is not None and not field.disabled:
            data[name] = value
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for each in formset.forms:
            for name in each.fields:
                value = each[name].value()
                if value is not None:
                    data[each.add_prefix(name)] = value
    return data


def test_an_office_day_added_on_the_office_page_changes_its_calendar(
    admin_client: Client, demo: SimpleNamespace
) -> None:
    url = reverse("admin:offices_office_change", args=[demo.sumbawa.pk])
    data = _post_data(admin_client.get(url).context)
    data.update(
        {"days-0-date": "2026-08-17", "days-0-kind": "kerja", "days-0-name": "Hari kerja HUT RI"}
    )
    data.update({"days-1-date": "2026-09-01", "days-1-kind": "libur", "days-1-name": "HUT KSB"})
    data["days-TOTAL_FORMS"] = 2

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert list(
        OfficeDay.objects.filter(office=demo.sumbawa).values_list("date", "kind", "name")
    ) == [
        (dt.date(2026, 8, 17), "kerja", "Hari kerja HUT RI"),
        (dt.date(2026, 9, 1), "libur", "HUT KSB"),
    ]
    calendar = calendar_for(demo.sumbawa)
    assert calendar.is_working_day(dt.date(2026, 8, 17))
    assert not calendar.is_working_day(dt.date(2026, 9, 1))


def test_the_office_list_shows_zone_and_hours(admin_client: Client, demo: SimpleNamespace) -> None:
    html = admin_client.get(reverse("admin:offices_office_changelist")).content.decode()

    assert "Pemerintah Kabupaten Sumbawa" in html
    assert "WITA (Asia/Makassar)" in html
    assert "08.00–16.00" in html


def test_a_person_page_shows_office_unit_and_roles(
    admin_client: Client, demo: SimpleNamespace
) -> None:
    person = demo.people["kasi.pa"]

    html = admin_client.get(reverse("admin:offices_user_change", args=[person.pk])).content.decode()

    assert 'name="nip"' in html
    assert 'name="position" value="Kepala Seksi PA"' in html
    assert "Peran yang dipegang" in html
    roles = Role.objects.filter(memberships__user=person)
    assert sorted(r.code for r in roles) == ["kasi", "kasi-pa"]
    for role in roles:
        assert f'<option value="{role.pk}" selected>' in html


def test_the_delegation_list_marks_and_filters_those_active_today(
    admin_client: Client, demo: SimpleNamespace
) -> None:
    today = timezone.localdate(timezone=ZoneInfo(demo.sumbawa.zone))  # the office's date
    role = Role.objects.get(office=demo.sumbawa, code="kabid-ti")
    active = Delegation.objects.create(
        role=role,
        delegate=demo.people["kasi.aplikasi"],
        kind=Delegation.Kind.PLH,
        starts=today - dt.timedelta(days=2),
        ends=today + dt.timedelta(days=2),
    )
    past = Delegation.objects.create(
        role=role,
        delegate=demo.people["dev.sumbawa"],
        kind=Delegation.Kind.PLT,
        starts=today - dt.timedelta(days=30),
        ends=today - dt.timedelta(days=20),
    )
    url = reverse("admin:offices_delegation_changelist")

    active_page = admin_client.get(url, {"aktif": "ya"})
    past_page = admin_client.get(url, {"aktif": "tidak"})

    assert list(active_page.context["cl"].result_list) == [active]
    assert list(past_page.context["cl"].result_list) == [past]
    assert 'alt="True"' in active_page.content.decode()
    assert 'alt="False"' in past_page.content.decode()


def test_a_person_added_in_the_admin_gets_an_office_and_a_unit(
    admin_client: Client, demo: SimpleNamespace
) -> None:
    unit = demo.sumbawa.units.get(code="bidang-ti")

    response = admin_client.post(
        reverse("admin:offices_user_add"),
        {
            "username": "staf.baru",
            "usable_password": "true",
            "password1": "kata-sandi-panjang-2026",
            "password2": "kata-sandi-panjang-2026",
            "first_name": "Staf",
            "last_name": "Baru",
            "office": demo.sumbawa.pk,
            "unit": unit.pk,
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302
    person = User.objects.get(username="staf.baru")
    assert (person.office, person.unit, person.get_full_name()) == (
        demo.sumbawa,
        unit,
        "Staf Baru",
    )
    assert person.check_password("kata-sandi-panjang-2026")
