from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteeringConfig(AppConfig):
    """Cooperation agreements with organisations, volunteers and their shifts, and residents'
    own initiatives. Above the desk, the key figures and the domains (it links seasonal
    slots, booking series and the ledger); below the scenarios and the site."""

    name = "torget.volunteering"
    label = "volunteering"
    verbose_name = _("Volunteering")

    def ready(self) -> None:
        from torget.volunteering import personal_data, registries

        registries.register()  # the staff home panel, the menu, the key figure, the reminders
        personal_data.register()  # its kinds in the personal-data registry
