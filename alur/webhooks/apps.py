from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "alur.webhooks"
    label = "webhooks"
    verbose_name = _("Webhook")

    def ready(self) -> None:
        from alur.cases.recording import subscribe
        from alur.webhooks.outbox import deliveries_queue
        from alur.webhooks.payloads import SOURCE_KINDS

        # Each change of a case that an integrator may hear of writes its deliveries in the
        # transaction that records it: a change refused leaves none, a committed one has them.
        for kind in SOURCE_KINDS:
            subscribe(kind, deliveries_queue)
