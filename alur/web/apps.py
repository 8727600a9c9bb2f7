from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.core.signals import request_finished
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "alur.web"
    label = "web"
    verbose_name = _("Halaman")

    def ready(self) -> None:
        from alur.common import slots
        from alur.web.request_log import forget_request_id
        from alur.web.role_lanes import role_lanes
        from alur.web.sessions import session_begin

        slots.register("settings.role", role_lanes)

        request_finished.connect(forget_request_id, dispatch_uid="alur.web.forget_request_id")
        user_logged_in.connect(session_begin, dispatch_uid="alur.web.session_begin")
