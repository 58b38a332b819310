"""Changes to a booking that exists: cancel, approve, reject, move, mark a no-show.

Who may change a booking (`can_change_booking`, `booking_for`), and `release`, which gives
up its slot and its ledger row (a series' cancel uses it too)."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub
from torget.booking import messages, rules
from torget.booking.errors import NotActive, NotStartedYet, OverrideNotAllowed
from torget.booking.models import Booking, BookingStatus, Occupancy
from torget.booking.services.effects import tell, write_ledger
from torget.booking.services.request import (
    BookingRequest,
    buffered,
    check_rules,
    load_context,
    normalised,
    price_for,
    raise_or_override,
)
from torget.booking.services.slots import (
    check_resources,
    clashes,
    conflict_error,
    insert_occupancies,
)
from torget.core.db import serialized_write
from torget.core.errors import NotFound, PermissionDenied, ValidationFailed
from torget.ledger.models import EntrySource
from torget.ledger.services import ledger_reverse
from torget.places.models import Space


def can_change_booking(actor: User, booking: Booking) -> bool:
    return booking.booked_by_id == actor.pk or can_manage_hub(actor, booking.space.hub)


def booking_for(actor: User, booking_id: int) -> Booking:
    booking = (
        Booking.objects.select_related("space__hub", "organisation", "booked_by")
        .filter(pk=booking_id)
        .first()
    )
    if (
        booking is None
        or not getattr(actor, "is_authenticated", False)
        or not can_change_booking(actor, booking)
    ):
        # Someone else's booking is reported as missing: its existence is not theirs to learn.
        raise NotFound()
    return booking


def release(booking: Booking, status: str, reason: str) -> Booking:
    booking.status = status
    booking.decision_reason = reason[:300]
    if status == BookingStatus.CANCELLED:
        booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "decision_reason", "cancelled_at", "updated"])
    Occupancy.objects.filter(booking=booking).update(active=False)
    ledger_reverse(source=EntrySource.BOOKING, source_id=booking.pk)
    return booking


@serialized_write
def booking_cancel(
    *, actor: User, booking_id: int, reason: str = "", notify: bool = True
) -> Booking:
    booking = booking_for(actor, booking_id)
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("space__hub", "booked_by")
        .get(pk=booking.pk)
    )
    if not booking.is_active:
        raise NotActive()
    # What has happened stays in the key figures: only hub staff can cancel it afterwards.
    now = timezone.now()
    if not can_manage_hub(actor, booking.space.hub):
        locked = rules.booker_lock(booking.start, rules.policy_for(booking.space), now)
        if locked is not None:
            raise locked
    release(booking, BookingStatus.CANCELLED, reason)
    if notify and not booking.for_event:
        by_booker = actor.pk == booking.booked_by_id and not booking.on_behalf_phone
        template = messages.CANCELLED if by_booker else messages.CANCELLED_BY_STAFF
        tell(booking, template, reason="" if by_booker else reason)
    return booking


def _pending_for_staff(actor: User, booking_id: int) -> Booking:
    """A pending booking, locked, that this staff member may decide on."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("space__hub", "booked_by")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None:
        raise NotFound()
    if not can_manage_hub(actor, booking.space.hub):
        raise PermissionDenied()
    if booking.status != BookingStatus.PENDING:
        raise NotActive()
    return booking


@serialized_write
def booking_approve(*, actor: User, booking_id: int) -> Booking:
    booking = _pending_for_staff(actor, booking_id)
    booking.status = BookingStatus.CONFIRMED
    booking.save(update_fields=["status", "updated"])
    if not booking.for_event:  # an event tells its organiser itself
        tell(booking, messages.APPROVED)
    write_ledger(booking)  # last: see create._booking_create
    return booking


@serialized_write
def booking_reject(*, actor: User, booking_id: int, reason: str) -> Booking:
    if not reason.strip():
        raise ValidationFailed(errors=[{"field": "reason", "message": "a reason is required"}])
    booking = _pending_for_staff(actor, booking_id)
    release(booking, BookingStatus.REJECTED, reason)
    tell(booking, messages.REJECTED, reason=reason)
    return booking


