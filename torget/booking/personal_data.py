"""Bookings' personal data, in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def register() -> None:
    from torget.booking.models import ACTIVE_STATUSES, Booking, KeyLoan
    from torget.booking.services.purge import PERSONAL_FIELDS, booking_details_purge

    personal_data.register(
        "booking.details",
        model="booking.Booking",
        fields=("title", *PERSONAL_FIELDS),
        description=_(
            "Bookings: the title, the name and phone number of the person a booking is made "
            "for, staff notes, access instructions and reasons. After the period (counted "
            "from the end of the booking) they are blanked and the title becomes the kind "
            "of booking; when, where and which kind of organiser stay, for the key figures."
        ),
        retention="TORGET_BOOKING_RETENTION_DAYS",
        purpose=_(
            "To run the booking: confirm, change or cancel it, give access, and reach the "
            "person responsible."
        ),
        period=_("%(period)s after the booking ends"),
        erase=lambda days: booking_details_purge(older_than_days=days),
    )

    personal_data.register(
        "booking.key_loans",
        model="booking.KeyLoan",
        fields=("holder", "phone", "note"),
        description=_(
            "Keys and access cards handed out: who has one and their phone number. A loan "
            "is deleted once the period has passed since the key came back."
        ),
        retention="TORGET_BOOKING_RETENTION_DAYS",
        purpose=_("To know who has a key or card, and to get it back."),
        period=_("%(period)s after the key is returned"),
        erase=personal_data.delete(
            lambda cutoff: KeyLoan.objects.filter(returned__lt=cutoff.date())
        ),
    )

    def booked_ahead(now: datetime):
        return Booking.objects.filter(end__gte=now, status__in=ACTIVE_STATUSES).values_list(
            "booked_by", flat=True
        )

    personal_data.hold_accounts(booked_ahead)
