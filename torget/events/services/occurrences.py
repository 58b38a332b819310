"""One occurrence moved, postponed or cancelled; everyone registered or waiting is told.
Hub staff or the event's organiser (`organisers.require_runner`); an organiser's new time is
booked as them, so the room's booking rules apply as for the organisation.

An occurrence is moved by cancelling its room booking and booking the new time in the same
transaction, and cancelled by `booking_cancel`; its ledger row follows
(`torget.events.ledger`): the same row with the new date, or reversed.
"""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from torget.accounts.models import User
from torget.booking.services import booking_cancel, booking_create
from torget.core.db import serialized_write
from torget.core.errors import ValidationFailed
from torget.events import messages
from torget.events.codes import OccurrenceStatus, RegistrationStatus
from torget.events.errors import NotScheduled
from torget.events.ledger import occurrence_ledger_sync
from torget.events.models import Occurrence, Registration
from torget.events.services.details import booking_request, details_of, field_error
from torget.events.services.locking import occurrence_for_runner
from torget.places.models import Space


def _active_registrations(occurrence: Occurrence) -> list[Registration]:
    return list(
        occurrence.registrations.select_related("user", "occurrence__event__hub")
        .filter(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])
        .order_by("pk")
    )


def _tell_everyone(occurrence: Occurrence, template: str, *, key_suffix: str = "") -> int:
    sent = 0
    for registration in _active_registrations(occurrence):
        registration.occurrence = occurrence
        if messages.registration_message_queue(registration, template, key_suffix=key_suffix):
            sent += 1
    return sent


@serialized_write
def occurrence_move(
    *,
    actor: User,
    occurrence_id: int,
    start: datetime,
    end: datetime,
    space: Space | None = None,
    override_reason: str = "",
) -> Occurrence:
    """Move an occurrence: its booking is cancelled and the new time booked in the same
    transaction (if the new time cannot be booked, nothing changes). Everyone registered
    is told. A postponed occurrence gets its new time this way."""
    occurrence = occurrence_for_runner(actor, occurrence_id)
    if occurrence.status == OccurrenceStatus.CANCELLED:
        raise NotScheduled()
    old = occurrence.booking
    space = space or old.space
    if space.hub_id != occurrence.event.hub_id:
        raise ValidationFailed(
            errors=[field_error("space", _("Choose a room at the event's hub."))]
        )
    if old.is_active:
        booking_cancel(actor=actor, booking_id=old.pk, reason="event moved", notify=False)
    details = details_of(occurrence.event)
    new = booking_create(
        actor=actor, request=booking_request(details, space, start, end, override_reason)
    )
    occurrence.booking = new
    occurrence.status = OccurrenceStatus.SCHEDULED
    occurrence.save(update_fields=["booking", "status"])
    occurrence_ledger_sync(occurrence)  # the same row, with the new date
    _tell_everyone(occurrence, messages.EVENT_MOVED, key_suffix=f":{new.pk}")
    return occurrence


def _stop(actor: User, occurrence_id: int, status: str, template: str, reason: str) -> Occurrence:
    occurrence = occurrence_for_runner(actor, occurrence_id)
    if occurrence.status != OccurrenceStatus.SCHEDULED:
        raise NotScheduled()
    if occurrence.booking.is_active:
        booking_cancel(actor=actor, booking_id=occurrence.booking_id, reason=reason, notify=False)
        occurrence.booking.refresh_from_db()
    occurrence.status = status
    occurrence.save(update_fields=["status"])
    occurrence_ledger_sync(occurrence)  # reversed: it does not happen
    _tell_everyone(occurrence, template)
    return occurrence


@serialized_write
def occurrence_cancel(*, actor: User, occurrence_id: int, reason: str = "") -> Occurrence:
    """Cancel one occurrence: its room booking is cancelled (and with it the ledger row),
    and everyone registered or waiting is told."""
    return _stop(actor, occurrence_id, OccurrenceStatus.CANCELLED, messages.EVENT_CANCELLED, reason)


@serialized_write
def occurrence_postpone(*, actor: User, occurrence_id: int, reason: str = "") -> Occurrence:
    """Postpone: the room is released and registrants told; `occurrence_move` later gives
    it a new time, and registrations stand."""
    return _stop(actor, occurrence_id, OccurrenceStatus.POSTPONED, messages.EVENT_POSTPONED, reason)
