"""One new booking: the request checked, the slot taken, the booker told, the ledger row
written, all in one transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.db import connection

from torget.accounts.models import User
from torget.booking import messages, rules
from torget.booking.catalogue import catalogue
from torget.booking.errors import BookingConflict
from torget.booking.models import Booking, BookingStatus, Occupancy
from torget.booking.services.effects import tell, write_ledger
from torget.booking.services.request import (
    BookingRequest,
    Context,
    authorise,
    buffered,
    check_rules,
    future_count_at_hub,
    load_context,
    new_booking,
    normalised,
    raise_or_override,
    status_for,
)
from torget.booking.services.slots import (
    check_resources,
    clashes,
    conflict_error,
    insert_occupancies,
)
from torget.core.db import serialized_write
from torget.core.errors import ValidationFailed


def _future_count(actor: User, ctx: Context) -> int | None:
    if ctx.is_staff:
        return None
    return future_count_at_hub(actor, ctx.hub_id, ctx.now, up_to=ctx.policy.max_future_bookings)


class _Overlapped(Exception):
    """The database refused the slot; what is in the way is asked after the rollback."""

    def __init__(self, units: list[int], start: datetime, end: datetime) -> None:
        self.units, self.start, self.end = units, start, end


def booking_create(*, actor: User, request: BookingRequest) -> Booking:
    """Create one booking: rules (or a staff override with a reason), then the slot, then
    the ledger row when confirmed. A pending booking holds its slot."""
    try:
        return _booking_create(actor=actor, request=request)
    except _Overlapped as lost:
        # Asked once the write (or, inside a caller's transaction, its savepoint) is rolled
        # back: that spares every booking a savepoint around its insert.
        raise conflict_error(clashes(lost.units, lost.start, lost.end)) from None


@serialized_write
def _booking_create(*, actor: User, request: BookingRequest) -> Booking:
    known = catalogue()
    # The space as the catalogue has it now (the caller's copy may be older, or gone).
    current = known.space(request.space.pk)
    if current is None:
        raise ValidationFailed(
            errors=[{"field": "space", "message": str(rules.MESSAGES["booking.not_bookable"])}]
        )
    request = replace(request, space=current)
    req = normalised(request)
    ctx = load_context(actor, req.space, req.start, req.end, known=known)
    authorise(actor, req, ctx.is_staff)
    overridden = raise_or_override(
        check_rules(req, ctx, future_count=_future_count(actor, ctx)), req, ctx
    )
    status, pending = status_for(req, ctx)
    block_start, block_end = buffered(req, ctx.policy)
    # PostgreSQL's exclusion constraint refuses an overlap at the insert below, so asking
    # first would only cost time; SQLite has no such constraint and must ask.
    if connection.vendor != "postgresql" and Occupancy.objects.any_unit_overlapping(
        ctx.units, block_start, block_end
    ):
        raise conflict_error(clashes(ctx.units, block_start, block_end))
    check_resources(req.resources, block_start, block_end)
    booking = new_booking(req, actor, ctx, status, pending, overridden)
    booking.save(force_insert=True)
    if req.resources:
        booking.resources.set(req.resources)
    rows = [Occupancy.held(booking, block_start, block_end, unit_id=u) for u in ctx.units]
    rows += [Occupancy.held(booking, block_start, block_end, resource=r) for r in req.resources]
    try:
        insert_occupancies(rows, savepoint=False)
    except BookingConflict:
        raise _Overlapped(ctx.units, block_start, block_end) from None
    booking.booked_resources = list(req.resources)  # type: ignore[attr-defined]
    if req.notify and not booking.for_event:  # an event tells its own participants
        template = messages.RECEIVED if status == BookingStatus.PENDING else messages.CONFIRMED
        tell(booking, template, new=True)
    # Last before the commit: the monthly rollup's row is shared by every booking of the
    # hub, month and kind, and its lock is held from here until the commit (the caller's,
    # when an event or an appointment books inside its own transaction).
    write_ledger(booking, new=True)
    return booking
