from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveyConfig(AppConfig):
    name = "alur.survey"
    label = "survey"
    verbose_name = _("Survei kepuasan masyarakat")

    def ready(self) -> None:
        from alur.cases.recording import subscribe
        from alur.cases.words import event_kind_name
        from alur.common import slots
        from alur.survey.services import ANSWERED_EVENT, survey_offer
        from alur.survey.slots import survey_banner

        subscribe("case.ended", survey_offer)
        slots.register("case.links", survey_banner)
        event_kind_name(ANSWERED_EVENT, _("Survei kepuasan dijawab"))
