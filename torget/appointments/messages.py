"""Messages about an appointment to the person who booked: composed here, queued in the
outbox inside the transaction that changes the appointment. By e-mail, or by SMS when only
a phone number was given; in the language the person booked in.

The idempotency key names the appointment and its start, so a confirmation or reminder is
queued once per time: moving the appointment makes a new confirmation and a new reminder.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from torget.appointments.models import Appointment
from torget.core import siteurl
from torget.notifications.models import Channel, Message
from torget.notifications.services import message_queue

CONFIRMED = "appointment.confirmed"
REMINDER = "appointment.reminder"
CANCELLED = "appointment.cancelled"
CANCELLED_BY_SERVICE = "appointment.cancelled_by_service"


def _subject(template: str, service: str) -> str:
    return {
        CONFIRMED: _("Appointment confirmed: %(service)s"),
        REMINDER: _("Reminder: your appointment tomorrow with %(service)s"),
        CANCELLED: _("Appointment cancelled: %(service)s"),
        CANCELLED_BY_SERVICE: _("Your appointment is cancelled by %(service)s"),
    }[template] % {"service": service}


def key_for(appointment: Appointment) -> str:
    return f"appointment:{appointment.pk}:{appointment.start:%Y%m%dT%H%M}"


def queue(
    appointment: Appointment, template: str, *, site_url: str = "", new_only: bool = False
) -> Message | None:
    """Queue one message (None when there is no address, or with `new_only` when this
    message was queued before)."""
    key = key_for(appointment)
    channel = Channel.EMAIL if appointment.email else Channel.SMS
    to = appointment.email or appointment.phone
    if not to:
        return None
    if new_only and Message.objects.filter(key=key, template=template, channel=channel).exists():
        return None
    session = appointment.session
    site = siteurl.site_url(site_url)
    with translation.override(appointment.language or settings.LANGUAGE_CODE):
        context = {
            "appointment": appointment,
            "session": session,
            "service": session.officer.service,
            "hub": session.hub,
            "space": session.booking.space,
            "manage_url": site + reverse("appointments:manage", args=[appointment.token]),
            "ics_url": site + reverse("appointments:ics", args=[appointment.token]),
            "municipality": settings.TORGET_MUNICIPALITY,
            "template": template,
        }
        suffix = "_sms" if channel == Channel.SMS else ""
        body = render_to_string(f"appointments/messages/message{suffix}.txt", context)
        subject = _subject(template, session.officer.service.name)
    return message_queue(
        channel=channel,
        to=to,
        subject=subject if channel == Channel.EMAIL else "",
        body=body.strip() + "\n",
        key=key,
        template=template,
        hub_id=session.hub_id,
    )
