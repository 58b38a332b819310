"""Bookings' personal data, in the personal-data registry (torget.core.personal_data)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from torget.core import personal_data


def _bookings(user):
    """The person's bookings: made by their account, or made by staff for them, which keep
    only the name and phone number typed (found by the account's phone number)."""
    from torget.booking.models import Booking

    return Booking.objects.filter(
        Q(booked_by=user) | personal_data.contact_rows(user, phone="on_behalf_phone")
    ).select_related("space")


def bookings_export(user) -> list[dict]:
    return [
        personal_data.row(
            {
                _("Room"): str(booking.space),
                _("Start"): booking.start,
                _("End"): booking.end,
                _("Title"): booking.title,
                _("Status"): booking.get_status_display(),
                _("Booked for"): booking.on_behalf_name,
                _("Phone"): booking.on_behalf_phone,
                _("Responsible adult"): booking.responsible_adult,
                _("Access instructions"): booking.access_instructions,
                _("Postcode"): booking.postcode,
            }
        )
        for booking in _bookings(user).order_by("start")
    ]


def bookings_erase(user) -> int:
    from torget.booking.services.purge import bookings_blank

    return bookings_blank(_bookings(user))


def _key_loans(user):
    from torget.booking.models import KeyLoan

    # A loan keeps the holder's name and phone as typed, no account: found by the phone.
    return KeyLoan.objects.filter(personal_data.contact_rows(user, phone="phone"))


def key_loans_export(user) -> list[dict]:
    return [
        personal_data.row(
            {
                _("Key or card"): loan.label,
                _("Holder"): loan.holder,
                _("Phone"): loan.phone,
                _("Handed out"): loan.handed_out,
                _("Returned"): loan.returned,
            }
        )
        for loan in _key_loans(user).order_by("handed_out")
    ]


def register() -> None:
    from torget.booking.models import ACTIVE_STATUSES, Booking, KeyLoan
    from torget.booking.services.purge import PERSONAL_FIELDS, booking_details_purge

    personal_data.register(
        "booking.details",
        model="booking.Booking",
        fields=("title", *PERSONAL_FIELDS),
        description=_(
            "Bookings: the title, the name and phone number of the person a booking is made "
            "for, staff notes, access instructions, reasons and the postcode the booker chose "
            "to give (counted only per postcode area, never shown per person). After the "
            "period (counted from the end of the booking) they are blanked and the title "
            "becomes the kind of booking; when, where and which kind of organiser stay, for "
            "the key figures."
        ),
        retention="TORGET_BOOKING_RETENTION_DAYS",
        purpose=_(
            "To run the booking: confirm, change or cancel it, give access, and reach the "
            "person responsible."
        ),
        period=_("%(period)s after the booking ends"),
        erase=lambda days: booking_details_purge(older_than_days=days),
        export=bookings_export,
        erase_person=bookings_erase,
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
        export=key_loans_export,
        erase_person=lambda user: _key_loans(user).delete()[1].get("booking.KeyLoan", 0),
    )

    def booked_ahead(now: datetime):
        return Booking.objects.filter(end__gte=now, status__in=ACTIVE_STATUSES).values_list(
            "booked_by", flat=True
        )

    personal_data.hold_accounts(booked_ahead)
