from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeyFiguresConfig(AppConfig):
    """The key figures: the ledger's counts with room utilisation (which reads bookings and
    opening hours), as a page, files and JSON. Above booking and the ledger, beside the
    desk; no app imports it but the site."""

    name = "torget.keyfigures"
    label = "keyfigures"
    verbose_name = _("Key figures")

    def ready(self) -> None:
        from torget.keyfigures import staffhome

        staffhome.register()  # panels and menu entries of the staff home
