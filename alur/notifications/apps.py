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

        from alur.cases.recording import subscribe
        from alur.notifications.follow import (
            case_ended_tell,
            comment_tell,
            step_completed_tell,
            step_opened_tell,
            withdrawn_tell,
        )

        # People hear of a step in their inbox and of their request's progress in the
        # transaction that records it, whichever page, API call or job made the change.
        subscribe("step.opened", step_opened_tell)
        subscribe("step.completed", step_completed_tell)
        subscribe("case.ended", case_ended_tell)
        subscribe("case.withdrawn", withdrawn_tell)
        subscribe("case.commented", comment_tell)
