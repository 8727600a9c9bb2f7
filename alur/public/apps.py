from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "alur.public"
    label = "public"
    verbose_name = _("Permohonan masyarakat")

    def ready(self) -> None:
        from alur.cases.recording import subscribe
        from alur.common import slots
        from alur.notifications.services import requester_channel_add
        from alur.public.follow import ended_tell, returned_tell
        from alur.public.services import public_tell
        from alur.public.slots import requester_details

        slots.register("case.requester", requester_details)
        subscribe("step.opened", returned_tell)
        subscribe("case.ended", ended_tell)
        # What any app tells a requester (a reminder, a lapse, a changed due) reaches a
        # member of the public by e-mail: they have no account to be notified in.
        requester_channel_add(public_tell)
