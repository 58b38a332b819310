"""Messages about a booking to the person it is for: composed here, queued in the outbox.

Called by the booking service inside the transaction that changes the booking, so the
message exists exactly when the change does, whoever made it (the public pages, the API,
the desk, the back office). In the recipient's language.

Who gets it: a booking made by the desk on behalf of someone gets an SMS to that person's
phone (or nothing, when the desk prints the confirmation instead); any other booking's
booker gets an e-mail, or an SMS when the account has a phone and no e-mail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from torget.booking.models import Booking
from torget.core import bookinghooks
from torget.core.addresses import page_address
from torget.core.siteurl import site_url
from torget.core.templatetags.torget import format_price, format_span
from torget.notifications.models import Channel, Message
from torget.notifications.services import message_queue

CONFIRMED = "booking.confirmed"
RECEIVED = "booking.received"  # pending: awaits the hub's approval
APPROVED = "booking.approved"
REJECTED = "booking.rejected"
CANCELLED = "booking.cancelled"  # by the booker
CANCELLED_BY_STAFF = "booking.cancelled_by_staff"
MOVED = "booking.moved"  # by staff
CHANGED = "booking.changed"  # by the booker
REMINDER = "booking.reminder"


@dataclass(frozen=True)
class Wording:
    headline: Promise  # the subject and the start of the SMS, before the booking's title
    lead: Promise  # the e-mail's first sentence


WORDING = {
    CONFIRMED: Wording(_("Booking confirmed"), _("Your booking is confirmed.")),
    RECEIVED: Wording(
        _("Booking received, awaiting approval"),
        _(
            "We have received your booking. The hub's staff will approve it, and you will "
            "get a message when they have."
        ),
    ),
    APPROVED: Wording(_("Booking approved"), _("The hub's staff have approved your booking.")),
    REJECTED: Wording(
        _("Booking not approved"), _("The hub's staff could not approve your booking.")
    ),
    CANCELLED: Wording(_("Booking cancelled"), _("Your booking is cancelled.")),
    CANCELLED_BY_STAFF: Wording(
        _("Booking cancelled by the hub"), _("The hub's staff have cancelled your booking.")
    ),
    MOVED: Wording(
        _("Booking changed"),
        _("The hub's staff have changed your booking. This is the new time and place:"),
    ),
    CHANGED: Wording(_("Booking changed"), _("Your booking is changed. This is the new time:")),
    REMINDER: Wording(_("Reminder"), _("A reminder of your booking tomorrow.")),
}


def recipient(booking: Booking) -> tuple[str, str] | None:
    """(channel, address) of the person the booking is for, or None (nobody to tell)."""
    if booking.on_behalf_name or booking.on_behalf_phone:
        phone = booking.on_behalf_phone.strip()
        return (Channel.SMS, phone) if phone else None
    user = booking.booked_by
    if user.email:
        return Channel.EMAIL, user.email
    if user.phone:
        return Channel.SMS, user.phone
    return None


# The texts are put together here rather than from templates: a confirmation is composed
# inside every booking's transaction, and a template took a fifth of a booking's time.


def facts_text(booking: Booking) -> str:
    """What, where, when and price: four lines, in the active language."""
    space, hub = booking.space, booking.space.hub
    where = f"{space.name}, {hub.name}" + (f" ({hub.address})" if hub.address else "")
    when = capfirst(format_span(booking.start, booking.end))
    price = format_price(booking.price)
    return "\n".join(
        [
            f"{gettext('What')}: {booking.title}",
            f"{gettext('Where')}: {where}",
            f"{gettext('When')}: {when}",
            f"{gettext('Price')}: {price}",
        ]
    )


def email_text(
    booking: Booking, wording: Wording, reason: str, *, own_account: bool, extra: Sequence[str] = ()
) -> str:
    paragraphs = [gettext("Hello,"), str(wording.lead)]
    if reason:
        paragraphs.append(f"{gettext('Reason')}: {reason}")
    paragraphs.append(facts_text(booking))
    if extra:  # what apps above booking add (a door code)
        paragraphs.append("\n".join(extra))
    if own_account:
        mine_url = site_url() + page_address("booking:mine")
        paragraphs.append(
            gettext("See or cancel your bookings: %(mine_url)s") % {"mine_url": mine_url}
        )
    paragraphs.append(f"{settings.TORGET_MUNICIPALITY} – {booking.space.hub.name}")
    return "\n\n".join(paragraphs)


def sms_text(booking: Booking, wording: Wording, reason: str, extra: Sequence[str] = ()) -> str:
    """One line: an SMS is paid per 160 characters."""
    space, hub = booking.space, booking.space.hub
    text = (
        f"{wording.headline}: {booking.title}, {space.name}, {hub.name}, "
        f"{format_span(booking.start, booking.end, compact=True)}."
    )
    if reason:
        text += f" {gettext('Reason')}: {reason}."
    for line in extra:
        text += f" {line}"
    return f"{text} {settings.TORGET_MUNICIPALITY}"


def booking_message_queue(
    booking: Booking, template: str, *, reason: str = "", occasion: str = "", new: bool = False
) -> list[Message]:
    """Queue one message about a booking (nothing when there is nobody to tell).

    occasion: tells apart messages of the same kind about the same booking (each move is
    its own message; the reminder is sent once). new: the booking was made in this
    transaction, so no message about it can exist yet.
    """
    found = recipient(booking)
    if found is None:
        return []
    channel, to = found
    wording = WORDING[template]
    user = booking.booked_by
    language = (
        settings.LANGUAGE_CODE
        if booking.on_behalf_phone
        else (user.preferred_language or settings.LANGUAGE_CODE)
    )
    with translation.override(language):
        subject = f"{wording.headline}: {booking.title}"
        extra = bookinghooks.message_lines(booking, template, sms=channel == Channel.SMS)
        if channel == Channel.SMS:
            body = sms_text(booking, wording, reason, extra)
        else:
            body = email_text(
                booking, wording, reason, own_account=not booking.on_behalf_phone, extra=extra
            )
    key = f"booking:{booking.pk}" + (f":{occasion}" if occasion else "")
    return [
        message_queue(
            channel=channel,
            to=to,
            subject="" if channel == Channel.SMS else subject,
            body=body,
            key=key,
            template=template,
            hub_id=booking.space.hub_id,
            new=new,
        )
    ]


def reminders_queue(day: date) -> int:
    """Queue the day-before reminder for every confirmed booking starting on `day` (local
    date). Run daily (`manage.py send_booking_reminders`); running it twice sends nothing
    twice. Returns how many reminders were new."""
    from torget.booking.models import BookingStatus
    from torget.core.timeutil import make_local

    start = make_local(day, time(0))
    end = make_local(day + timedelta(days=1), time(0))
    bookings = Booking.objects.filter(
        status=BookingStatus.CONFIRMED, for_event=False, start__gte=start, start__lt=end
    ).select_related("space__hub", "booked_by")
    before = Message.objects.filter(template=REMINDER).count()
    for booking in bookings:
        booking_message_queue(booking, REMINDER, occasion="reminder")
    return Message.objects.filter(template=REMINDER).count() - before
