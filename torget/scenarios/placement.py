"""Room elsewhere: where the displaced regular weekly groups could go, and one placement of
all of them together. Reads only; it never changes a booking.

A regular group is a weekly series, a seasonal slot not yet booked, an activity that meets
at the same weekday, time and room at least twice from the date, or office hours that do.

1. **What a group needs** (stated on the page): room for its expected participants (the
   most any of its dates expected); the features of its room that shape an activity
   (`KEY_FEATURES`: a kitchen, a sink, a piano, a stage, a sound system — Wi-Fi, screens and
   whiteboards are taken as found anywhere); step-free access and a hearing loop where its
   room had them; staffed hours when it needs staff (office hours, or a room bookable only in
   staffed hours), else the hours the receiving room is bookable in; and a room whose
   booking rules accept its organiser. A merged hub's groups and a moved module's go to the
   receiving hub; others to any hub that stays open.
2. **Free**: the same weekday and time, in at least `ENOUGH` of its remaining weeks, by the
   booking engine's own availability (`booking.selectors.availability`: other bookings and
   their buffers, blocked periods, the room's bookable hours with holidays and special
   days), read once per room in windows of `WINDOW_DAYS` — never a query per week.
3. **One placement of all together**: the seasonal round's pure allocation
   (`seasons.allocation.propose`) with the round's default priority rules, each group
   wishing for its own slot (closed, or outside the hours that remain) and accepting other
   rooms at the same hub and other hubs at the same weekday and time: the smallest room
   that holds it first, a room shared by two placements never at overlapping times.
4. **Why not**: for a group with no room, the step at which the last rooms dropped out —
   the hub, the size, a feature, step-free access, a hearing loop, opening hours of the
   kind it needs, taken by bookings that weekday and time, or taken by a group ranked
   before it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Q
from django.utils.translation import gettext_lazy

from torget.accounts.models import Organisation
from torget.booking import rules
from torget.booking.catalogue import catalogue
from torget.booking.models import HoursRule
from torget.booking.selectors import availabilities
from torget.core.text import norwegian_sort_key
from torget.core.timeutil import OSLO
from torget.keyfigures.utilisation import utilisation
from torget.ledger.models import OrganiserType
from torget.places.codes import Feature, SpaceKind, Weekday
from torget.places.models import Hub, OpeningHoursRule, Space
from torget.scenarios.models import Change, ChangeKind, Scenario
from torget.scenarios.scope import (
    KINDS,
    STAFFED,
    HoursScope,
    Row,
    Scope,
    Week,
    _rule_week,
    hub_bookings,
    season_slots,
)
from torget.seasons.allocation import (
    Applicant,
    Board,
    Busy,
    Slot,
    SpaceInfo,
    occurrences,
    propose,
    unmet_need,
    within_hours,
)
from torget.seasons.models import DEFAULT_RULES

# A group is placed where it is free in at least this share of its remaining weeks.
ENOUGH = 0.9
# The booking engine's availability answers at most 62 days at a time.
WINDOW_DAYS = 60
KEY_FEATURES = frozenset(
    {Feature.KITCHEN, Feature.SINK, Feature.PIANO, Feature.STAGE, Feature.SOUND_SYSTEM}
)
# Rooms for groups: not a desk to work at or a public PC.
NOT_FOR_GROUPS = (SpaceKind.DESK, SpaceKind.PC)
PRIVATE_PARTY = "private_party"

# Group kinds (the displaced kinds' codes).
SERIES, OCCURRENCE, OFFICE_HOURS, SEASON_SLOT = (
    "series",
    "occurrence",
    "office_hours",
    "season_slot",
)

# Why a group finds no room, in the order rooms drop out.
REASONS = {
    "hub": gettext_lazy("No room at the hubs it may go to"),
    "capacity": gettext_lazy("No room big enough"),
    "rules": gettext_lazy("No room whose booking rules accept its organiser"),
    "features": gettext_lazy("No room with the features it used"),
    "step_free": gettext_lazy("No room with step-free access"),
    "hearing_loop": gettext_lazy("No room with a hearing loop"),
    "hours": gettext_lazy("No room open at that weekday and time"),
    "staffed_hours": gettext_lazy("No room staffed at that weekday and time"),
    "taken": gettext_lazy("Every fitting room is taken that weekday and time"),
    "placed_others": gettext_lazy("The fitting rooms went to groups ranked before it"),
}
STEPS = ("hub", "capacity", "rules", "features", "step_free", "hearing_loop", "hours", "taken")


@dataclass
class Group:
    """One displaced regular weekly slot."""

    kind: str
    hub: Hub
    space: Space
    weekday: int
    start: time
    end: time
    dates: list[date]
    participants: int
    organiser_type: str
    organisation: Organisation | None
    title: str
    booking_kind: str = "activity"  # activity or meeting
    public: bool = True
    paid: bool = False
    age_group: str = "all"
    since: datetime | None = None  # when it was first booked (earlier ranks first)
    features: frozenset[str] = frozenset()
    step_free: bool = False
    hearing_loop: bool = False
    hours_kind: str = ""
    hubs: frozenset[int] = frozenset()
    # The outcome.
    placed: Space | None = None
    skip_dates: list[date] = field(default_factory=list)
    candidates: list[Space] = field(default_factory=list)
    reason: str = ""

    @property
    def by_resident(self) -> bool:
        return self.organiser_type == OrganiserType.RESIDENT

    @property
    def organiser(self) -> str:
        if self.organisation is not None:
            return self.organisation.name
        return str(OrganiserType(self.organiser_type).label) if self.organiser_type else ""

    @property
    def weekday_label(self) -> str:
        return str(Weekday(self.weekday).label)

    @property
    def feature_labels(self) -> list[str]:
        return sorted(str(Feature(code).label) for code in self.features)

    @property
    def reason_label(self) -> str:
        return str(REASONS.get(self.reason, self.reason))

    @property
    def placed_dates(self) -> list[date]:
        skipped = set(self.skip_dates)
        return [d for d in self.dates if d not in skipped] if self.placed else []

    @property
    def hours(self) -> float:
        return (_minutes(self.end) - _minutes(self.start)) / 60

    def as_json(self) -> dict:
        listed = not self.by_resident
        return {
            "kind": self.kind,
            "title": self.title if listed else "",
            "organiser": self.organiser if listed else "",
            "organiser_type": self.organiser_type,
            "from_hub": self.hub.slug,
            "from_space": self.space.name,
            "weekday": self.weekday,
            "starts_at": self.start.strftime("%H:%M"),
            "ends_at": self.end.strftime("%H:%M"),
            "weeks": len(self.dates),
            "participants": self.participants,
            "needs": {
                "features": sorted(self.features),
                "step_free": self.step_free,
                "hearing_loop": self.hearing_loop,
                "staffed_hours": self.hours_kind == STAFFED,
            },
            "candidates": [_space_json(s) for s in self.candidates],
            "placed": _space_json(self.placed) if self.placed else None,
            "weeks_missed": len(self.skip_dates) if self.placed else None,
            "reason": self.reason,
        }


def _space_json(space: Space) -> dict:
    return {"hub": space.hub.slug, "space": space.name, "id": space.pk}


@dataclass
class HubLoad:
    """A receiving hub's room utilisation over the placement period, before and after."""

    hub: Hub
    open_hours: float
    booked_hours: float
    added_hours: float
    groups: int

    @property
    def before(self) -> float | None:
        return 100 * self.booked_hours / self.open_hours if self.open_hours else None

    @property
    def after(self) -> float | None:
        if not self.open_hours:
            return None
        return 100 * (self.booked_hours + self.added_hours) / self.open_hours

    def as_json(self) -> dict:
        return {
            "hub": self.hub.slug,
            "groups": self.groups,
            "open_hours": round(self.open_hours, 1),
            "booked_hours_before": round(self.booked_hours, 1),
            "added_hours": round(self.added_hours, 1),
            "share_before": round(self.before, 1) if self.before is not None else None,
            "share_after": round(self.after, 1) if self.after is not None else None,
        }


