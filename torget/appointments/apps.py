from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "torget.appointments"
    label = "appointments"
    verbose_name = _("Appointments")

    def ready(self) -> None:
        from torget.appointments import jobs, personal_data, staffhome

        staffhome.register()  # panels and menu entries of the staff home
        personal_data.register()  # its kinds in the personal-data registry
        jobs.register()  # its schedules (the worker runs them)
