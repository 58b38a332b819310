"""Room utilisation for the key figures: booked hours against open hours, per space and hub.

For each active, bookable space: the open hours of the kinds it can be booked in (its
booking rules: staffed, self-service or both; a space bookable at any time is measured
against both), and the hours of its confirmed bookings (with an active occupancy; each
booking once, clipped to the period) that fall inside them. Staffed and self-service are
counted separately; where both kinds of hours count and overlap, the time is staffed (what a
visitor meets, as `places.hours.open_state` says), so no hour is counted twice. Booked time
outside those hours (a staff override, a space bookable at any time) is shown apart.

A space's figure is the bookings *of that space*: a hall booked whole counts for the hall,
a half booked alone for the half. A hub's figure sums its spaces' hours.

Queries: the spaces, their booking rules, the opening hours (two), and the bookings (one,
with an EXISTS for the active occupancy). The interval arithmetic is Python, on seconds since
the epoch: comparing a booking's UTC instant with an opening hour's local one would ask the
time zone for its offset at every comparison, a year of a hundred rooms a million times.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, OuterRef

from torget.booking import rules
from torget.booking.models import Booking, BookingStatus, Occupancy
from torget.core.text import norwegian_sort_key
from torget.core.timeutil import local_tz
from torget.places.codes import HoursKind
from torget.places.hours import HoursCalendar
from torget.places.models import Hub, Space

STAFFED, SELF_SERVICE = HoursKind.STAFFED.value, HoursKind.SELF_SERVICE.value
Span = tuple[float, float]  # seconds since the epoch: [start, end)


# --- Interval arithmetic over sorted, disjoint spans --------------------------------------------


def merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def clip(spans: list[Span], lo: float, hi: float) -> list[Span]:
    return [(max(s, lo), min(e, hi)) for s, e in spans if s < hi and e > lo]


def intersect(a: list[Span], b: list[Span]) -> list[Span]:
    result: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            result.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return result


def subtract(a: list[Span], b: list[Span]) -> list[Span]:
    """a without b."""
    result: list[Span] = []
    j = 0
    for start, end in a:
        current = start
        while j < len(b) and b[j][1] <= current:
            j += 1
        k = j
        while k < len(b) and b[k][0] < end:
            if b[k][0] > current:
                result.append((current, b[k][0]))
            current = max(current, b[k][1])
            k += 1
        if current < end:
            result.append((current, end))
    return result


def seconds(spans: list[Span]) -> float:
    return sum(e - s for s, e in spans)


# --- Results -------------------------------------------------------------------------------------


def _hours(value: float) -> float:
    return round(value / 3600, 2)


@dataclass(slots=True)
class Hours:
    """Open and booked time of one kind, in seconds (shown as hours)."""

    open: float = 0.0
    booked: float = 0.0

    @property
    def open_hours(self) -> float:
        return _hours(self.open)

    @property
    def booked_hours(self) -> float:
        return _hours(self.booked)

    @property
    def share(self) -> float | None:
        """Per cent of the open hours that were booked, or None without open hours."""
        return 100 * self.booked / self.open if self.open else None

    def add(self, other: Hours) -> None:
        self.open += other.open
        self.booked += other.booked

    def as_json(self) -> dict:
        share = self.share
        return {
            "open_hours": self.open_hours,
            "booked_hours": self.booked_hours,
            "share": round(share, 1) if share is not None else None,
        }


@dataclass(slots=True)
class Usage:
    staffed: Hours = field(default_factory=Hours)
    self_service: Hours = field(default_factory=Hours)
    outside: float = 0.0  # booked seconds outside the counted open hours

    @property
    def total(self) -> Hours:
        return Hours(
            self.staffed.open + self.self_service.open,
            self.staffed.booked + self.self_service.booked,
        )

    @property
    def outside_hours(self) -> float:
        return _hours(self.outside)

    @property
    def recorded(self) -> bool:
        """Any booked time at all. Without it (years before room booking was in Torget, with
        imported figures only) a share of 0 would be a claim: the page says "not recorded"."""
        return bool(self.staffed.booked or self.self_service.booked or self.outside)

    def add(self, other: Usage) -> None:
        self.staffed.add(other.staffed)
        self.self_service.add(other.self_service)
        self.outside += other.outside

    def as_json(self) -> dict:
        return {
            "staffed": self.staffed.as_json(),
            "self_service": self.self_service.as_json(),
            "total": self.total.as_json(),
            "booked_outside_open_hours": self.outside_hours,
        }


@dataclass(slots=True)
class SpaceUsage:
    space: Space
    bookable_in: str  # the space's booking rule: staffed, self_service, any_open, any_time
    usage: Usage


@dataclass(slots=True)
class HubUsage:
    hub: Hub
    usage: Usage
    spaces: list[SpaceUsage]


@dataclass(slots=True)
class Utilisation:
    hubs: list[HubUsage]
    usage: Usage  # every hub together

    def as_json(self) -> dict:
        return {
            **self.usage.as_json(),
            "bookings_recorded": self.usage.recorded,
            "hubs": [
                {
                    "hub": row.hub.slug,
                    **row.usage.as_json(),
                    "bookings_recorded": row.usage.recorded,
                    "spaces": [
                        {
                            "id": space.space.pk,
                            "name": space.space.name,
                            "bookable_in": space.bookable_in,
                            **space.usage.as_json(),
                        }
                        for space in row.spaces
                    ],
                }
                for row in self.hubs
            ],
        }


# --- The computation -----------------------------------------------------------------------------


def _bookings(space_ids: list[int], lo: datetime, hi: datetime) -> dict[int, list[Span]]:
    """Confirmed bookings with an active occupancy overlapping [lo, hi), per booked space.

    One row per booking (EXISTS, not a join over its occupancies), so a hall booking that
    holds both halves counts once. The lower bound on `start` lets the (status, start) index
    answer it: no booking is longer than the longest a long booking may be."""
    active = Occupancy.objects.filter(booking=OuterRef("pk"), active=True)
    rows = (
        Booking.objects.filter(
            status=BookingStatus.CONFIRMED,
            start__lt=hi,
            start__gt=lo - rules.MAX_LONG_BOOKING,
            end__gt=lo,
            space_id__in=space_ids,
        )
        .filter(Exists(active))
        .values_list("space_id", "start", "end")
        .order_by()
    )
    per_space: dict[int, list[Span]] = defaultdict(list)
    for space_id, start, end in rows:
        per_space[space_id].append((start.timestamp(), end.timestamp()))
    return per_space


def utilisation(*, start: date, end: date, hubs: list[Hub]) -> Utilisation:
    """Booked against open hours from `start` to `end` (both included, local days)."""
    tz = local_tz()
    lo = datetime.combine(start, time(0), tzinfo=tz)
    hi = datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz)
    by_hub = {hub.pk: HubUsage(hub, Usage(), []) for hub in hubs}
    spaces = list(
        Space.objects.filter(hub_id__in=list(by_hub), is_active=True, bookable=True).order_by()
    )
    if spaces:
        policies = rules.policies_for(spaces)
        # From the day before: hours past midnight reach into the period.
        calendar = HoursCalendar(hubs, start - timedelta(days=1), end)
        booked = _bookings([s.pk for s in spaces], lo, hi)
        period = (lo.timestamp(), hi.timestamp())
        # Most spaces keep their hub's hours: their open spans are worked out once per hub
        # and kinds, not day by day for every space (a year of a hundred rooms).
        open_hours: dict[tuple, tuple[list[Span], list[Span]]] = {}
        for space in spaces:
            hub_row = by_hub[space.hub_id]
            space.hub = hub_row.hub  # no query per space for its hub
            policy = policies[space.pk]
            # A space bookable at any time is measured against the hub's hours of both kinds.
            kinds = rules.hours_kinds(policy) or (STAFFED, SELF_SERVICE)
            own = space.pk if calendar.has_own_hours(space) else None
            key = (space.hub_id, own, tuple(sorted(kinds)))
            if key not in open_hours:
                open_hours[key] = _open_spans(calendar, space, kinds, period)
            usage = _space_usage(
                *open_hours[key],
                merge(clip(booked.get(space.pk, []), *period)),
            )
            hub_row.spaces.append(SpaceUsage(space, policy.hours, usage))
            hub_row.usage.add(usage)
    total = Usage()
    for row in by_hub.values():
        row.spaces.sort(key=lambda s: norwegian_sort_key(s.space.name))
        total.add(row.usage)
    return Utilisation(hubs=list(by_hub.values()), usage=total)


def _open_spans(
    calendar: HoursCalendar, space: Space, kinds: tuple[str, ...], period: Span
) -> tuple[list[Span], list[Span]]:
    """The space's staffed and self-service spans in `period`; where both kinds of hours
    count and overlap, the time is staffed."""

    def spans(kind: str) -> list[Span]:
        if kind not in kinds:
            return []
        intervals = calendar.intervals(space.hub, kind, space)
        spans = [(i.start.timestamp(), i.end.timestamp()) for i in intervals]
        return clip(merge(spans), *period)

    staffed = spans(STAFFED)
    return staffed, subtract(spans(SELF_SERVICE), staffed)  # staffed wins where both


def _space_usage(staffed: list[Span], self_service: list[Span], booked: list[Span]) -> Usage:
    booked_staffed = seconds(intersect(booked, staffed))
    booked_self = seconds(intersect(booked, self_service))
    return Usage(
        staffed=Hours(seconds(staffed), booked_staffed),
        self_service=Hours(seconds(self_service), booked_self),
        outside=max(0.0, seconds(booked) - booked_staffed - booked_self),
    )
