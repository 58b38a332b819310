"""Blocked periods: spaces closed for a while (across hubs), by staff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub
from torget.booking.errors import InvalidInterval
from torget.booking.models import BlockedPeriod, Booking, Occupancy
from torget.booking.units import Hierarchy
from torget.core.db import serialized_write
from torget.core.errors import PermissionDenied, ValidationFailed
from torget.places.models import Space


@dataclass
class BlockResult:
    block: BlockedPeriod
    in_the_way: list[Booking]


@serialized_write
def blocked_period_create(
    *, actor: User, spaces: Sequence[Space], start: datetime, end: datetime, reason: str
) -> BlockResult:
    """Block spaces (across hubs). Bookings already in the way are listed for staff to
    handle — moved or cancelled with a message — never silently deleted."""
    if end <= start:
        raise InvalidInterval()
    if not spaces:
        raise ValidationFailed(errors=[{"field": "spaces", "message": "choose at least one space"}])
    if not reason.strip():
        raise ValidationFailed(errors=[{"field": "reason", "message": "a reason is required"}])
    for space in spaces:
        if not can_manage_hub(actor, space.hub):
            raise PermissionDenied()
    block = BlockedPeriod.objects.create(
        reason=reason.strip()[:300], start=start, end=end, created_by=actor
    )
    block.spaces.set(spaces)
    hierarchy = Hierarchy({s.hub_id for s in spaces})
    units = sorted({u for s in spaces for u in hierarchy.leaves(s.pk)})
    booking_ids = (
        Occupancy.objects.overlapping(start, end).filter(unit_id__in=units).values("booking_id")
    )
    in_the_way = list(
        Booking.objects.filter(pk__in=booking_ids).select_related("space__hub").order_by("start")
    )
    return BlockResult(block=block, in_the_way=in_the_way)
