"""Work queued after commit (`torget.core.jobs.enqueue`): telling door systems about grants.

Each job reads the grant again, so what it sends is what was committed; it sends only
opaque ids and time windows (see adapters.py)."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.utils import timezone

from torget.access.adapters import GrantPayload, adapter_for
from torget.access.models import BookingGrant, Door, DoorKind, SelfServiceAgreement
from torget.access.rules import door_serves, policy_for, window
from torget.booking.models import Booking, BookingStatus
from torget.core.timeutil import make_local

logger = logging.getLogger(__name__)


def _by_system(doors: list[Door]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for door in doors:
        grouped[door.system].append(door.external_id or str(door.pk))
    return {system: tuple(ids) for system, ids in grouped.items()}


def _agreement_doors(agreement: SelfServiceAgreement) -> list[Door]:
    return list(
        Door.objects.filter(
            hub__in=agreement.hubs.all(), kind=DoorKind.ENTRANCE, is_active=True
        ).order_by("pk")
    )


def push_agreement(ref: str) -> None:
    agreement = SelfServiceAgreement.objects.filter(ref=ref).first()
    if agreement is None:
        return
    doors = _agreement_doors(agreement)
    if agreement.revoked_at is not None:
        for system, ids in _by_system(doors).items():
            if (adapter := adapter_for(system)) is not None:
                adapter.revoke(ref, ids)
        return
    # Whole days: the lock bridge may cache it; Torget's check still applies the hours.
    span = (
        make_local(agreement.valid_from, time(0)),
        make_local(agreement.valid_until + timedelta(days=1), time(0)),
    )
    for system, ids in _by_system(doors).items():
        if (adapter := adapter_for(system)) is not None:
            adapter.grant(GrantPayload(ref, ids, (span,)))


def push_booking_grant(ref: str) -> None:
    grant = BookingGrant.objects.filter(ref=ref).first()
    if grant is None:
        return
    if grant.booking_id is not None:
        bookings = list(Booking.objects.select_related("space").filter(pk=grant.booking_id))
    else:
        bookings = list(
            Booking.objects.select_related("space").filter(
                series_id=grant.series_id, status=BookingStatus.CONFIRMED
            )
        )
    if not bookings:
        return
    space = bookings[0].space
    doors = [
        d
        for d in Door.objects.filter(hub_id=space.hub_id, is_active=True).order_by("pk")
        if door_serves(d, space.pk, space.hub_id)
    ]
    policy = policy_for(space.hub_id)
    live = grant.revoked_at is None and any(b.status == BookingStatus.CONFIRMED for b in bookings)
    windows: tuple[tuple[datetime, datetime], ...] = tuple(
        window(b, policy) for b in bookings if b.status == BookingStatus.CONFIRMED
    )
    for system, ids in _by_system(doors).items():
        adapter = adapter_for(system)
        if adapter is None:
            continue
        if live:
            adapter.grant(GrantPayload(ref, ids, windows))
        else:
            adapter.revoke(ref, ids)


# A door opened from the staff page opens now or not at all: a retry minutes later would
# open it for nobody.
REMOTE_OPEN_FRESH_SECONDS = 60


def remote_open(system: str, door_id: str, event_id: str, requested_at: str) -> None:
    """Open a door remotely (queued by `services.door_remote_open`); dropped, logged, when
    it could not be sent within a minute of the request."""
    age = timezone.now() - datetime.fromisoformat(requested_at)
    if age.total_seconds() > REMOTE_OPEN_FRESH_SECONDS:
        logger.warning("Remote open %s of door %s dropped: %s old", event_id, door_id, age)
        return
    adapter = adapter_for(system)
    if adapter is not None:
        adapter.remote_open(door_id, event_id=event_id)
