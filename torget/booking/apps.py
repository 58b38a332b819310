from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingConfig(AppConfig):
    name = "torget.booking"
    label = "booking"
    verbose_name = _("Booking")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from torget.booking import jobs, personal_data, signals, staffhome
        from torget.booking.feeds import staff_feed_url
        from torget.places.backoffice import add_space_field

        signals.connect()
        add_space_field(_("calendar feed with titles (for staff: keep it secret)"), staff_feed_url)
        staffhome.register()  # panels and menu entries of the staff home
        personal_data.register()  # its kinds in the personal-data registry
        jobs.register()  # its schedules (the worker runs them)
