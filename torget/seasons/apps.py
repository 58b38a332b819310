from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeasonsConfig(AppConfig):
    name = "torget.seasons"
    verbose_name = _("Seasonal allocation")

    def ready(self) -> None:
        from torget.seasons import personal_data, staffhome

        staffhome.register()  # panels and menu entries of the staff home
        personal_data.register()  # its kinds in the personal-data registry
