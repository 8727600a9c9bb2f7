from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "alur.registry"
    label = "registry"
    verbose_name = _("Inventaris aplikasi")

    def ready(self) -> None:
        from alur.cases.recording import subscribe
        from alur.registry.services import registry_follow

        subscribe("step.completed", registry_follow)
