"""Messages to registrants, queued in the outbox inside the transaction that changes things.

By e-mail when the registrant gave one, otherwise by SMS; nothing when neither (a walk-in
without contact details). The outbox keeps one message per (key, template, channel), which
makes the reminders and repeated calls idempotent.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from torget.core.siteurl import site_url
from torget.core.templatetags.torget import format_span
from torget.events.models import Event, Occurrence, Registration
from torget.notifications.models import Channel, Message
from torget.notifications.services import message_queue

CONFIRMED = "event.confirmed"
WAITLISTED = "event.waitlisted"
PROMOTED = "event.promoted"
CANCELLED_BY_YOU = "event.registration_cancelled"
EVENT_CANCELLED = "event.cancelled"
EVENT_POSTPONED = "event.postponed"
EVENT_MOVED = "event.moved"
REMINDER = "event.reminder"


def _when(occurrence: Occurrence) -> str:
    return capfirst(format_span(occurrence.start, occurrence.end))


def _subject(template: str, title: str) -> str:
    subjects = {
        CONFIRMED: _("You are registered: %(title)s"),
        WAITLISTED: _("You are on the waitlist: %(title)s"),
        PROMOTED: _("You got a place: %(title)s"),
        CANCELLED_BY_YOU: _("Registration cancelled: %(title)s"),
        EVENT_CANCELLED: _("Cancelled: %(title)s"),
        EVENT_POSTPONED: _("Postponed: %(title)s"),
        EVENT_MOVED: _("New time: %(title)s"),
        REMINDER: _("Reminder, tomorrow: %(title)s"),
    }
    return subjects[template] % {"title": title}


def _lead(template: str, registration: Registration) -> str:
    if template == CONFIRMED:
        return ngettext(
            "You are registered for %(seats)s place.",
            "You are registered for %(seats)s places.",
            registration.seats,
        ) % {"seats": registration.seats}
    if template == WAITLISTED:
        return _(
            "The event is full, so you are on the waitlist. If a place becomes free you get "
            "it automatically, and we tell you."
        )
    if template == PROMOTED:
        return _("A place became free, and it is yours: you are now registered.")
    if template == CANCELLED_BY_YOU:
        return _("Your registration is cancelled. Thank you for letting us know.")
    if template == EVENT_CANCELLED:
        return _("Unfortunately the event is cancelled. You do not need to do anything.")
    if template == EVENT_POSTPONED:
        return _("The event is postponed. We will tell you when there is a new time.")
    if template == EVENT_MOVED:
        return _("The event has a new time or place. Your registration still stands.")
    return _("A reminder that you are registered for tomorrow.")


def _registrant_reach(registration: Registration) -> tuple[str, str] | None:
    """(channel, language) to tell a registrant in; None when there is no way to (no e-mail
    or phone, or the registration is anonymised)."""
    channel = Channel.EMAIL if registration.email else Channel.SMS if registration.phone else None
    if channel is None or registration.anonymised:
        return None
    language = (
        registration.user.preferred_language if registration.user else ""
    ) or settings.LANGUAGE_CODE
    return channel, language


def registration_message_queue(
    registration: Registration,
    template: str,
    *,
    token: str = "",
    site: str = "",
    key_suffix: str = "",
    new: bool = False,
) -> Message | None:
    """Queue one message about a registration. `token` adds the private cancellation link
    (the first one right after registering, a signed one when moved up from the waitlist);
    `key_suffix` makes a message repeatable (a second move is a second message); `new`: the
    registration was made in this transaction, so no message about it can exist yet (a
    plain insert)."""
    reach = _registrant_reach(registration)
    if reach is None:
        return None
    contact_channel, language = reach
    occurrence = registration.occurrence
    event = occurrence.event
    with translation.override(language):
        page = site_url(site) + reverse("events:detail", kwargs={"pk": occurrence.pk})
        lines = [
            _lead(template, registration),
            "",
            event.title,
            _("When: %(when)s") % {"when": _when(occurrence)},
            _("Where: %(space)s, %(hub)s")
            % {"space": occurrence.space.name, "hub": event.hub.name},
            page,
        ]
        if token:
            cancel = site_url(site) + reverse("events:registration", kwargs={"token": token})
            lines += ["", _("Cannot come? Cancel here: %(url)s") % {"url": cancel}]
        if contact_channel == Channel.EMAIL:
            lines += ["", settings.TORGET_MUNICIPALITY]
        body = "\n".join(lines)
        return message_queue(
            channel=contact_channel,
            to=registration.email or registration.phone,
            subject=_subject(template, event.title) if contact_channel == Channel.EMAIL else "",
            body=body,
            key=f"registration:{registration.pk}{key_suffix}",
            template=template,
            hub_id=event.hub_id,
            new=new,
        )


# --- To organisers and from them ----------------------------------------------------------

EVENT_APPROVED = "event.approved"
EVENT_REJECTED = "event.rejected"
FROM_ORGANISER = "event.message_to_registrants"


def organiser_message_queue(event: Event, template: str, *, reason: str = "") -> Message | None:
    """Tell the contact person who created an event that hub staff approved or rejected it."""
    user = event.created_by
    contact_channel = Channel.EMAIL if user.email else Channel.SMS if user.phone else None
    if contact_channel is None:
        return None
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        if template == EVENT_APPROVED:
            subject = _("Approved: %(title)s") % {"title": event.title}
            lead = _("%(hub)s has approved your event. It is now in the calendar.") % {
                "hub": event.hub.name
            }
        else:
            subject = _("Not approved: %(title)s") % {"title": event.title}
            lead = _("%(hub)s has not approved your event. The room is released.") % {
                "hub": event.hub.name
            }
        lines = [lead, "", event.title]
        if reason:
            lines.append(_("Reason: %(reason)s") % {"reason": reason})
        lines += ["", site_url() + reverse("events:mine")]
        if contact_channel == Channel.EMAIL:
            lines += ["", settings.TORGET_MUNICIPALITY]
        return message_queue(
            channel=contact_channel,
            to=user.email or user.phone,
            subject=subject if contact_channel == Channel.EMAIL else "",
            body="\n".join(lines),
            # Approved again after the organiser changed it: a new message, not the old one.
            key=f"event-approval:{event.pk}"
            + (f":{event.decided_at:%Y%m%d%H%M%S%f}" if event.decided_at else ""),
            template=template,
            hub_id=event.hub_id,
        )


def registrant_note_queue(registration: Registration, note_id: int, text: str) -> Message | None:
    """One copy of an organiser's message to everyone registered, by e-mail or SMS."""
    reach = _registrant_reach(registration)
    if reach is None:
        return None
    contact_channel, language = reach
    occurrence = registration.occurrence
    event = occurrence.event
    with translation.override(language):
        lines = [
            text,
            "",
            event.title,
            _("When: %(when)s") % {"when": _when(occurrence)},
            site_url() + reverse("events:detail", kwargs={"pk": occurrence.pk}),
        ]
        if contact_channel == Channel.EMAIL:
            lines += ["", event.organisation.name if event.organisation else event.hub.name]
        return message_queue(
            channel=contact_channel,
            to=registration.email or registration.phone,
            subject=_("Message about %(title)s") % {"title": event.title}
            if contact_channel == Channel.EMAIL
            else "",
            body="\n".join(lines),
            key=f"registration:{registration.pk}:note:{note_id}",
            template=FROM_ORGANISER,
            hub_id=event.hub_id,
        )
