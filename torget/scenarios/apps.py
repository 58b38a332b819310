from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenariosConfig(AppConfig):
    """What if a hub closed? Saved scenarios for the hub structure. Reads the key figures and
    the other apps' rows; never changes a booking. Below the site, above the key figures."""

    name = "torget.scenarios"
    label = "scenarios"
    verbose_name = _("Scenarios")

    def ready(self) -> None:
        from torget.scenarios import staffhome

        staffhome.register()  # the staff menu entry
