"""Creating, changing and cancelling an event: its room booked for each occurrence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from django.utils import timezone

from torget.accounts.models import User
from torget.booking.services import booking_create, booking_series_create
from torget.core.db import serialized_write
from torget.core.errors import NotFound
from torget.events.codes import Approval, OccurrenceStatus
from torget.events.errors import CapacityBelowTaken, NotScheduled
from torget.events.ledger import occurrence_ledger_sync
from torget.events.models import Event, Occurrence
from torget.events.services.details import (
    EventDetails,
    booking_request,
    check_details,
    event_fields,
)
from torget.events.services.locking import require_staff
from torget.events.services.occurrences import occurrence_cancel
from torget.events.services.organisers import acts_as_organiser, needs_approval, require_runner
from torget.events.services.registrations import waitlist_promote
from torget.places.models import Space


@serialized_write
def event_create(
    *,
    actor: User,
    details: EventDetails,
    space: Space,
    start: datetime,
    end: datetime,
    until: date | None = None,
    skip_dates: list[date] | None = None,
    override_reason: str = "",
    on_conflict: str = "reject",
) -> Event:
    """Create an event and book its room: one occurrence, or one each week until `until`
    (a weekly series: by default every week booked or nothing when any week clashes;
    `on_conflict="skip"` books the free weeks)."""
    require_staff(actor, space.hub)
    return create_with_rooms(
        actor=actor,
        details=check_details(details),
        space=space,
        start=start,
        end=end,
        until=until,
        skip_dates=skip_dates,
        override_reason=override_reason,
        on_conflict=on_conflict,
    )


def create_with_rooms(
    *,
    actor: User,
    details: EventDetails,
    space: Space,
    start: datetime,
    end: datetime,
    until: date | None,
    skip_dates: list[date] | None,
    override_reason: str,
    on_conflict: str,
    approval: str = Approval.APPROVED,
) -> Event:
    """Book the rooms as `actor` (the booking rules apply as for them) and create the event
    with one occurrence per booking, each with its ledger row. The caller has checked who
    may do this and the details."""
    request = booking_request(details, space, start, end, override_reason)
    if until is None:
        bookings = [booking_create(actor=actor, request=request)]
    else:
        result = booking_series_create(
            actor=actor,
            request=request,
            until=until,
            skip_dates=skip_dates,
            on_conflict=on_conflict,
        )
        bookings = result.created
    event = Event.objects.create(
        hub=space.hub, created_by=actor, approval=approval, **event_fields(details)
    )
    occurrences = Occurrence.objects.bulk_create(
        [Occurrence(event=event, booking=b) for b in bookings]
    )
    for occurrence in occurrences:
        occurrence.event = event
        occurrence_ledger_sync(occurrence, new=True)
    return event


@serialized_write
def event_update(*, actor: User, event_id: int, details: EventDetails) -> Event:
    """Change what describes an event. More places promote the waitlists; fewer places
    than already taken at an upcoming occurrence are refused.

    Its organiser may too: the organisation stays the event's, a rejected event stays as it
    is, and an approved event waits for approval again where the hub looks at organisers'
    events (out of the calendar and the key figures until staff approve it anew)."""
    event = Event.objects.select_for_update().filter(pk=event_id).first()
    if event is None:
        raise NotFound()
    require_runner(actor, event)
    organiser = acts_as_organiser(actor, event)
    if organiser:
        if event.approval == Approval.REJECTED:
            raise NotScheduled()
        details = replace(
            details, organisation=event.organisation, organiser_type=event.organiser_type
        )
    details = check_details(details)
    upcoming = list(
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("booking__space", "event__hub")
        .filter(event=event, booking__end__gt=timezone.now())
    )
    if details.capacity is not None and any(o.seats_taken > details.capacity for o in upcoming):
        raise CapacityBelowTaken()
    for name, value in event_fields(details).items():
        setattr(event, name, value)
    if organiser and event.approval == Approval.APPROVED and needs_approval(event.hub):
        event.approval = Approval.PENDING
        event.decided_by, event.decided_at = None, None
    event.save()
    for occurrence in upcoming:
        occurrence.event = event
        waitlist_promote(occurrence)
        occurrence_ledger_sync(occurrence)  # the organiser type or category may have changed
    return event


@serialized_write
def event_cancel(*, actor: User, event_id: int, reason: str = "") -> list[Occurrence]:
    """Cancel every occurrence still ahead (hub staff or the event's organiser)."""
    event = Event.objects.select_related("hub").filter(pk=event_id).first()
    if event is None:
        raise NotFound()
    require_runner(actor, event)
    ids = list(
        Occurrence.objects.filter(
            event=event, status=OccurrenceStatus.SCHEDULED, booking__start__gt=timezone.now()
        ).values_list("pk", flat=True)
    )
    return [occurrence_cancel(actor=actor, occurrence_id=pk, reason=reason) for pk in ids]
