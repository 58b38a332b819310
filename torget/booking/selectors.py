"""Reads about bookings: availability of a space, free spaces, a person's bookings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from torget.accounts.models import User
from torget.accounts.permissions import is_administrator, staff_hub_ids
from torget.booking import rules
from torget.booking.models import ACTIVE_STATUSES, BlockedPeriod, Booking, HoursRule, Occupancy
from torget.booking.units import Hierarchy
from torget.core.errors import NotFound, ValidationFailed
from torget.places.hours import KINDS, HoursCalendar
from torget.places.models import Space
from torget.places.selectors import covers

MAX_WINDOW = timedelta(days=62)


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


def check_window(start: datetime, end: datetime, limit: timedelta = MAX_WINDOW) -> None:
    if end <= start:
        raise ValidationFailed(errors=[{"field": "to", "message": "to must be after from"}])
    if end - start > limit:
        raise ValidationFailed(
            errors=[{"field": "to", "message": f"the window may be at most {limit.days} days"}]
        )


def availability(space_id: int, start: datetime, end: datetime) -> Availability:
    """Open intervals (per the space's booking hours) and busy intervals — buffers included,
    and time held through a containing or contained space — with no personal data."""
    check_window(start, end)
    space = Space.objects.select_related("hub").filter(pk=space_id, is_active=True).first()
    if space is None:
        raise NotFound()
    policy = rules.policy_for(space)
    hierarchy = Hierarchy({space.hub_id})
    units = hierarchy.leaves(space.pk)
    busy = list(
        Occupancy.objects.overlapping(start, end)
        .filter(unit_id__in=units)
        .values_list("start", "end")
    )
    busy += list(
        BlockedPeriod.objects.filter(
            spaces__in=hierarchy.related(space.pk), start__lt=end, end__gt=start
        )
        .values_list("start", "end")
        .distinct()
    )
    clipped = [(max(s, start), min(e, end)) for s, e in busy]
    return Availability(
        space=space, open=_open_spans(space, policy, start, end), busy=_merge(clipped)
    )


def _open_spans(space: Space, policy: rules.Policy, start: datetime, end: datetime) -> list[Span]:
    if policy.hours == HoursRule.ANY_TIME:
        return [Span(start, end)]
    kinds = KINDS if policy.hours == HoursRule.ANY_OPEN else (policy.hours,)
    calendar = HoursCalendar(
        [space.hub], timezone.localdate(start) - timedelta(days=1), timezone.localdate(end)
    )
    spans = [
        (max(i.start, start), min(i.end, end))
        for kind in kinds
        for i in calendar.intervals(space.hub, kind, space)
        if i.start < end and i.end > start
    ]
    return _merge(spans)


def free_space_ids(spaces: list[Space], start: datetime, end: datetime) -> set[int]:
    """Of these spaces, those with no booking or block touching [start, end) on any unit."""
    if not spaces:
        return set()
    hierarchy = Hierarchy({s.hub_id for s in spaces})
    # Resource rows come back as None; filtering them out in SQL would steer SQLite to a
    # worse index.
    taken_units = set(Occupancy.objects.overlapping(start, end).values_list("unit_id", flat=True))
    blocked = set(
        BlockedPeriod.objects.filter(start__lt=end, end__gt=start).values_list(
            "spaces__id", flat=True
        )
    )
    free = set()
    for space in spaces:
        if taken_units.intersection(hierarchy.leaves(space.pk)):
            continue
        if blocked.intersection(hierarchy.related(space.pk)):
            continue
        free.add(space.pk)
    return free


def bookable_in_window(spaces: list[Space], start: datetime, end: datetime) -> list[Space]:
    """Spaces free of bookings and open (by their booking hours) for the whole window."""
    free = free_space_ids(spaces, start, end)
    candidates = [s for s in spaces if s.pk in free]
    if not candidates:
        return []
    policies = rules.policies_for(candidates)
    hubs = list({s.hub_id: s.hub for s in candidates}.values())
    calendar = HoursCalendar(
        hubs,
        timezone.localdate(start) - timedelta(days=1),
        timezone.localdate(end) + timedelta(days=1),
    )
    result = []
    for space in candidates:
        hours = policies[space.pk].hours
        if hours == HoursRule.ANY_TIME:
            result.append(space)
            continue
        kinds = KINDS if hours == HoursRule.ANY_OPEN else (hours,)
        intervals = sorted(
            (i for k in kinds for i in calendar.intervals(space.hub, k, space)),
            key=lambda i: i.start,
        )
        if covers(intervals, start, end):
            result.append(space)
    return result


def bookings_visible_to(user: User) -> QuerySet[Booking]:
    """A person's own bookings; hub staff also see their hubs' bookings."""
    qs = Booking.objects.select_related("space__hub", "organisation")
    if is_administrator(user):
        return qs
    from django.db.models import Q

    return qs.filter(Q(booked_by=user) | Q(space__hub_id__in=staff_hub_ids(user)))


def upcoming_for(user: User) -> QuerySet[Booking]:
    return bookings_visible_to(user).filter(
        booked_by=user, status__in=ACTIVE_STATUSES, end__gt=timezone.now()
    )
