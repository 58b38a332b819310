"""One approval queue per hub: room bookings and organisers' activities waiting for staff.

An organiser's activity whose room also needs approval used to wait in two queues (the
activity's and the room's). Here it is one item with both reasons, linked to the activity
queue, where approving it approves its rooms too. A weekly series of room bookings is one
item as well. Oldest request first (first come, first served)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from torget.booking.models import Booking, BookingStatus
from torget.booking.selectors import pending_at_hub, pending_reason_texts
from torget.booking.staffhome import booker_name
from torget.events.codes import Approval, OccurrenceStatus
from torget.events.models import Event, Occurrence
from torget.events.self_service import needs_approval
from torget.places.models import Hub

ACTIVITY = "activity"
BOOKING = "booking"


@dataclass
class Waiting:
    key: str  # "event-12", "booking-34", "series-5": each thing waiting appears once
    kind: str  # ACTIVITY or BOOKING
    title: str
    since: datetime
    who: str
    url: str
    reasons: list[str] = field(default_factory=list)
    dates: list[tuple[datetime, datetime, str]] = field(default_factory=list)


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(texts))


def _activities(hub: Hub) -> tuple[list[Waiting], set[int]]:
    """The hub's pending activities, and the ids of the room bookings they hold."""
    events = list(
        Event.objects.filter(hub=hub, approval=Approval.PENDING)
        .select_related("organisation", "created_by")
        .order_by("created", "pk")
    )
    occurrences: dict[int, list[Occurrence]] = {e.pk: [] for e in events}
    for occurrence in (
        Occurrence.objects.filter(event__in=events, status=OccurrenceStatus.SCHEDULED)
        .select_related("booking__space")
        .order_by("booking__start", "pk")
    ):
        occurrences[occurrence.event_id].append(occurrence)
    # An activity its organiser cancelled before approval has nothing left to approve.
    events = [e for e in events if occurrences[e.pk]]
    hub_approves = needs_approval(hub)
    held: set[int] = set()
    items = []
    for event in events:
        reasons = []
        if hub_approves:
            reasons.append(_("Organisers' activities at this hub are approved by staff."))
        pending = [
            o.booking for o in occurrences[event.pk] if o.booking.status == BookingStatus.PENDING
        ]
        if pending:
            room = _unique([text for b in pending for text in pending_reason_texts(b)])
            reasons.append(_("The room needs approval too: %(why)s") % {"why": " ".join(room)})
        held.update(o.booking_id for o in occurrences[event.pk])
        creator, organisation = event.created_by, event.organisation
        if organisation is not None:
            who = organisation.name
        else:
            who = (creator.get_full_name() or creator.username) if creator else ""
        items.append(
            Waiting(
                key=f"event-{event.pk}",
                kind=ACTIVITY,
                title=event.title,
                since=event.created,
                who=who,
                url=reverse("events:approvals") + f"#event-{event.pk}",
                reasons=reasons,
                dates=[
                    (o.booking.start, o.booking.end, o.booking.space.name)
                    for o in occurrences[event.pk]
                ],
            )
        )
    return items, held


def _bookings(hub: Hub, held: set[int]) -> list[Waiting]:
    """Pending room bookings not held by a pending activity; a series is one item."""
    groups: dict[str, list[Booking]] = {}
    for booking in pending_at_hub(hub.pk):
        if booking.pk in held:
            continue
        key = f"series-{booking.series_id}" if booking.series_id else f"booking-{booking.pk}"
        groups.setdefault(key, []).append(booking)
    items = []
    for key, bookings in groups.items():
        first = min(bookings, key=lambda b: (b.start, b.pk))
        items.append(
            Waiting(
                key=key,
                kind=BOOKING,
                title=first.title,
                since=min(b.created for b in bookings),
                who=booker_name(first),
                url=reverse("booking:staff-booking", kwargs={"slug": hub.slug, "pk": first.pk}),
                reasons=_unique([text for b in bookings for text in pending_reason_texts(b)]),
                dates=sorted((b.start, b.end, b.space.name) for b in bookings),
            )
        )
    return items


def waiting_for_approval(hub: Hub) -> list[Waiting]:
    """Everything at the hub waiting for staff, each once, oldest request first."""
    activities, held = _activities(hub)
    items = activities + _bookings(hub, held)
    return sorted(items, key=lambda item: (item.since, item.key))


def activities_holding(bookings: list[Booking]) -> dict[int, tuple[str, str]]:
    """For the room-booking queue: which of these bookings a pending activity holds, with
    a link to the activity queue (approving the activity approves the room too)."""
    occurrences = Occurrence.objects.filter(
        booking_id__in=[b.pk for b in bookings], event__approval=Approval.PENDING
    ).select_related("event")
    return {
        o.booking_id: (
            _(
                "Part of the activity “%(title)s”, which waits for approval: approve it in "
                "the activity queue, and this room is approved with it."
            )
            % {"title": o.event.title},
            reverse("events:approvals") + f"#event-{o.event_id}",
        )
        for o in occurrences
    }
