from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "torget.consultations"
    label = "consultations"
    verbose_name = _("Citizen input")

    def ready(self) -> None:
        from torget.consultations import personal_data, staffhome

        staffhome.register()  # panels and menu entries of the staff home
        personal_data.register()  # its kinds in the personal-data registry
