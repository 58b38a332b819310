from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "torget.events"
    label = "events"
    verbose_name = _("Activities and events")

    def ready(self) -> None:
        from torget.events import jobs, ledger, personal_data, staffhome

        # A room booking changed outside the events app updates its occurrence's ledger row.
        ledger.connect()
        staffhome.register()  # panels and menu entries of the staff home
        personal_data.register()  # its kinds in the personal-data registry
        jobs.register()  # its schedules (the worker runs them)