def _staff_booking(actor: User, booking_id: int) -> Booking:
    """A booking, locked, at a hub this staff member works at (others: not found)."""
    booking = (
        # of=self: PostgreSQL locks no row on the nullable side of an outer join.
        Booking.objects.select_for_update(of=("self",))
        .select_related("space__hub", "booked_by", "organisation")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None or not can_manage_hub(actor, booking.space.hub):
        raise NotFound()
    return booking


@serialized_write
def booking_move(
    *,
    actor: User,
    booking_id: int,
    start: datetime,
    end: datetime,
    space: Space | None = None,
    override_reason: str = "",
) -> Booking:
    """Move a booking to another time (staff: also another space at a hub they work at).
    The same rules as a new booking (staff may override them with a reason), never onto a
    taken slot; the price and the ledger row follow, and the booker is told.

    The booker may change the time of their own booking until the cancellation deadline."""
    booking = (
        # of=self: PostgreSQL locks no row on the nullable side of an outer join.
        Booking.objects.select_for_update(of=("self",))
        .select_related("space__hub", "booked_by", "organisation")
        .filter(pk=booking_id)
        .first()
    )
    if booking is None or not can_change_booking(actor, booking):
        raise NotFound()
    if not booking.is_active:
        raise NotActive()
    by_staff = can_manage_hub(actor, booking.space.hub)
    target = space or booking.space
    if by_staff and not can_manage_hub(actor, target.hub):
        raise PermissionDenied()
    if not by_staff:
        if target.pk != booking.space_id:
            raise PermissionDenied()
        if override_reason:
            raise OverrideNotAllowed()
        locked = rules.booker_lock(booking.start, rules.policy_for(booking.space), timezone.now())
        if locked is not None:
            raise locked
    resources = list(booking.resources.all())
    req = normalised(
        BookingRequest(
            space=target,
            start=start,
            end=end,
            title=booking.title,
            organiser_type=booking.organiser_type,
            kind=booking.kind,
            expected_participants=booking.expected_participants,
            public=booking.public,
            organisation=booking.organisation,
            resources=resources,
            for_event=booking.for_event,
            override_reason=override_reason,
        )
    )
    ctx = load_context(actor, target, req.start, req.end)
    overridden = raise_or_override(check_rules(req, ctx), req, ctx)
    block_start, block_end = buffered(req, ctx.policy)
    found = clashes(ctx.units, block_start, block_end, exclude_booking=booking.pk)
    if found:
        raise conflict_error(found)
    # The old slot is given up first, so that the booking does not clash with itself.
    Occupancy.objects.filter(booking=booking).delete()
    check_resources(resources, block_start, block_end)
    booking.space, booking.start, booking.end = target, req.start, req.end
    booking.price = price_for(req, ctx.policy)
    if overridden:
        booking.override_reason = req.override_reason.strip()
        booking.overridden_rules = sorted(set(booking.overridden_rules) | set(overridden))
    booking.save()
    rows = [Occupancy.held(booking, block_start, block_end, unit_id=u) for u in ctx.units]
    rows += [Occupancy.held(booking, block_start, block_end, resource=r) for r in resources]
    insert_occupancies(rows)
    write_ledger(booking)
    if not booking.for_event:
        template = messages.MOVED if by_staff else messages.CHANGED
        tell(booking, template, occasion=f"moved:{req.start.isoformat()}:{target.pk}")
    return booking


@serialized_write
def booking_mark_no_show(*, actor: User, booking_id: int, no_show: bool = True) -> Booking:
    """Staff mark that nobody came (or undo it). Kept on the booker's history."""
    booking = _staff_booking(actor, booking_id)
    if booking.start > timezone.now():
        raise NotStartedYet()
    booking.no_show = no_show
    booking.save(update_fields=["no_show", "updated"])
    return booking
