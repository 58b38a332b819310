from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "torget.desk"
    label = "desk"
    verbose_name = _("Citizen service")

    def ready(self) -> None:
        from torget.desk import personal_data, staffhome

        staffhome.register()  # panels and menu entries of the staff home
        personal_data.register()  # its kinds in the personal-data registry
