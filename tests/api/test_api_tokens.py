"""API tokens: kept hashed, shown once, refused when expired, revoked or read-only for an act,
and each made and revoked token in the office's settings log."""

from __future__ import annotations

import datetime as dt
import hashlib
from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from alur.cases.models import Case
from alur.common.errors import NotAllowed
from alur.offices.models import ApiToken, SettingChange
from alur.offices.tokens import token_create, token_revoke
from tests.authz.world import snapshot


def _bearer(plain: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {plain}"})


def test_a_token_is_kept_only_as_its_digest_and_shown_once(
    world: SimpleNamespace, db: None
) -> None:
    token, plain = token_create(owner=world.people["kabid.ti"], name="SIMDA", actor=None)

    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in {stored.digest, stored.prefix, stored.name}
    assert plain.startswith(f"alur_{stored.prefix}_")


def test_a_token_reads_until_it_expires(world: SimpleNamespace, db: None) -> None:
    now = timezone.now()
    _token, plain = token_create(
        owner=world.people["kabid.ti"], name="SIMDA", expires_days=1, actor=None, at=now
    )

    with time_machine.travel(now + dt.timedelta(hours=23), tick=False):
        assert _bearer(plain).get("/api/v1/sop").status_code == 200
    with time_machine.travel(now + dt.timedelta(days=1, seconds=1), tick=False):
        refused = _bearer(plain).get("/api/v1/sop")
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"


def test_a_revoked_or_wrong_token_is_refused(world: SimpleNamespace, db: None) -> None:
    admin = world.people["kadis.sumbawa"]
    admin.is_office_admin = True
    token, plain = token_create(owner=world.people["kabid.ti"], name="SIMDA", actor=None)
    assert _bearer(plain).get("/api/v1/sop").status_code == 200

    token_revoke(token=token, actor=admin)

    assert _bearer(plain).get("/api/v1/sop").status_code == 401
    assert _bearer(plain[:-1] + "x").get("/api/v1/sop").status_code == 401
    logged = SettingChange.objects.filter(office=world.sumbawa).order_by("pk")
    assert [(c.action, c.actor) for c in logged] == [("create", None), ("revoke", admin)]


def test_use_is_recorded_on_the_token(world: SimpleNamespace, db: None) -> None:
    token, plain = token_create(owner=world.people["kabid.ti"], name="SIMDA", actor=None)
    moment = timezone.now() + dt.timedelta(hours=2)

    with time_machine.travel(moment, tick=False):
        _bearer(plain).get("/api/v1/sop")

    token.refresh_from_db()
    assert token.last_used_at == moment


def test_a_read_token_cannot_act(world: SimpleNamespace, case: Case) -> None:
    _token, plain = token_create(
        owner=world.people["kadis.sumbawa"], name="baca", scope="read", actor=None
    )
    before = snapshot(case)

    response = _bearer(plain).post(
        f"/api/v1/cases/{case.pk}/steps/2/complete",
        {"version": case.version},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert "act" in response.json()["detail"]
    assert snapshot(case) == before


def test_only_an_administrator_of_the_owners_office_makes_a_token(
    world: SimpleNamespace, db: None
) -> None:
    batam_admin = world.people["kadis.batam"]
    batam_admin.is_office_admin = True

    with pytest.raises(NotAllowed):
        token_create(owner=world.people["kabid.ti"], name="x", actor=batam_admin)
    assert ApiToken.objects.count() == 0
