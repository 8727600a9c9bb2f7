from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "alur.deadlines"
    label = "deadlines"
    verbose_name = _("Tenggat, pengingat, dan eskalasi")

    def ready(self) -> None:
        from alur.cases.words import event_kind_name
        from alur.common import slots
        from alur.deadlines.slots import change_link, due_changes, requester_limit, service_link

        slots.register("case.visit.due", change_link)
        slots.register("case.visit.due", requester_limit)
        slots.register("case.service.due", service_link)
        slots.register("case.sections", due_changes)
        event_kind_name("deadlines.due.extended", _("Tenggat diperpanjang"))
        event_kind_name("deadlines.schedule.changed", _("Jadwal diubah"))
        event_kind_name("deadlines.service.extended", _("Batas waktu layanan diperpanjang"))
        event_kind_name("deadlines.reminder.sent", _("Pengingat tenggat dikirim"))
        event_kind_name("deadlines.escalation.sent", _("Keterlambatan dilaporkan ke atasan"))
        event_kind_name(
            "deadlines.service.reminder.sent", _("Pengingat batas waktu layanan dikirim")
        )
        event_kind_name(
            "deadlines.service.escalation.sent",
            _("Batas waktu layanan terlewati, dilaporkan ke atasan"),
        )
        event_kind_name("deadlines.requester_reminder.sent", _("Pemohon diingatkan batas waktunya"))
