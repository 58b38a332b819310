from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "torget.places"
    label = "places"
    verbose_name = _("Hubs and spaces")

    def ready(self) -> None:
        from torget.places import signals, staffhome

        signals.connect()
        staffhome.register()  # panels and menu entries of the staff home
