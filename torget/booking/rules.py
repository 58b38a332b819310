"""Booking rules: resolve a space's effective policy and list what a request breaks.

The booking service is the only caller; every interface (pages, API, staff, imports of
seasons) goes through it, so a rule is written once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from torget.booking.errors import AlreadyStarted, CancelDeadlinePassed, Conflict
from torget.booking.models import Approval, BookingPolicy, HoursRule
from torget.ledger.models import OrganiserType
from torget.places.hours import HoursCalendar, Interval
from torget.places.models import Space

# Torget's defaults where neither the space nor the hub says otherwise.
DEFAULTS: dict[str, object] = {
    "residents_may_book": True,
    "organisations_may_book": True,
    "municipal_may_book": True,
    "private_parties_allowed": False,  # Asker allows no private parties at its hubs
    "min_lead_minutes": 60,
    "horizon_days": 400,
    "min_minutes": 30,
    "max_minutes": 8 * 60,
    "granularity_minutes": 15,
    "buffer_before_minutes": 0,
    "buffer_after_minutes": 0,
    "hours": HoursRule.ANY_OPEN,
    "max_future_bookings": 20,
    "approval": Approval.AUTOMATIC,
    "long_bookings_allowed": False,
    "price_municipal": Decimal("0"),
    "price_voluntary": Decimal("0"),
    "price_private": Decimal("500"),
    "price_resident": Decimal("0"),
    "cancel_deadline_hours": 24,
    "house_rules": "",
}

LONG_BOOKING = timedelta(hours=24)
MAX_LONG_BOOKING = timedelta(days=366)


@dataclass(frozen=True)
class Policy:
    residents_may_book: bool
    organisations_may_book: bool
    municipal_may_book: bool
    private_parties_allowed: bool
    min_lead_minutes: int
    horizon_days: int
    min_minutes: int
    max_minutes: int
    granularity_minutes: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    hours: str
    max_future_bookings: int
    approval: str
    long_bookings_allowed: bool
    price_municipal: Decimal
    price_voluntary: Decimal
    price_private: Decimal
    price_resident: Decimal
    cancel_deadline_hours: int
    house_rules: str

    @property
    def buffer_before(self) -> timedelta:
        return timedelta(minutes=self.buffer_before_minutes)

    @property
    def buffer_after(self) -> timedelta:
        return timedelta(minutes=self.buffer_after_minutes)

    def price_per_hour(self, organiser_type: str) -> Decimal:
        return getattr(self, f"price_{organiser_type}", Decimal("0"))

    def may_book(self, organiser_type: str) -> bool:
        if organiser_type == OrganiserType.MUNICIPAL:
            return self.municipal_may_book
        if organiser_type == OrganiserType.RESIDENT:
            return self.residents_may_book
        return self.organisations_may_book


POLICY_FIELDS = [f.name for f in fields(Policy)]


def resolve(space_policy: BookingPolicy | None, hub_policy: BookingPolicy | None) -> Policy:
    values = {}
    for name in POLICY_FIELDS:
        value = None
        for source in (space_policy, hub_policy):
            if source is not None:
                candidate = getattr(source, name)
                if candidate not in (None, ""):
                    value = candidate
                    break
        values[name] = DEFAULTS[name] if value is None else value
    return Policy(**values)  # type: ignore[arg-type]


def policy_for(space: Space) -> Policy:
    return policies_for([space])[space.pk]


def policies_for(spaces: list[Space]) -> dict[int, Policy]:
    """Effective policies for many spaces in one query."""
    hub_ids = {s.hub_id for s in spaces}
    rows = list(BookingPolicy.objects.filter(hub_id__in=hub_ids))
    by_space = {p.space_id: p for p in rows if p.space_id}
    by_hub = {p.hub_id: p for p in rows if p.space_id is None}
    return {s.pk: resolve(by_space.get(s.pk), by_hub.get(s.hub_id)) for s in spaces}


@dataclass(frozen=True)
class Violation:
    code: str
    message: str
    field: str = ""


MESSAGES = {
    "booking.in_past": _("The booking starts in the past."),
    "booking.too_late": _(
        "This space must be booked at least %(minutes)s minutes before it starts."
    ),
    "booking.too_early": _("This space can be booked at most %(days)s days ahead."),
    "booking.too_short": _("A booking of this space must last at least %(minutes)s minutes."),
    "booking.too_long": _("A booking of this space may last at most %(minutes)s minutes."),
    "booking.granularity": _("Start and end must fall on whole %(minutes)s-minute steps."),
    "booking.outside_opening_hours": _(
        "The booking is outside the hours this space can be booked."
    ),
    "booking.not_allowed_for_booker": _("This space cannot be booked by this kind of organiser."),
    "booking.private_party": _("Private parties cannot be held here."),
    "booking.too_many_future": _(
        "You already have the most upcoming bookings allowed here (%(count)s)."
    ),
    "booking.blocked": _("The space is blocked in this period: %(reason)s"),
    "booking.over_capacity": _(
        "More participants are expected than the space holds (%(capacity)s)."
    ),
    "booking.not_bookable": _("This space cannot be booked."),
}


def violation(code: str, field: str = "", **params: object) -> Violation:
    return Violation(
        code=code,
        message=str(MESSAGES[code]) % params if params else str(MESSAGES[code]),
        field=field,
    )


def hours_kinds(policy: Policy) -> tuple[str, ...]:
    """Which opening hours count for booking under a policy (empty: any time)."""
    return {
        HoursRule.STAFFED: ("staffed",),
        HoursRule.SELF_SERVICE: ("self_service",),
        HoursRule.ANY_OPEN: ("staffed", "self_service"),
        HoursRule.ANY_TIME: (),
    }[HoursRule(policy.hours)]


def open_intervals(calendar: HoursCalendar, space: Space, policy: Policy) -> list[Interval]:
    """The space's bookable hours in the calendar's range, sorted (per its booking rules)."""
    return sorted(
        (i for kind in hours_kinds(policy) for i in calendar.intervals(space.hub, kind, space)),
        key=lambda i: i.start,
    )


def is_private_party(*, organiser_type: str, kind: str, public: bool) -> bool:
    """A closed social gathering by a resident or private actor (a birthday, say)."""
    return (
        kind == "activity"
        and not public
        and organiser_type in (OrganiserType.RESIDENT, OrganiserType.PRIVATE)
    )


def check_times(policy: Policy, start: datetime, end: datetime, now: datetime) -> list[Violation]:
    """Rules about when and how long; opening hours and blocks are checked by the caller."""
    problems: list[Violation] = []
    length = end - start
    minutes = int(length.total_seconds() // 60)
    if start < now:
        problems.append(violation("booking.in_past", "start"))
    elif start - now < timedelta(minutes=policy.min_lead_minutes):
        problems.append(violation("booking.too_late", "start", minutes=policy.min_lead_minutes))
    if start - now > timedelta(days=policy.horizon_days):
        problems.append(violation("booking.too_early", "start", days=policy.horizon_days))
    if minutes < policy.min_minutes:
        problems.append(violation("booking.too_short", "end", minutes=policy.min_minutes))
    long_ok = policy.long_bookings_allowed and length <= MAX_LONG_BOOKING
    if minutes > policy.max_minutes and not long_ok:
        problems.append(violation("booking.too_long", "end", minutes=policy.max_minutes))
    step = policy.granularity_minutes
    if step > 1 and any(_minute_of_day(t) % step for t in (start, end)):
        problems.append(violation("booking.granularity", "start", minutes=step))
    return problems


def _minute_of_day(moment: datetime) -> int:
    from django.utils import timezone

    local = timezone.localtime(moment)
    return local.hour * 60 + local.minute + (1 if local.second or local.microsecond else 0)


def booker_lock(start: datetime, policy: Policy, now: datetime) -> Conflict | None:
    """Why the booker may no longer cancel or move their own booking that starts at
    `start`, or None while they may: until the hub's cancellation deadline before the
    start. (Hub staff may always; the callers check that.) One rule for the service's
    cancel and change and for the "Cancel" button on "my bookings"."""
    if start <= now:
        return AlreadyStarted()
    if start - timedelta(hours=policy.cancel_deadline_hours) < now:
        return CancelDeadlinePassed()
    return None
