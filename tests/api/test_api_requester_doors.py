"""The requester's doors through the API: withdrawing a running request with a reason, and
writing to the office, as the pages do (``alur.cases.requesting``): only the person who filed
it, a missing reason named as the body's field, an ended request a conflict, nothing written
when refused."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from alur.cases.models import Case, Event
from alur.notifications.models import Kind, Notification
from tests.api.conftest import api_client

REQUESTER = "opd.bappeda"


def _post(world: SimpleNamespace, persona: str, path: str, body: dict[str, str]) -> object:
    return api_client(world, persona).post(path, body, content_type="application/json")


def test_the_requester_withdraws_with_a_reason_and_the_office_is_told(
    world: SimpleNamespace, case: Case
) -> None:
    response = _post(
        world, REQUESTER, f"/api/v1/cases/{case.pk}/withdraw", {"reason": "Anggaran dialihkan"}
    )

    assert response.status_code == 200, response.content
    assert response.json()["status"] == Case.Status.WITHDRAWN
    case.refresh_from_db()
    assert case.status == Case.Status.WITHDRAWN
    event = Event.objects.get(case=case, kind="case.withdrawn")
    assert (event.actor, event.note) == (world.people[REQUESTER], "Anggaran dialihkan")
    assert Notification.objects.filter(kind=Kind.WITHDRAWN).exists()


def test_the_requester_writes_to_the_office_and_gets_the_recorded_event(
    world: SimpleNamespace, case: Case
) -> None:
    version = case.version
    response = _post(
        world, REQUESTER, f"/api/v1/cases/{case.pk}/comments", {"text": "Mohon dipercepat."}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["note"], body["actor"]) == (
        "case.commented",
        "Mohon dipercepat.",
        str(world.people[REQUESTER]),
    )
    case.refresh_from_db()
    assert case.version == version  # a comment changes nothing the office's pages rest on
    assert Notification.objects.filter(kind=Kind.REQUESTER_COMMENT).exists()


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [("withdraw", {"reason": "   "}, "reason"), ("comments", {"text": ""}, "text")],
)
def test_an_empty_text_is_a_wrong_field_and_changes_nothing(
    world: SimpleNamespace, case: Case, path: str, body: dict[str, str], field: str
) -> None:
    events = Event.objects.filter(case=case).count()

    response = _post(world, REQUESTER, f"/api/v1/cases/{case.pk}/{path}", body)

    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [f"body.body.{field}"]
    assert Event.objects.filter(case=case).count() == events
    case.refresh_from_db()
    assert case.status == Case.Status.RUNNING


@pytest.mark.parametrize(("persona", "status"), [("kadis.sumbawa", 403), ("opd.disdukcapil", 404)])
def test_only_the_requester_may_withdraw(
    world: SimpleNamespace, case: Case, persona: str, status: int
) -> None:
    """An officer of the case's office sees it but did not file it; a person of another
    office does not see it at all."""
    response = _post(world, persona, f"/api/v1/cases/{case.pk}/withdraw", {"reason": "Tidak"})

    assert response.status_code == status
    case.refresh_from_db()
    assert case.status == Case.Status.RUNNING
    assert not Event.objects.filter(case=case, kind="case.withdrawn").exists()


def test_an_ended_request_cannot_be_withdrawn_again_or_commented(
    world: SimpleNamespace, case: Case
) -> None:
    path = f"/api/v1/cases/{case.pk}"
    assert _post(world, REQUESTER, f"{path}/withdraw", {"reason": "Batal"}).status_code == 200

    again = _post(world, REQUESTER, f"{path}/withdraw", {"reason": "Batal lagi"})
    comment = _post(world, REQUESTER, f"{path}/comments", {"text": "Halo"})

    assert (again.status_code, comment.status_code) == (409, 409)
    assert Event.objects.filter(case=case, kind="case.withdrawn").count() == 1
    assert not Event.objects.filter(case=case, kind="case.commented").exists()
