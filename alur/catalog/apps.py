from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "alur.catalog"
    label = "catalog"
    verbose_name = _("Katalog SOP")

    def ready(self) -> None:
        from alur.catalog.lanes import lanes_follow_renamed_role
        from alur.offices.models import Role
        from alur.offices.structure import role_code_changed

        role_code_changed.connect(lanes_follow_renamed_role, sender=Role)