@dataclass
class RoomElsewhere:
    groups: list[Group] = field(default_factory=list)
    receiving: list[HubLoad] = field(default_factory=list)
    period: tuple[date, date] | None = None

    @property
    def placed(self) -> int:
        return sum(1 for g in self.groups if g.placed is not None)

    @property
    def not_placed(self) -> int:
        return len(self.groups) - self.placed

    @property
    def listed(self) -> list[Group]:
        """Organisations' and services' groups (residents' are counted only)."""
        return [g for g in self.groups if not g.by_resident]

    @property
    def residents(self) -> tuple[int, int]:
        """(placed, not placed) of residents' groups."""
        mine = [g for g in self.groups if g.by_resident]
        placed = sum(1 for g in mine if g.placed is not None)
        return placed, len(mine) - placed

    @property
    def reasons(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = defaultdict(int)
        for g in self.groups:
            if g.placed is None:
                counts[g.reason] += 1
        return [(str(REASONS.get(code, code)), n) for code, n in counts.items()]

    def as_json(self) -> dict:
        return {
            "groups": len(self.groups),
            "placed": self.placed,
            "not_placed": self.not_placed,
            "enough_share": ENOUGH,
            "period_start": self.period[0] if self.period else None,
            "period_end": self.period[1] if self.period else None,
            "slots": [g.as_json() for g in self.groups],
            "receiving_hubs": [h.as_json() for h in self.receiving],
        }


# --- The groups -------------------------------------------------------------------------------


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _local(moment: datetime) -> datetime:
    return moment.astimezone(OSLO)


def _needs(group: Group, policies: dict[int, rules.Policy]) -> None:
    space = group.space
    group.features = frozenset(space.feature_codes) & KEY_FEATURES
    group.step_free = space.step_free and group.hub.step_free_entrance
    group.hearing_loop = space.hearing_loop
    policy = policies.get(space.pk)
    staffed_only = policy is not None and policy.hours == HoursRule.STAFFED
    if group.kind == OFFICE_HOURS or staffed_only:
        group.hours_kind = STAFFED


def _organiser_kind(group: Group) -> str:
    if group.organisation is not None:
        return group.organisation.kind
    kinds: dict[str, str] = {
        OrganiserType.MUNICIPAL.value: "municipal",
        OrganiserType.VOLUNTARY.value: "voluntary",
        OrganiserType.PRIVATE.value: "business",
    }
    return kinds.get(group.organiser_type, group.organiser_type)


def _booking_groups(hub: Hub, bookings: list[Row]) -> list[Group]:
    found: dict[tuple, Group] = {}
    for booking in bookings:
        event, service = booking.event, booking.service
        start, end = _local(booking.start), _local(booking.end)
        if end.date() != start.date():
            continue  # across midnight: not a weekly slot
        common = (booking.space.pk, start.weekday(), start.time(), end.time())
        if booking.series is not None:
            key: tuple = (SERIES, booking.series.pk)
            kind = SERIES
        elif event is not None:
            key, kind = (OCCURRENCE, event.pk, *common), OCCURRENCE
        elif service is not None:
            key, kind = (OFFICE_HOURS, service.pk, *common), OFFICE_HOURS
        else:
            continue  # a single booking is not a regular slot
        group = found.get(key)
        if group is None:
            title = booking.title
            organisation, organiser_type = booking.organisation, booking.organiser_type
            age_group = "all"
            if event is not None:
                title, organisation = event.title, event.organisation
                organiser_type = event.organiser_type
                age_group = {"youth": "youth", "children_families": "children"}.get(
                    event.audience, "all"
                )
            elif service is not None:
                title, organisation = service.name, service.organisation
                organiser_type = OrganiserType.MUNICIPAL
            group = found[key] = Group(
                kind=kind,
                hub=hub,
                space=booking.space,
                weekday=start.weekday(),
                start=start.time(),
                end=end.time(),
                dates=[],
                participants=0,
                organiser_type=organiser_type,
                organisation=organisation,
                title=title,
                booking_kind=booking.kind,
                public=booking.public,
                age_group=age_group,
                since=booking.created,
            )
        group.dates.append(start.date())
        group.participants = max(group.participants, booking.expected_participants)
        group.paid = group.paid or booking.price > 0
        if booking.created and group.since and booking.created < group.since:
            group.since = booking.created
    # Series are regular by what they are; other activity when it meets at least twice.
    return [g for g in found.values() if g.kind == SERIES or len(g.dates) >= 2]


def _slot_groups(hub: Hub, scope: Scope, starts: date) -> list[Group]:
    groups = []
    for allocation in season_slots(hub, starts):
        if not scope.covers_slot(allocation):
            continue
        if allocation.weekday is None or allocation.start_time is None:
            continue
        if allocation.end_time is None or allocation.space is None:
            continue
        application = allocation.application
        season = application.round
        first = max(starts, application.first_date, season.season_start)
        last = min(application.last_date, season.season_end)
        first += timedelta(days=(allocation.weekday - first.weekday()) % 7)
        skipped = set(allocation.skip_dates or [])
        dates = [
            first + timedelta(weeks=i)
            for i in range(max(0, (last - first).days // 7 + 1))
            if (first + timedelta(weeks=i)).isoformat() not in skipped
        ]
        if not dates:
            continue
        organisation = application.organisation
        groups.append(
            Group(
                kind=SEASON_SLOT,
                hub=hub,
                space=allocation.space,
                weekday=allocation.weekday,
                start=allocation.start_time,
                end=allocation.end_time,
                dates=dates,
                participants=application.expected_participants,
                organiser_type=_organiser_type(organisation.kind),
                organisation=organisation,
                title=application.activity,
                paid=application.paid,
                age_group=application.age_group,
                since=application.submitted_at,
                public=not application.private_party,
            )
        )
    return groups


def _organiser_type(kind: str) -> str:
    if kind in (OrganiserType.MUNICIPAL, OrganiserType.VOLUNTARY):
        return kind
    return OrganiserType.PRIVATE


def displaced_groups(
    changes: Sequence[Change],
    taken: Sequence[tuple[Hub, Scope]],
    starts: date,
    rows: Mapping[int, list[Row]] | None = None,
) -> list[Group]:
    """The regular weekly slots the changes displace, each with what it needs. `rows`: each
    hub's bookings from the date when already read (`scope.hub_bookings`)."""
    targets = {
        c.hub.pk: c.target_hub.pk
        for c in changes
        if c.kind == ChangeKind.MERGE and c.target_hub is not None
    }
    groups: list[Group] = []
    for hub, scope in taken:
        mine = rows[hub.pk] if rows is not None and hub.pk in rows else hub_bookings(hub, starts)
        covered = [b for b in mine if scope.covers(b)]
        found = [*_booking_groups(hub, covered), *_slot_groups(hub, scope, starts)]
        module_target = None
        if scope.change == ChangeKind.MOVE_MODULE:
            module_target = next(
                (
                    c.target_hub.pk
                    for c in changes
                    if c.kind == ChangeKind.MOVE_MODULE
                    and c.hub.pk == hub.pk
                    and c.target_hub is not None
                    and getattr(scope, "module", None) == c.module
                ),
                None,
            )
        target = module_target or targets.get(hub.pk)
        for group in found:
            if target is not None:
                group.hubs = frozenset({target})
        groups += found
    if groups:
        spaces = list({g.space.pk: g.space for g in groups}.values())
        for space in spaces:
            space.hub = next(g.hub for g in groups if g.space.pk == space.pk)
        policies = rules.policies_for(spaces)
        for group in groups:
            _needs(group, policies)
    groups.sort(key=lambda g: (g.weekday, g.start, g.hub.name, g.title, g.space.pk))
    return groups


# --- The rooms --------------------------------------------------------------------------------


def _windows(week: Week) -> dict[int, tuple[tuple[time, time], ...]]:
    def at(minutes: int) -> time:
        return time(23, 59, 59) if minutes >= 24 * 60 else time(minutes // 60, minutes % 60)

    merged: dict[int, tuple[tuple[time, time], ...]] = {}
    for day, windows in week.items():
        joined: list[list[int]] = []
        for lo, hi in sorted(windows):
            if joined and lo <= joined[-1][1]:
                joined[-1][1] = max(joined[-1][1], hi)
            else:
                joined.append([lo, hi])
        merged[day] = tuple((at(lo), at(hi)) for lo, hi in joined)
    return merged


def _pool(groups: list[Group], closing: set[int]) -> list[Space]:
    """Rooms for groups at the hubs that stay open, that at least one group could use."""
    known = catalogue()
    wanted_hubs = set().union(*(g.hubs for g in groups)) if all(g.hubs for g in groups) else None
    smallest = min(g.participants for g in groups)
    return [
        space
        for space in known.spaces.values()
        if space.is_active
        and space.bookable
        and space.kind not in NOT_FOR_GROUPS
        and space.hub_id not in closing
        and (wanted_hubs is None or space.hub_id in wanted_hubs)
        and (not space.capacity or space.capacity >= smallest)
    ]


def _infos(pool: list[Space], starts: date, changed: dict[int, HoursScope]) -> dict[int, SpaceInfo]:
    known = catalogue()
    hub_ids = {s.hub_id for s in pool}
    valid = (Q(valid_from__isnull=True) | Q(valid_from__lte=starts)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=starts)
    )
    rows = list(OpeningHoursRule.objects.filter(valid, hub_id__in=hub_ids))
    hub_rows: dict[int, list[OpeningHoursRule]] = defaultdict(list)
    own_rows: dict[int, list[OpeningHoursRule]] = defaultdict(list)
    for rule in rows:
        (own_rows[rule.space_id] if rule.space_id else hub_rows[rule.hub_id]).append(rule)
    infos = {}
    for space in pool:
        policy = known.policies[space.pk]
        scope = changed.get(space.hub_id)
        by_kind: dict[str, Week] = {}
        for kind in KINDS:
            if scope is not None:
                by_kind[kind] = scope.spaces_after.get(space.pk, scope.hub_after).get(kind, {})
                continue
            own = [r for r in own_rows.get(space.pk, []) if r.kind == kind]
            by_kind[kind] = _rule_week(own or hub_rows.get(space.hub_id, []), kind)
        hours = None
        kinds = rules.hours_kinds(policy)
        if scope is not None and kinds:
            # The hub's hours after the change: only those remain bookable.
            week: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for kind in kinds:
                for day, windows in by_kind[kind].items():
                    week[day] += windows
            hours = _windows({d: tuple(w) for d, w in week.items()})
        refuses = {t for t in OrganiserType.values if not policy.may_book(t)}
        if not policy.private_parties_allowed:
            refuses.add(PRIVATE_PARTY)
        infos[space.pk] = SpaceInfo(
            id=space.pk,
            hub_id=space.hub_id,
            capacity=space.capacity,
            units=(*known.hierarchy.leaves(space.pk), -space.pk),
            buffer_before=policy.buffer_before_minutes,
            buffer_after=policy.buffer_after_minutes,
            hours=hours,
            features=frozenset(space.feature_codes),
            step_free=space.step_free and space.hub.step_free_entrance,
            hearing_loop=space.hearing_loop,
            hours_by_kind={kind: _windows(by_kind[kind]) for kind in KINDS},
            refuses=frozenset(refuses),
        )
    return infos


# Per room: the weekly slots (weekday, start, end) some group could take there.
Patterns = dict[int, set[tuple[int, time, time]]]


def _busy(pool: list[Space], lo: date, hi: date, patterns: Patterns) -> list[Busy]:
    """Where each room cannot take a new booking, from the booking engine's availability
    (every room at once, window by window): its busy spans and the time outside its bookable
    hours, as the allocation's busy rows on the room's own key (-id), narrowed by the room's
    buffers (the allocation widens a slot by them again). Only the spans that come near one
    of the room's `patterns` on its weekday are kept: the allocation looks at no other."""
    known = catalogue()
    found: list[Busy] = []
    ids = [s.pk for s in pool]
    cursor = datetime.combine(lo, time(0), tzinfo=OSLO)
    end = datetime.combine(hi + timedelta(days=1), time(0), tzinfo=OSLO)
    days = _Days(lo - timedelta(days=1), hi + timedelta(days=1))
    nears = {
        pk: days.near(
            patterns.get(pk, set()),
            known.policies[pk].buffer_before,
            known.policies[pk].buffer_after,
        )
        for pk in ids
    }
    while ids and cursor < end:
        upto = min(
            end,
            datetime.combine(cursor.date() + timedelta(days=WINDOW_DAYS), time(0), tzinfo=OSLO),
        )
        # In UTC, as the bookings and opening hours come: instants in one time zone compare
        # without asking a zone for its offset (a year of rooms compares them a million times).
        lo_utc, hi_utc = cursor.astimezone(UTC), upto.astimezone(UTC)
        for pk, free in availabilities(ids, lo_utc, hi_utc).items():
            policy = known.policies[pk]
            after, before = policy.buffer_after, policy.buffer_before
            near = nears[pk]
            spans = [(b.start, b.end, "booked") for b in free.busy]
            gap = lo_utc
            for span in free.open:
                if span.start > gap:
                    spans.append((gap, span.start, "closed"))
                gap = max(gap, span.end)
            if gap < hi_utc:
                spans.append((gap, hi_utc, "closed"))
            for s, e, label in spans:
                s, e = s + after, e - before
                if e > s and near(s, e):
                    found.append(Busy(-pk, s, e, label))
        cursor = upto
    return found


class _Days:
    """The local days of a period as instants, to tell quickly whether a busy span comes
    near a weekly slot: a coarse test (an hour to spare either side, for the nights the
    clocks change) that keeps every span the allocation's own exact test could count."""

    SPARE = 3600  # seconds

    def __init__(self, first: date, last: date) -> None:
        self.first = first
        count = (last - first).days + 2
        self.starts = [
            datetime.combine(first + timedelta(days=i), time(0), tzinfo=OSLO).timestamp()
            for i in range(count)
        ]
        self.weekdays = [(first + timedelta(days=i)).weekday() for i in range(count)]

    def near(
        self, patterns: set[tuple[int, time, time]], before: timedelta, after: timedelta
    ) -> Callable[[datetime, datetime], bool]:
        # Per weekday, the slots in seconds from midnight, widened by the buffers and spare.
        widen_lo = before.total_seconds() + self.SPARE
        widen_hi = after.total_seconds() + self.SPARE
        windows: dict[int, list[tuple[float, float]]] = defaultdict(list)
        for weekday, start, end in patterns:
            windows[weekday].append(
                (_minutes(start) * 60 - widen_lo, (_minutes(end) or 24 * 60) * 60 + widen_hi)
            )
        starts, weekdays = self.starts, self.weekdays

        def near(s: datetime, e: datetime) -> bool:
            a, b = s.timestamp(), e.timestamp()
            i = max(0, bisect_right(starts, a) - 2)  # from the day before: spare reaches back
            while i < len(starts) and starts[i] - widen_lo < b:
                midnight = starts[i]
                for lo, hi in windows.get(weekdays[i], ()):
                    if a < midnight + hi and b > midnight + lo:
                        return True
                i += 1
            return False

        return near


# --- The placement ----------------------------------------------------------------------------


def _applicant(number: int, group: Group) -> Applicant:
    books_as = {group.organiser_type}
    if rules.is_private_party(
        organiser_type=group.organiser_type, kind=group.booking_kind, public=group.public
    ):
        books_as.add(PRIVATE_PARTY)
    return Applicant(
        id=number,
        organisation_kind=_organiser_kind(group),
        paid=group.paid,
        age_group=group.age_group,
        participants=group.participants,
        submitted_at=group.since or datetime.combine(group.dates[0], time(0), tzinfo=OSLO),
        first_date=group.dates[0],
        last_date=group.dates[-1],
        wishes=(Slot(group.space.pk, group.weekday, group.start, group.end),),
        other_spaces=True,
        other_hubs=True,
        features=group.features,
        step_free=group.step_free,
        hearing_loop=group.hearing_loop,
        hours_kind=group.hours_kind,
        hubs=group.hubs,
        books_as=frozenset(books_as),
        dates=tuple(group.dates),
    )


def _when(slot: Slot) -> tuple[int, time, time]:
    return slot.weekday, slot.start, slot.end


def _standing(app: Applicant, info: SpaceInfo, slot: Slot) -> str:
    """How far a room gets for a group by its standing facts: the first need it fails, or
    "fits" (then `_free` asks whether it is free)."""
    need = unmet_need(app, info)
    if need is not None:
        return need
    if not within_hours(info, slot, app.hours_kind):
        return "hours"
    return "fits"


def _free(app: Applicant, slot: Slot, board: Board) -> str:
    """ "taken" when bookings take the slot in more than the weeks a group may miss."""
    weeks = len(occurrences(app, slot.weekday))
    if weeks and len(board.clashes(app, slot)) > weeks * (1 - ENOUGH):
        return "taken"
    return "fits"


def room_elsewhere(
    scenario: Scenario,
    changes: Sequence[Change],
    taken: Sequence[tuple[Hub, Scope]],
    rows: Mapping[int, list[Row]] | None = None,
) -> RoomElsewhere:
    starts = scenario.starts
    groups = [g for g in displaced_groups(changes, taken, starts, rows) if g.dates]
    if not groups:
        return RoomElsewhere()
    closing = {c.hub.pk for c in changes if c.closes_hub}
    changed = {hub.pk: scope for hub, scope in taken if isinstance(scope, HoursScope)}
    pool = _pool(groups, closing)
    lo = min(g.dates[0] for g in groups)
    hi = max(g.dates[-1] for g in groups)
    infos = _infos(pool, starts, changed)
    # The groups' own rooms, as the scenario leaves them: a closing hub's have no hours.
    for group in groups:
        if group.space.pk not in infos:
            infos[group.space.pk] = SpaceInfo(
                id=group.space.pk,
                hub_id=group.hub.pk,
                capacity=0,
                units=(-group.space.pk,),
                hours={},
            )
    applicants = {n: _applicant(n, g) for n, g in enumerate(groups, 1)}
    # First what the rooms' standing facts decide (hub, size, rules, features, access, hours
    # of the kind it needs): only the rooms some group could use are asked for their
    # availability, and only at the weekday and time of those groups.
    steps: dict[int, dict[int, str]] = {}
    patterns: Patterns = defaultdict(set)
    for n, app in applicants.items():
        slot = app.wishes[0]
        steps[n] = {}
        for space in pool:
            step = _standing(app, infos[space.pk], Slot(space.pk, *_when(slot)))
            steps[n][space.pk] = step
            if step == "fits":
                patterns[space.pk].add(_when(slot))
    pool = [s for s in pool if s.pk in patterns]
    pool_ids = [s.pk for s in pool]
    # One board for the placement and for the rooms listed as free: clashes found once.
    free_board = Board(infos, _busy(pool, lo, hi, patterns))
    proposal = propose(
        rules=[str(r) for r in DEFAULT_RULES],
        applicants=applicants.values(),
        spaces=infos,
        round_spaces=pool_ids,
        board=free_board,
        no_private_parties=False,
        max_skipped_share=1 - ENOUGH,
    )
    spaces = {s.pk: s for s in pool}
    # The candidates' order, smallest room first, then by hub and name (keys made once).
    order = {
        s.pk: (s.capacity or 10**6, norwegian_sort_key(s.hub.name), norwegian_sort_key(s.name))
        for s in pool
    }
    for n, group in enumerate(groups, 1):
        app = applicants[n]
        slot = app.wishes[0]
        for pk in pool_ids:
            if steps[n][pk] == "fits":
                steps[n][pk] = _free(app, Slot(pk, *_when(slot)), free_board)
        group.candidates = sorted(
            (spaces[pk] for pk, step in steps[n].items() if step == "fits"),
            key=lambda s: order[s.pk],
        )
        decision = proposal.decision(n)
        if decision.slot is not None and decision.slot.space_id in spaces:
            group.placed = spaces[decision.slot.space_id]
            group.skip_dates = list(decision.skip_dates)
            continue
        if group.candidates:
            group.reason = "placed_others"
        else:
            reached = max((STEPS.index(s) for s in steps[n].values()), default=0)
            reason = STEPS[reached] if steps[n] else "hub"
            if reason == "hours" and app.hours_kind == STAFFED:
                reason = "staffed_hours"
            group.reason = reason
    return RoomElsewhere(groups=groups, receiving=_loads(groups, lo, hi), period=(lo, hi))


def _loads(groups: list[Group], lo: date, hi: date) -> list[HubLoad]:
    """The receiving hubs' utilisation over the period (the key figures' own measure), and
    with the placed groups' hours added."""
    placed = [g for g in groups if g.placed is not None]
    hubs = list({g.placed.hub_id: g.placed.hub for g in placed if g.placed}.values())
    if not hubs:
        return []
    measured = utilisation(start=lo, end=hi, hubs=hubs)
    loads = []
    for row in measured.hubs:
        mine = [g for g in placed if g.placed and g.placed.hub_id == row.hub.pk]
        total = row.usage.total
        loads.append(
            HubLoad(
                hub=row.hub,
                open_hours=total.open / 3600,
                booked_hours=total.booked / 3600,
                added_hours=sum(g.hours * len(g.placed_dates) for g in mine),
                groups=len(mine),
            )
        )
    loads.sort(key=lambda h: norwegian_sort_key(h.hub.name))
    return loads
