from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "alur.reports"
    label = "reports"
    verbose_name = _("Laporan kinerja")

    def ready(self) -> None:
        from alur.cases.progress import forecast_register
        from alur.cases.recording import subscribe
        from alur.reports.forecast_history import case_forecast
        from alur.reports.rollups import FOLLOWED, rollups_follow

        for kind in FOLLOWED:
            subscribe(kind, rollups_follow)
        # Running cases' expected finish, learnt from the office's ended cases of their SOP.
        forecast_register(case_forecast)
