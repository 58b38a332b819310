"""What a write leaves behind besides the booking: its row in the key figures (the
ledger) and the message to the person it is for."""

from __future__ import annotations

from django.utils import timezone

from torget.booking import messages
from torget.booking.models import Booking, BookingStatus
from torget.core import bookinghooks
from torget.ledger.models import EntrySource
from torget.ledger.services import LedgerFact, ledger_record


def ledger_fact(booking: Booking) -> LedgerFact:
    return LedgerFact(
        hub_id=booking.space.hub_id,
        date=timezone.localdate(booking.start),
        kind=booking.kind,
        organiser_type=booking.organiser_type,
        category="",
        # No title: a booking's title can name a person ("Samtale med …"), and the ledger
        # keeps its rows for the key figures long after bookings are purged.
        title="",
        participants=booking.expected_participants or None,
        organisation_id=booking.organisation_id,
    )


def write_ledger(booking: Booking, *, new: bool = False) -> None:
    if booking.status == BookingStatus.CONFIRMED and not booking.for_event:
        ledger_record(
            source=EntrySource.BOOKING, source_id=booking.pk, fact=ledger_fact(booking), new=new
        )


def tell(booking: Booking, template: str, **kwargs) -> None:
    """Queue the message about this change in the same transaction (sent after commit),
    after the apps above booking have had their say (meråpent issues a door code)."""
    bookinghooks.booking_changed(booking, template)
    messages.booking_message_queue(booking, template, **kwargs)
