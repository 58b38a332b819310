from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "torget.booking"
    label = "booking"
    verbose_name = _("Booking")

    def ready(self) -> None:
        from torget.booking import signals

        signals.connect()
