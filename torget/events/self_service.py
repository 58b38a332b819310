"""Organisers' self-service and hub staff's approval: rules (writes) for both.

An organisation's contact person creates an activity for the organisation at a hub: the
room is booked as them, so the booking rules apply as for the organisation (who may book,
lead time, opening hours, approval of the room). The event waits for hub staff when the
hub says so (`HubEventSettings`, default: approval needed) or when its room needs approval
anyway; until approved it is not public and takes no registrations, and it is not in the
key figures. Staff approve (the room bookings with it) or reject with a reason (the rooms
are released); the organiser is told through the outbox.

The organiser and hub staff can send a message to everyone registered for an occurrence.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from torget.accounts.models import Organisation, User
from torget.accounts.permissions import (
    can_lead_hub,
    can_manage_hub,
    can_see_event_registrants,
    is_organisation_contact,
)
from torget.booking.models import BookingStatus
from torget.booking.services import ORGANISER_TYPES_OF_KIND, booking_approve, booking_cancel
from torget.core.db import serialized_write
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.events import messages
from torget.events.codes import Approval, OccurrenceStatus, RegistrationStatus
from torget.events.errors import NotAnOrganiser, NotPending
from torget.events.ledger import occurrence_ledger_sync
from torget.events.models import Event, HubEventSettings, Occurrence, RegistrantMessage
from torget.events.services import EventDetails, check_details, create_with_rooms
from torget.events.services.organisers import needs_approval
from torget.places.models import Hub, Space

MAX_MESSAGE = 1000
MAX_REASON = 1000


@serialized_write
def hub_event_settings_set(*, actor: User, hub: Hub, need_approval: bool) -> HubEventSettings:
    """The hub leader decides whether organisers' events need approval at the hub."""
    if not can_lead_hub(actor, hub):
        raise PermissionDenied()
    found, _created = HubEventSettings.objects.update_or_create(
        hub=hub, defaults={"organiser_events_need_approval": need_approval}
    )
    return found


@serialized_write
def organiser_event_create(
    *,
    actor: User,
    organisation: Organisation,
    details: EventDetails,
    space: Space,
    start: datetime,
    end: datetime,
    until: date | None = None,
) -> Event:
    """An organisation's contact person creates its activity: one date, or weekly until
    `until` (every week booked, or nothing when a week clashes or breaks a rule).

    The organisation and its organiser type are the organisation's, whatever `details`
    says. The event is pending when the hub wants to approve organisers' events or when
    its room needs approval; otherwise it is public at once."""
    if not is_organisation_contact(actor, organisation.pk):
        raise NotAnOrganiser()
    kinds = ORGANISER_TYPES_OF_KIND.get(organisation.kind)
    if not kinds:
        raise NotAnOrganiser()
    details = check_details(
        replace(details, organisation=organisation, organiser_type=next(iter(kinds)))
    )
    event = create_with_rooms(
        actor=actor,
        details=details,
        space=space,
        start=start,
        end=end,
        until=until,
        skip_dates=None,
        override_reason="",
        on_conflict="reject",
        approval=Approval.PENDING,
    )
    room_pending = event.occurrences.filter(booking__status=BookingStatus.PENDING).exists()
    if not needs_approval(space.hub) and not room_pending:
        event.approval = Approval.APPROVED
        event.save(update_fields=["approval", "updated"])
        for occurrence in event.occurrences.select_related("booking", "event"):
            occurrence_ledger_sync(occurrence, new=True)
    return event


def _pending_for_staff(actor: User, event_id: int) -> Event:
    event = (
        Event.objects.select_for_update(of=("self",))
        .select_related("hub", "created_by", "organisation")
        .filter(pk=event_id)
        .first()
    )
    if event is None or not can_manage_hub(actor, event.hub):
        raise NotFound()
    if event.approval != Approval.PENDING:
        raise NotPending()
    return event


def _live(event: Event) -> list[Occurrence]:
    return list(
        Occurrence.objects.select_related("booking__space", "event")
        .filter(event=event, status=OccurrenceStatus.SCHEDULED)
        .order_by("booking__start")
    )


@serialized_write
def event_approve(*, actor: User, event_id: int) -> Event:
    """Hub staff let an organiser's event into the calendar: its room bookings still
    pending are approved with it, the key figures count it, and the organiser is told."""
    event = _pending_for_staff(actor, event_id)
    occurrences = _live(event)
    for occurrence in occurrences:
        if occurrence.booking.status == BookingStatus.PENDING:
            occurrence.booking = booking_approve(actor=actor, booking_id=occurrence.booking_id)
    event.approval = Approval.APPROVED
    event.decided_by, event.decided_at = actor, timezone.now()
    event.rejection_reason = ""
    event.save(update_fields=["approval", "decided_by", "decided_at", "rejection_reason"])
    for occurrence in occurrences:
        occurrence.event = event
        occurrence_ledger_sync(occurrence)
    messages.organiser_message_queue(event, messages.EVENT_APPROVED)
    return event


@serialized_write
def event_reject(*, actor: User, event_id: int, reason: str) -> Event:
    """Hub staff say no, with a reason the organiser is told: the rooms are released."""
    # Who may comes before what was written: someone else learns nothing from the reason.
    event = _pending_for_staff(actor, event_id)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(errors=[{"field": "reason", "message": _("Give a reason.")}])
    if len(reason) > MAX_REASON:
        raise ValidationFailed(
            errors=[{"field": "reason", "message": _("At most 1000 characters.")}]
        )
    for occurrence in _live(event):
        if occurrence.booking.is_active:
            booking_cancel(
                actor=actor, booking_id=occurrence.booking_id, reason=reason, notify=False
            )
        occurrence.status = OccurrenceStatus.CANCELLED
        occurrence.save(update_fields=["status"])
    event.approval = Approval.REJECTED
    event.decided_by, event.decided_at = actor, timezone.now()
    event.rejection_reason = reason
    event.save(update_fields=["approval", "decided_by", "decided_at", "rejection_reason"])
    messages.organiser_message_queue(event, messages.EVENT_REJECTED, reason=reason)
    return event


@serialized_write
def registrants_message_send(*, actor: User, occurrence_id: int, text: str) -> RegistrantMessage:
    """Send a message to everyone registered or waiting for one occurrence, each by their
    own e-mail or phone through the outbox; the message is recorded with its count."""
    occurrence = (
        Occurrence.objects.select_related("event__hub", "event__organisation", "booking__space")
        .filter(pk=occurrence_id)
        .first()
    )
    if occurrence is None or not can_see_event_registrants(actor, occurrence.event):
        raise NotFound()
    text = text.strip()
    if not text:
        raise ValidationFailed(errors=[{"field": "text", "message": _("Write the message.")}])
    if len(text) > MAX_MESSAGE:
        raise ValidationFailed(errors=[{"field": "text", "message": _("At most 1000 characters.")}])
    note = RegistrantMessage.objects.create(occurrence=occurrence, sent_by=actor, text=text)
    registrations = occurrence.registrations.select_related("user").filter(
        status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED]
    )
    sent = 0
    for registration in registrations.order_by("pk"):
        registration.occurrence = occurrence
        if messages.registrant_note_queue(registration, note.pk, text) is not None:
            sent += 1
    note.recipients = sent
    note.save(update_fields=["recipients"])
    return note
