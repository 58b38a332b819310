"""Messages about bookings to the person who booked: composed here, queued in the outbox.

Called inside the transaction that changes the booking, so the message exists exactly when
the change does. In the booker's language; by e-mail, or by SMS when there is no e-mail.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from torget.booking.models import Booking, BookingStatus
from torget.notifications.models import Channel, Message
from torget.notifications.services import message_queue

CONFIRMED = "booking.confirmed"
RECEIVED = "booking.received"  # pending: awaits the hub's approval
CANCELLED = "booking.cancelled"


def _subject(template: str, booking: Booking) -> str:
    title = booking.title
    if template == CONFIRMED:
        return _("Booking confirmed: %(title)s") % {"title": title}
    if template == RECEIVED:
        return _("Booking received, awaiting approval: %(title)s") % {"title": title}
    return _("Booking cancelled: %(title)s") % {"title": title}


def booking_message_queue(booking: Booking, template: str, *, site_url: str) -> list[Message]:
    """Queue one message about a booking to its booker (nothing when there is no address).

    site_url: the site's address ("https://torg.example.no"), for the link in the message.
    """
    user = booking.booked_by
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "booking": booking,
            "space": booking.space,
            "hub": booking.space.hub,
            "pending": booking.status == BookingStatus.PENDING,
            "mine_url": site_url.rstrip("/") + reverse("booking:mine"),
            "municipality": settings.TORGET_MUNICIPALITY,
        }
        subject = _subject(template, booking)
        name = template.replace(".", "_")
        key = f"booking:{booking.pk}"
        if user.email:
            body = render_to_string(f"notifications/{name}.txt", context)
            return [
                message_queue(
                    channel=Channel.EMAIL,
                    to=user.email,
                    subject=subject,
                    body=body,
                    key=key,
                    template=template,
                )
            ]
        phone = booking.on_behalf_phone or user.phone
        if phone:
            body = render_to_string(f"notifications/{name}_sms.txt", context)
            return [
                message_queue(
                    channel=Channel.SMS,
                    to=phone,
                    subject="",
                    body=body.strip(),
                    key=key,
                    template=template,
                )
            ]
    return []
