from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "torget.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from torget.core import schedules

        schedules.register()  # the daily purge and the queue's clean-up (torget.core.jobs)
