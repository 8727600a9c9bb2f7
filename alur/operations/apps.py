from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class OperationsConfig(AppConfig):
    name = "alur.operations"
    label = "operations"
    verbose_name = _("Operasional")


class TaskQueueConfig(TasksAppConfig):
    """django-tasks-db, the queue of background tasks, under a name in the interface's language
    (its own, "Tasks Database Backend", heads its models in the admin)."""

    # The library declares its name a plain str; Django takes a lazy translation here too.
    verbose_name = _("Antrean tugas latar")  # type: ignore[assignment]
