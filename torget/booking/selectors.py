"""Reads about bookings: availability of a space, free spaces, a person's bookings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from torget.accounts.models import User
from torget.accounts.permissions import is_administrator, staff_hub_ids
from torget.booking import rules
from torget.booking.catalogue import catalogue
from torget.booking.models import (
    ACTIVE_STATUSES,
    Booking,
    BookingStatus,
    HoursRule,
    Occupancy,
)
from torget.core.errors import NotFound, ValidationFailed
from torget.core.text import norwegian_sort_key
from torget.core.timeutil import check_window
from torget.places.hours import HoursCalendar, covers
from torget.places.models import Space
from torget.places.selectors import spaces_search

MAX_WINDOW_DAYS = 62


@dataclass(frozen=True)
class Span:
    start: datetime
    end: datetime


@dataclass
class Availability:
    space: Space
    open: list[Span]
    busy: list[Span]


def _merge(spans: list[tuple[datetime, datetime]]) -> list[Span]:
    merged: list[list[datetime]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [Span(s, e) for s, e in merged]


def availability(space_id: int, start: datetime, end: datetime) -> Availability:
    """Open intervals (per the space's booking hours) and busy intervals, with no personal
    data. Busy is where a new booking of this space cannot lie: other bookings with their
    buffers, widened by this space's own buffers, blocked periods, and time held through a
    containing or contained space. So a gap between busy intervals can be booked."""
    return availabilities([space_id], start, end)[space_id]


def availabilities(space_ids: list[int], start: datetime, end: datetime) -> dict[int, Availability]:
    """`availability` of many spaces over one window: one query for all their units and one
    opening-hours calendar for their hubs (a scenario asks for every room at once)."""
    check_window(start, end, max_days=MAX_WINDOW_DAYS)
    known = catalogue()
    spaces = [known.space(pk) for pk in space_ids]
    if any(space is None or not space.is_active for space in spaces):
        raise NotFound()
    hierarchy = known.hierarchy
    policies = {space.pk: known.policies[space.pk] for space in spaces if space}
    before = max((p.buffer_before for p in policies.values()), default=timedelta(0))
    after = max((p.buffer_after for p in policies.values()), default=timedelta(0))
    units = sorted({u for pk in policies for u in hierarchy.leaves(pk)})
    held: dict[int | None, list[tuple[datetime, datetime]]] = {}
    for unit, s, e in Occupancy.objects.unit_spans(units, start - after, end + before):
        held.setdefault(unit, []).append((s, e))
    hubs = list(
        {
            s.hub_id: s.hub for s in spaces if s and policies[s.pk].hours != HoursRule.ANY_TIME
        }.values()
    )
    calendar = (
        known.hours(hubs, timezone.localdate(start) - timedelta(days=1), timezone.localdate(end))
        if hubs
        else None
    )
    opened: dict[tuple, list[Span]] = {}
    result = {}
    for space in spaces:
        assert space is not None
        policy = policies[space.pk]
        buffer_after, buffer_before = policy.buffer_after, policy.buffer_before
        wide_start, wide_end = start - buffer_after, end + buffer_before
        spans = [
            (s, e)
            for unit in hierarchy.leaves(space.pk)
            for s, e in held.get(unit, ())
            if s < wide_end and e > wide_start
        ]
        blocks = known.blocks_over(hierarchy.related(space.pk), wide_start, wide_end)
        busy = [
            (s - buffer_after, e + buffer_before)
            for s, e in [*spans, *((b.start, b.end) for b in blocks)]
        ]
        clipped = [(max(s, start), min(e, end)) for s, e in busy if s < end and e > start]
        # Spaces that keep their hub's hours share its open spans (worked out once).
        own = calendar is not None and calendar.has_own_hours(space)
        key = (space.hub_id, space.pk if own else None, policy.hours)
        if key not in opened:
            opened[key] = _open_spans(calendar, space, policy, start, end)
        result[space.pk] = Availability(space=space, open=opened[key], busy=_merge(clipped))
    return result


def _open_spans(
    calendar: HoursCalendar | None,
    space: Space,
    policy: rules.Policy,
    start: datetime,
    end: datetime,
) -> list[Span]:
    if policy.hours == HoursRule.ANY_TIME or calendar is None:
        return [Span(start, end)]
    spans = [
        (max(i.start, start), min(i.end, end))
        for i in rules.open_intervals(calendar, space, policy)
        if i.start < end and i.end > start
    ]
    return _merge(spans)


def free_space_ids(
    spaces: list[Space], start: datetime, end: datetime, policies: dict[int, rules.Policy]
) -> set[int]:
    """Of these spaces, those a booking of [start, end) — with the space's own buffers —
    fits in: no booking or block on any of its units, or on what contains it."""
    if not spaces:
        return set()
    known = catalogue()
    hierarchy = known.hierarchy
    before = max((policies[s.pk].buffer_before for s in spaces), default=timedelta(0))
    after = max((policies[s.pk].buffer_after for s in spaces), default=timedelta(0))
    # One query for every unit; resource rows come back with no unit (filtering them out in
    # SQL would steer SQLite to a worse index).
    held: dict[int, list[tuple[datetime, datetime]]] = {}
    for unit, s, e in Occupancy.objects.unit_spans(None, start - before, end + after):
        if unit is not None:
            held.setdefault(unit, []).append((s, e))
    blocked = {
        pk for block in known.blocks_over(list(known.spaces), start, end) for pk in block.space_ids
    }
    free = set()
    for space in spaces:
        lo, hi = start - policies[space.pk].buffer_before, end + policies[space.pk].buffer_after
        if any(
            s < hi and e > lo for unit in hierarchy.leaves(space.pk) for s, e in held.get(unit, ())
        ):
            continue
        if blocked.intersection(hierarchy.related(space.pk)):
            continue
        free.add(space.pk)
    return free


def bookable_in_window(spaces: list[Space], start: datetime, end: datetime) -> list[Space]:
    """Spaces free of bookings and open (by their booking hours) for the whole window."""
    known = catalogue()
    policies = known.policies
    free = free_space_ids(spaces, start, end, policies)
    candidates = [s for s in spaces if s.pk in free]
    if not candidates:
        return []
    hubs = list({s.hub_id: s.hub for s in candidates}.values())
    calendar = known.hours(
        hubs,
        timezone.localdate(start) - timedelta(days=1),
        timezone.localdate(end) + timedelta(days=1),
    )
    return [
        space
        for space in candidates
        if policies[space.pk].hours == HoursRule.ANY_TIME
        or covers(rules.open_intervals(calendar, space, policies[space.pk]), start, end)
    ]


def bookings_visible_to(user: User) -> QuerySet[Booking]:
    """A person's own bookings; hub staff also see their hubs' bookings."""
    qs = Booking.objects.select_related("space__hub", "organisation")
    if is_administrator(user):
        return qs
    return qs.filter(Q(booked_by=user) | Q(space__hub_id__in=staff_hub_ids(user)))


def hub_bookings(hub_id: int, start: datetime, end: datetime) -> list[Booking]:
    """Active bookings at a hub overlapping [start, end), by start (the staff calendar)."""
    return list(
        Booking.objects.filter(
            space__hub_id=hub_id, start__lt=end, end__gt=start, status__in=ACTIVE_STATUSES
        )
        .select_related("space", "organisation", "booked_by")
        .order_by("start", "space__name", "pk")
    )


# Why a booking awaits approval, in words (the codes come from the booking service).
PENDING_REASONS = {
    "approval.required": gettext_lazy("Every booking of this space is approved by staff."),
    "approval.non_municipal": gettext_lazy(
        "Bookings by others than municipal services are approved by staff."
    ),
}


def pending_reason_texts(booking: Booking) -> list[str]:
    return [str(PENDING_REASONS.get(code, code)) for code in booking.pending_reasons]


# What a pending booking belongs to, said by the app that owns it (events: an activity
# waiting for approval), so the booking queue can send staff there: booking imports none.
# Each function maps booking ids to (text, url) notes.
BelongsTo = Callable[[list[Booking]], dict[int, tuple[str, str]]]
_belongs_to: dict[str, BelongsTo] = {}


def add_belongs_to(key: str, notes: BelongsTo) -> None:
    _belongs_to[key] = notes


def belongs_to(bookings: list[Booking]) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for notes in _belongs_to.values():
        for booking_id, note in notes(bookings).items():
            found.setdefault(booking_id, []).append(note)
    return found


def pending_at_hub(hub_id: int) -> list[Booking]:
    """Bookings awaiting the hub's approval, oldest request first (first come, first served)."""
    return list(
        Booking.objects.filter(space__hub_id=hub_id, status=BookingStatus.PENDING)
        .select_related("space", "organisation", "booked_by")
        .order_by("created", "pk")
    )


def free_spaces_search(
    *,
    hub: str | None = None,
    min_capacity: int | None = None,
    feature: list[str] | None = None,
    free_from: datetime | None = None,
    free_to: datetime | None = None,
) -> list[Space]:
    """The space search (`places.selectors.spaces_search`); with a window, only the spaces
    free in all of it: open by their booking hours, and no booking or block on them, on
    what contains them or on what they contain (GET /spaces, the booking page's search).
    With a number of people, the best fit first (`by_fit`), else by hub and name."""
    spaces = spaces_search(hub=hub, min_capacity=min_capacity, feature=feature)
    if min_capacity is not None:
        spaces = by_fit(spaces)
    if free_from is None and free_to is None:
        return spaces
    check_free_window(free_from, free_to)
    return bookable_in_window(spaces, free_from, free_to)  # type: ignore[arg-type]


def by_fit(spaces: list[Space]) -> list[Space]:
    """The smallest room that holds the group first (eight people do not want the hall for
    120), then by name and hub in Norwegian order. Every space here has a capacity: the
    search with a number of people leaves out those without one."""
    return sorted(
        spaces,
        key=lambda s: (
            s.capacity or 0,
            norwegian_sort_key(s.name),
            norwegian_sort_key(s.hub.name),
        ),
    )


MAX_FREE_WINDOW = timedelta(days=31)


def check_free_window(free_from: datetime | None, free_to: datetime | None) -> None:
    if free_from is None or free_to is None:
        missing = "free_from" if free_from is None else "free_to"
        raise ValidationFailed(
            errors=[{"field": missing, "message": _("free_from and free_to go together.")}]
        )
    check_window(
        free_from,
        free_to,
        max_days=MAX_FREE_WINDOW.days,
        start_field="free_from",
        end_field="free_to",
    )
