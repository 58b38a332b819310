"""Who may act as staff on an event, and the occurrence row every write to it locks first."""

from __future__ import annotations

from torget.accounts.models import User
from torget.accounts.permissions import can_manage_hub
from torget.booking.catalogue import catalogue
from torget.core.errors import NotFound, PermissionDenied
from torget.events.models import Occurrence
from torget.events.services.organisers import require_runner
from torget.places.models import Hub, Space


def require_staff(actor: User, hub) -> None:
    if not can_manage_hub(actor, hub):
        raise PermissionDenied()


def locked_occurrence(occurrence_id: int) -> Occurrence | None:
    """The occurrence, its row locked until commit (on SQLite the write transaction holds
    the whole database), with its event, hub, booking and space (the space from the booking
    catalogue, which registrations read anyway)."""
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("event", "booking")
        .filter(pk=occurrence_id)
        .first()
    )
    if occurrence is None:
        return None
    event, booking = occurrence.event, occurrence.booking
    space = catalogue().space(booking.space_id)
    if space is None:
        space = Space.objects.select_related("hub").get(pk=booking.space_id)
    booking.space = space
    event.hub = space.hub if space.hub_id == event.hub_id else Hub.objects.get(pk=event.hub_id)
    return occurrence


def occurrence_for_staff(actor: User, occurrence_id: int) -> Occurrence:
    occurrence = locked_occurrence(occurrence_id)
    if occurrence is None:
        raise NotFound()
    require_staff(actor, occurrence.event.hub)
    return occurrence


def occurrence_for_runner(actor: User, occurrence_id: int) -> Occurrence:
    """The locked occurrence, for hub staff or the event's organiser (move, cancel)."""
    occurrence = locked_occurrence(occurrence_id)
    if occurrence is None:
        raise NotFound()
    require_runner(actor, occurrence.event)
    return occurrence
