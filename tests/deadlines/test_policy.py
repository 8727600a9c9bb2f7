"""The office's deadline policy names roles of that office only."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from alur.deadlines.models import DeadlinePolicy
from alur.offices.models import Role


def test_a_role_of_another_office_is_refused_with_the_field_named(demo: SimpleNamespace) -> None:
    policy = DeadlinePolicy(
        office=demo.batam,
        default_head=Role.objects.get(office=demo.sumbawa, code="kadis"),
        review_role=Role.objects.get(office=demo.batam, code="kadis"),
    )

    with pytest.raises(ValidationError) as raised:
        policy.full_clean()

    assert raised.value.message_dict == {
        "default_head": ["Pilih peran dari kantor Dinas Komunikasi dan Informatika Kota Batam."]
    }


def test_roles_of_the_office_itself_are_accepted(demo: SimpleNamespace) -> None:
    policy = DeadlinePolicy(
        office=demo.batam,
        default_head=Role.objects.get(office=demo.batam, code="kabid-pe"),
        review_role=Role.objects.get(office=demo.batam, code="kadis"),
    )

    policy.full_clean()


@pytest.mark.parametrize("percent", [0, 100])
def test_the_due_soon_share_is_between_1_and_99_percent(
    demo: SimpleNamespace, percent: int
) -> None:
    with pytest.raises(ValidationError) as raised:
        demo.batam.due_soon_percent = percent
        demo.batam.full_clean()

    assert list(raised.value.message_dict) == ["due_soon_percent"]
