from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "alur.offices"
    label = "offices"
    verbose_name = _("Kantor dan pegawai")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from alur.offices.twofactor import on_sign_in

        # What a new sign-in still owes (a code, or setting the app up): alur/offices/twofactor.py.
        user_logged_in.connect(on_sign_in, dispatch_uid="alur.offices.two_factor_on_sign_in")
