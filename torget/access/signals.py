"""A changed booking's code dies: booking sends Django's own model signal, access listens
(booking never imports access). The check reads the booking anyway; this revokes the
grant for door systems that cache grants offline."""

from __future__ import annotations

from django.db.models.signals import post_save


def _booking_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created or raw:
        return  # a new booking has no code yet (it is issued when first shown)
    from torget.access.services import booking_grants_sync

    booking_grants_sync(instance)


def connect() -> None:
    from torget.booking.models import Booking

    post_save.connect(_booking_saved, sender=Booking, dispatch_uid="access-booking-saved")
    from torget.access import doors

    doors.connect()  # the lock bridge's copy of the doors follows every change
