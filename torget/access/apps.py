from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    """Meråpent: who may open which door when — by agreement or by booking — and the entry
    log. Above booking (it reads bookings; booking never imports it)."""

    name = "torget.access"
    label = "access"
    verbose_name = _("Meråpent access")

    def ready(self) -> None:
        from torget.access import personal_data, registries, signals

        registries.register()  # the staff menu and home, the key figure, the booking hooks
        signals.connect()  # a booking's code dies when the booking changes
        personal_data.register()  # its kinds in the personal-data registry, and the purge
