from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "torget.notifications"
    label = "notifications"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from torget.notifications import jobs, personal_data

        personal_data.register()  # its kinds in the personal-data registry
        jobs.register()  # its schedules (the worker runs them)
