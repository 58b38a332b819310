"""The event's ledger row: one per occurrence, written by the events app itself.

An event's room booking is made with `for_event=True`, so the booking engine writes no row
for it; the occurrence's row (source `event`, id the occurrence's) stands for it instead,
with the event's organiser type, category and organisation, the expected participants and,
once attendance or a headcount is registered, the actual attendance. It exists while the
occurrence is scheduled, its event approved and its room booking confirmed; otherwise it is
reversed. A moved occurrence keeps its one row (the same id, a new date).

The room booking can also change outside the events app (hub staff cancel or approve it in
the booking queue, the booker cancels it under "my bookings"): a `post_save` receiver on
`Booking` brings the occurrence's row up to date then, so the booking engine needs to know
nothing about events.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.utils import timezone

from torget.booking.models import Booking, BookingKind, BookingStatus
from torget.events.codes import OccurrenceStatus, RegistrationStatus
from torget.events.models import Occurrence
from torget.ledger.models import EntrySource
from torget.ledger.services import LedgerFact, ledger_record, ledger_reverse


def counts(occurrence: Occurrence) -> bool:
    """Whether the occurrence is in the key figures now."""
    return (
        occurrence.status == OccurrenceStatus.SCHEDULED
        and occurrence.event.is_approved
        and occurrence.booking.status == BookingStatus.CONFIRMED
    )


def participants(occurrence: Occurrence) -> int | None:
    """The actual attendance once registered (a headcount, or the seats of those marked as
    come), else the expected participants."""
    if occurrence.headcount is not None:
        return occurrence.headcount or None
    marked = occurrence.registrations.filter(
        status=RegistrationStatus.CONFIRMED, attended__isnull=False
    )
    if marked.exists():
        return sum(marked.filter(attended=True).values_list("seats", flat=True)) or None
    return occurrence.booking.expected_participants or None


def fact(occurrence: Occurrence) -> LedgerFact:
    event, booking = occurrence.event, occurrence.booking
    return LedgerFact(
        hub_id=event.hub_id,
        date=timezone.localdate(booking.start),
        kind=BookingKind.ACTIVITY,
        organiser_type=event.organiser_type,
        category=event.category,
        title=event.title,  # an event's title is public
        participants=participants(occurrence),
        organisation_id=event.organisation_id,
    )


def occurrence_ledger_sync(occurrence: Occurrence, *, new: bool = False) -> None:
    """Write, update or reverse the occurrence's one row to match what is true now."""
    if counts(occurrence):
        ledger_record(
            source=EntrySource.EVENT, source_id=occurrence.pk, fact=fact(occurrence), new=new
        )
    elif not new:
        ledger_reverse(source=EntrySource.EVENT, source_id=occurrence.pk)


def _booking_saved(sender, instance: Booking, created: bool, raw: bool = False, **kwargs) -> None:
    if raw or created or not instance.for_event:
        return
    occurrence = Occurrence.objects.select_related("event").filter(booking_id=instance.pk).first()
    if occurrence is None:
        return
    occurrence.booking = instance
    occurrence_ledger_sync(occurrence)


def connect() -> None:
    post_save.connect(_booking_saved, sender=Booking, dispatch_uid="events-booking-ledger")
