"""A case that ends offers its requester the questionnaire, in the app and by a link that works
once; a case takes one response, however it is sent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from alur.cases.models import Case, Event
from alur.cases.words import event_kind_text
from alur.common.errors import Invalid
from alur.notifications.models import Mail, Notification, Preference
from alur.notifications.services import quietly
from alur.survey.elements import CODES
from alur.survey.models import Invitation, Response
from alur.survey.services import Answers, invitation_by_link, response_submit
from tests.survey.surveykit import finished, link_of, opened, public_filed

pytestmark = pytest.mark.django_db

ANSWERS = Answers(scores=dict.fromkeys(CODES, 3), gender="P", age="25-34", suggestion="Cepat.")


def test_an_ended_case_offers_its_requester_the_survey_in_the_app_and_by_a_link(demo, desk) -> None:
    case = finished(desk, demo.sumbawa)

    assert case.status == Case.Status.FINISHED
    invitation = Invitation.objects.get(case=case)
    requester = demo.people["opd.bappeda"]
    notice = Notification.objects.get(recipient=requester, kind="skm")
    assert notice.url == f"/permohonan/{case.pk}/skm/"
    assert notice.title == f"Survei kepuasan: permohonan {case.number}"
    path = link_of(requester.email)
    token = path.split("/")[2]
    assert invitation.digest != token and token not in invitation.digest
    assert invitation_by_link(token, timezone.now()) == invitation
    # one mail, with the link that works once; not a second one with the app's link
    assert Mail.objects.filter(to=requester.email, subject__contains="Survei kepuasan").count() == 1


def test_a_requester_who_chose_no_mail_for_the_survey_is_told_in_the_app_only(demo, desk) -> None:
    requester = demo.people["opd.bappeda"]
    Preference.objects.create(user=requester, kind="skm", in_app=True, email=False)

    finished(desk, demo.sumbawa)

    assert Notification.objects.filter(recipient=requester, kind="skm").count() == 1
    assert not Mail.objects.filter(to=requester.email, body__contains="/skm/").exists()


def test_a_public_requester_gets_the_link_by_mail_at_the_address_they_gave(demo, desk) -> None:
    case = public_filed(desk, demo.sumbawa)
    case = desk.act(case, 2, "dev.sumbawa", decision="tidak", note="Tidak memenuhi ketentuan.")

    assert case.status == Case.Status.REFUSED
    assert Invitation.objects.filter(case=case).exists()
    assert link_of("siti@example.org").startswith("/skm/")
    assert not Notification.objects.filter(kind="skm").exists()


def test_history_written_quietly_has_its_invitation_and_mails_nobody(demo, desk) -> None:
    with quietly():
        case = finished(desk, demo.sumbawa)
        filed = public_filed(desk, demo.sumbawa)
        public = desk.act(filed, 2, "dev.sumbawa", decision="tidak", note="Tidak lengkap.")

    assert public.status == Case.Status.REFUSED
    assert Invitation.objects.filter(case__in=[case, public]).count() == 2
    assert not Mail.objects.filter(subject__contains="Survei kepuasan").exists()
    assert not Notification.objects.filter(kind="skm").exists()


def test_a_running_case_is_offered_nothing(demo, desk) -> None:
    opened(desk, demo.sumbawa)
    assert not Invitation.objects.exists()


def test_the_link_works_once_and_a_second_response_changes_nothing(demo, desk) -> None:
    case = finished(desk, demo.sumbawa)
    token = link_of(demo.people["opd.bappeda"].email).split("/")[2]
    invitation = invitation_by_link(token, timezone.now())
    assert invitation is not None

    response = response_submit(
        invitation=invitation, answers=ANSWERS, channel="tautan", at=timezone.now()
    )

    assert (response.case, response.persyaratan, response.gender) == (case, 3, "P")
    assert invitation_by_link(token, timezone.now()) is None
    with pytest.raises(Invalid, match="sudah dijawab"):
        response_submit(
            invitation=invitation, answers=ANSWERS, channel="aplikasi", at=timezone.now()
        )
    assert Response.objects.count() == 1
    event = Event.objects.get(case=case, kind="survey.answered")
    assert (event.actor_id, event.data) == (None, {"lewat": "tautan"})
    assert event_kind_text("survey.answered") == "Survei kepuasan dijawab"


def test_answers_out_of_range_or_incomplete_are_refused_and_nothing_is_kept(demo, desk) -> None:
    case = finished(desk, demo.sumbawa)
    invitation = Invitation.objects.get(case=case)
    wrong = Answers(scores={**dict.fromkeys(CODES, 3), "waktu": 5, "biaya": 0})
    missing = Answers(scores=dict.fromkeys(CODES[:8], 4))
    odd = Answers(scores=dict.fromkeys(CODES, 4), education="doktor-kehormatan")

    for answers in (wrong, missing, odd):
        with pytest.raises(Invalid):
            response_submit(
                invitation=invitation, answers=answers, channel="aplikasi", at=timezone.now()
            )

    invitation.refresh_from_db()
    assert invitation.used_at is None
    assert not Response.objects.exists()
    assert not Event.objects.filter(kind="survey.answered").exists()


def test_a_link_past_its_time_opens_nothing(demo, desk) -> None:
    case = finished(desk, demo.sumbawa)
    token = link_of(demo.people["opd.bappeda"].email).split("/")[2]
    invitation = Invitation.objects.get(case=case)

    assert invitation_by_link(token, invitation.expires_at) is None
    assert invitation_by_link("x" + token, timezone.now()) is None
