from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "alur.cases"
    label = "cases"
    verbose_name = _("Permohonan")

    def ready(self) -> None:
        from alur.cases.recording import open_lanes_follow_renamed_role, open_lanes_hand_over
        from alur.cases.slots import move_link
        from alur.catalog.lanes import hand_over_register
        from alur.common import slots
        from alur.offices.models import Role
        from alur.offices.structure import role_code_changed

        # The office's choice of role per lane, and a role's new code, reach the open lanes.
        hand_over_register(open_lanes_hand_over)
        role_code_changed.connect(open_lanes_follow_renamed_role, sender=Role)
        slots.register("settings.sop_version", move_link)
