from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "alur.notifications"
    label = "notifications"
    verbose_name = _("Pemberitahuan")

    def ready(self) -> None:
        # The people pages of offices (a layer below) send their password links through the
        # outbox, like every other mail of Alur.
        from alur.notifications.outbox import mail_queue
        from alur.offices.mailing import mailer_register

        mailer_register(mail_queue)
