from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "alur.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring SOP")

    def ready(self) -> None:
        from alur.common import slots
        from alur.monitoring.slots import case_link, sop_link

        slots.register("sop.links", sop_link)
        slots.register("case.links", case_link)
