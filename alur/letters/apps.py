from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LettersConfig(AppConfig):
    name = "alur.letters"
    label = "letters"
    verbose_name = _("Surat")

    def ready(self) -> None:
        from alur.cases.words import event_kind_name
        from alur.catalog.lifecycle import readiness_register
        from alur.common import slots
        from alur.letters.readiness import letters_ready
        from alur.letters.slots import letter_panel, refusal_panel

        readiness_register(letters_ready)

        slots.register("case.step", letter_panel)
        slots.register("case.sections", refusal_panel)
        event_kind_name("letters.letter.generated", _("Surat disusun"))
        event_kind_name("letters.srikandi.recorded", _("Rujukan SRIKANDI dicatat"))
