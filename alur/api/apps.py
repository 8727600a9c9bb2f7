from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "alur.api"
    label = "alur_api"
    verbose_name = _("API JSON")
